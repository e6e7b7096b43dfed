-- An inverted index of the bigram shingles (shingle → rebuttals), so that candidate lookup
-- reads only the postings of the query's shingles instead of intersecting arrays row by row.
-- Rows go with their rebuttal_search row (the invalidation trigger cascades here).
create table rebuttal_shingles (
  shingle text not null,
  rebuttal_id uuid not null references rebuttal_search (rebuttal_id) on delete cascade,
  in_doc boolean not null,                  -- in claim/title/summary/tags (else only in body)
  primary key (shingle, rebuttal_id)
);
create index rebuttal_shingles_rebuttal_idx on rebuttal_shingles (rebuttal_id);
