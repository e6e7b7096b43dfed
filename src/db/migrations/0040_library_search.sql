-- The Postgres candidate source for library search and report matching: each live rebuttal's
-- folded text (Traditional→Simplified, NFKC, lower case) and its character-bigram shingles,
-- derived in TypeScript (opencc) by the index task or the publisher (src/library/derive.ts).
create table rebuttal_search (
  rebuttal_id uuid primary key references rebuttals (id) on delete cascade,
  claim_shingles text[] not null,
  doc_shingles text[] not null,              -- claim, title, summary, tags
  body_shingles text[] not null,
  doc_norm text not null,
  derived_at timestamptz not null default now()
);
create index rebuttal_search_doc_idx on rebuttal_search using gin (doc_shingles);
create index rebuttal_search_body_idx on rebuttal_search using gin (body_shingles);

-- A text change makes the derivation stale: drop it, so that matching derives the row on the
-- fly until the index task (or the publisher) writes it again. Nobody has to remember to.
create function rebuttal_search_invalidate() returns trigger language plpgsql as $$
begin
  delete from rebuttal_search where rebuttal_id = new.id;
  return new;
end $$;

create trigger rebuttals_search_invalidate
  after update of claim, title, summary, body_md, tags on rebuttals
  for each row
  when (old.claim is distinct from new.claim or old.title is distinct from new.title
        or old.summary is distinct from new.summary or old.body_md is distinct from new.body_md
        or old.tags is distinct from new.tags)
  execute function rebuttal_search_invalidate();

create index rebuttals_live_idx on rebuttals (published_at desc) where status = 'live' and not drill;

