-- Intake and cases: what matching, deadlines, escalation and metrics need beyond 0002.

-- Folded text (src/text/normalize.ts) kept beside the original, so that matching a new report
-- against open cases never re-folds every stored report.
alter table reports add column text_norm text not null default '';
create index reports_created_idx on reports (created_at);
create index reports_rebuttal_idx on reports (rebuttal_id) where rebuttal_id is not null;

alter table cases
  add column match_norm text not null default '',        -- folded title + description
  add column triage_due_at timestamptz,                  -- stage target: opened → triaged
  add column first_draft_due_at timestamptz,             -- stage target: triaged → first draft
  add column review_due_at timestamptz,                  -- stage target: submitted for review
  -- Bumped by every (re-)triage: deadline jobs carry it and ignore themselves when it moved on.
  add column deadline_version int not null default 0,
  add column escalated_at timestamptz,
  add column escalation_reason text,
  add column close_note text not null default '',
  add column closed_by uuid references users (id);

alter table cases add constraint cases_close_reason_check check (
  close_reason is null or close_reason in ('duplicate', 'rejected', 'out_of_scope', 'answered'));

create index cases_status_idx on cases (status, created_at);

-- One row per alert that fired: makes the deadline task idempotent under at-least-once delivery.
create table case_deadline_alerts (
  case_id uuid not null references cases (id) on delete cascade,
  stage text not null check (stage in ('triage', 'first_draft', 'review', 'response')),
  kind text not null check (kind in ('warning', 'missed')),
  version int not null,
  event_id uuid references events (id),
  fired_at timestamptz not null default now(),
  primary key (case_id, stage, kind, version)
);
