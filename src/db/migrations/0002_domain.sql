-- The shared domain model. Areas extend it in their own later migrations.

-- Reference data, loaded from content/ at start.
create table regions (
  code text primary key check (code ~ '^\d{6}$'),   -- GB/T 2260
  name text not null,
  parent_code text references regions (code),
  level text not null check (level in ('province', 'prefecture', 'county'))
);

create table categories (
  slug text primary key check (slug ~ '^[a-z][a-z0-9-]*$'),
  name text not null,
  position int not null default 0
);

-- Organisations and people.
create table organisations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null,
  kind text not null check (kind in
    ('government', 'academic_society', 'medical', 'research', 'media', 'coordinator')),
  region_code text not null references regions (code),
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  organisation_id uuid not null references organisations (id),
  roles text[] not null default '{}'
    check (roles <@ array['admin', 'coordinator', 'expert', 'reviewer', 'media']),
  expertise text[] not null default '{}',          -- category slugs
  password_hash text,                               -- null: cannot sign in with a password
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));
create index users_organisation_idx on users (organisation_id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,                  -- sha256 of the bearer token, hex
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  created_by uuid references users (id),
  name text not null,
  token_hash text not null unique,                  -- sha256 of the token, hex
  scopes text[] not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Append-only, hash-chained audit trail.
create table audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'token', 'public', 'system')),
  actor_id uuid,
  actor_label text not null default '',
  action text not null,
  object_type text,
  object_id text,
  ip text,
  request_id text,
  data jsonb not null default '{}',
  prev_hash text not null,
  hash text not null unique
);

-- Cases: one rumour (or proactive topic) being answered.
create table cases (
  id uuid primary key default gen_random_uuid(),
  number int generated always as identity unique,
  origin text not null check (origin in ('report', 'proactive', 'search_miss')),
  status text not null default 'new'
    check (status in ('new', 'triaged', 'drafting', 'in_review', 'published', 'closed')),
  title text not null,
  description text not null default '',
  category text references categories (slug),
  urgency smallint check (urgency between 1 and 4),
  region_code text references regions (code),
  lead_expert_id uuid references users (id),
  drill boolean not null default false,
  deadline_at timestamptz,
  report_count int not null default 0,
  last_report_at timestamptz,
  merged_into uuid references cases (id),
  close_reason text,
  closed_at timestamptz,
  triaged_at timestamptz,
  first_draft_at timestamptz,
  published_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cases_open_deadline_idx on cases (deadline_at) where status <> 'closed';

create table case_assignments (
  case_id uuid not null references cases (id) on delete cascade,
  user_id uuid not null references users (id),
  role text not null check (role in ('lead', 'contributor')),
  assigned_by uuid references users (id),
  assigned_at timestamptz not null default now(),
  primary key (case_id, user_id)
);
create index case_assignments_user_idx on case_assignments (user_id);

-- Revisions (immutable drafts) and their review.
create table revisions (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  number int not null,
  base_revision_id uuid references revisions (id),
  author_id uuid not null references users (id),
  kind text not null check (kind in ('rebuttal', 'explainer', 'guidance')),
  claim text,
  verdict text check (verdict in ('false', 'misleading', 'unproven', 'true')),
  title text not null,
  summary text not null check (char_length(summary) <= 140),
  body_md text not null,
  body_html text not null,
  sources jsonb not null default '[]',              -- [{ title, url }]
  co_signer_org_ids uuid[] not null default '{}',
  tags text[] not null default '{}',
  status text not null default 'draft' check (status in
    ('draft', 'in_review', 'changes_requested', 'approved', 'rejected', 'superseded')),
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  unique (case_id, number)
);

-- One run of a review chain for a submitted revision; steps are a snapshot of the policy.
create table review_rounds (
  id uuid primary key default gen_random_uuid(),
  revision_id uuid not null references revisions (id),
  policy_id text not null,
  steps jsonb not null,
  status text not null default 'open'
    check (status in ('open', 'approved', 'changes_requested', 'rejected', 'superseded')),
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create unique index review_rounds_one_open_idx on review_rounds (revision_id) where status = 'open';

create table review_decisions (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references review_rounds (id),
  revision_id uuid not null references revisions (id),
  step_index int not null,
  reviewer_id uuid not null references users (id),
  organisation_id uuid not null references organisations (id),
  decision text not null check (decision in ('approve', 'request_changes', 'reject')),
  comment text not null default '',
  created_at timestamptz not null default now(),
  unique (round_id, step_index, reviewer_id)
);

-- The published library.
create table rebuttals (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  external_id text unique,
  case_id uuid references cases (id),
  revision_id uuid references revisions (id),
  kind text not null default 'rebuttal' check (kind in ('rebuttal', 'explainer', 'guidance')),
  claim text,
  verdict text check (verdict in ('false', 'misleading', 'unproven', 'true')),
  title text not null,
  summary text not null,
  body_md text not null,
  body_html text not null,
  sources jsonb not null default '[]',
  tags text[] not null default '{}',
  category text references categories (slug),
  regions text[] not null default '{460000}',
  urgency smallint check (urgency between 1 and 4),
  co_signer_org_ids uuid[] not null default '{}',
  status text not null default 'live' check (status in ('live', 'retracted')),
  drill boolean not null default false,
  imported boolean not null default false,
  version int not null default 1,
  report_count int not null default 0,
  published_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  retracted_at timestamptz,
  retraction_reason text
);
create index rebuttals_published_idx on rebuttals (published_at desc);

create table rebuttal_versions (
  rebuttal_id uuid not null references rebuttals (id),
  version int not null,
  revision_id uuid references revisions (id),
  title text not null,
  summary text not null,
  verdict text,
  body_html text not null,
  published_at timestamptz not null default now(),
  note text not null default '',
  primary key (rebuttal_id, version)
);

create table reports (
  id uuid primary key default gen_random_uuid(),
  case_id uuid references cases (id),
  rebuttal_id uuid references rebuttals (id),
  text text not null,
  source_url text,
  platform text,
  region_code text references regions (code),
  contact text,                                     -- confidential
  outcome text not null check (outcome in ('matched', 'attached', 'opened')),
  match_score real,
  ip_hash text,
  created_at timestamptz not null default now()
);
create index reports_case_idx on reports (case_id, created_at);

-- Events: one envelope { id, type, seq, occurredAt, data } for every channel.
-- seq is gap-free over public events (taken from counters 'public_event_seq' in the
-- publishing transaction); staff events have no seq.
create table events (
  id uuid primary key default gen_random_uuid(),
  seq bigint unique,
  type text not null,
  occurred_at timestamptz not null default now(),
  rebuttal_id uuid references rebuttals (id),
  case_id uuid references cases (id),
  drill boolean not null default false,
  data jsonb not null
);
create index events_type_idx on events (type, occurred_at);
insert into counters (name, value) values ('public_event_seq', 0);

-- Fan-out.
create table subscriptions (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  channel text not null check (channel in ('webhook', 'email')),
  target text not null,
  filters jsonb not null default '{}',              -- { categories[], regions[], minUrgency, eventTypes[] }
  secret text,                                      -- webhook signing secret (needed to sign)
  previous_secret text,
  previous_secret_expires_at timestamptz,
  status text not null default 'active' check (status in ('active', 'paused', 'disabled')),
  status_reason text,
  consecutive_failures int not null default 0,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table deliveries (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references events (id),
  subscription_id uuid not null references subscriptions (id),
  channel text not null,
  status text not null default 'pending'
    check (status in ('pending', 'retrying', 'delivered', 'failed', 'dead')),
  attempts int not null default 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  last_status text,
  last_error text,
  created_at timestamptz not null default now(),
  unique (event_id, subscription_id)
);

create table delivery_attempts (
  id bigint generated always as identity primary key,
  delivery_id uuid not null references deliveries (id),
  attempted_at timestamptz not null default now(),
  duration_ms int not null,
  status_code int,
  response text,
  error text
);

-- Public searches that found nothing: an early warning of unanswered rumours.
create table search_misses (
  query_norm text primary key,
  sample text not null,
  count int not null default 1,
  first_at timestamptz not null default now(),
  last_at timestamptz not null default now(),
  case_id uuid references cases (id)
);
