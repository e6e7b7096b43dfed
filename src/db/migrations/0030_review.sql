-- Review chains: how a round runs (sequential or fast-track parallel), whether it updates a
-- live rebuttal, and scheduled release (embargo) of an approved round.
alter table review_rounds
  add column mode text not null default 'sequential' check (mode in ('sequential', 'parallel')),
  add column is_update boolean not null default false,
  add column submitted_by uuid references users (id),
  add column release_at timestamptz,
  add column released_at timestamptz;

create index review_rounds_open_idx on review_rounds (status) where status = 'open';
create index revisions_case_idx on revisions (case_id, number desc);
create index review_decisions_round_idx on review_decisions (round_id);

-- One rebuttal per case: the publishing transaction creates it once and updates it after.
create unique index rebuttals_case_key on rebuttals (case_id) where case_id is not null;

-- A reviewer decides once per round, whichever step they decide at.
create unique index review_decisions_one_per_reviewer on review_decisions (round_id, reviewer_id);
