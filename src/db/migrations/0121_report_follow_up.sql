-- Answers back to the reporter (docs/adr/0121-reporter-follow-up.md): a short tracking code per
-- report, and the email of a reporter who asked to be told, kept apart from the report.
alter table reports add column tracking_code text unique
  check (tracking_code ~ '^[0-9A-HJKMNP-TV-Z]{8}$');

-- Staff-only: never read by a public page or API answer. Emptied when they unsubscribe.
create table report_followers (
  report_id uuid primary key references reports (id),
  email text,
  unsubscribe_key text not null,
  consented_at timestamptz not null,
  unsubscribed_at timestamptz,
  check ((email is null) = (unsubscribed_at is not null))
);

-- One email per reporter per public event (the task is safe to run twice).
create table report_notices (
  report_id uuid not null references reports (id),
  event_id uuid not null references events (id),
  sent_at timestamptz not null default now(),
  primary key (report_id, event_id)
);
