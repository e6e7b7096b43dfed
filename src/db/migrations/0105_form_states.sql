-- What a console form page shows after a refused submission (message, field errors, the values
-- as typed), kept for the one GET that follows the POST's redirect (Post/Redirect/Get), so the
-- address never stays on a POST-only URL. Rows are read once and deleted; stale ones are swept.
create table form_states (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  state jsonb not null,
  created_at timestamptz not null default now()
);
create index form_states_created_idx on form_states (created_at);
