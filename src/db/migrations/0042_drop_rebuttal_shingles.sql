-- The postings table of 0041 was filled on every derivation (one row per distinct bigram,
-- inside the publishing transaction) but never read: candidates come from the in-memory
-- shingle index (src/library/shingle-index.ts). Drop it until a library outgrows memory.
drop table rebuttal_shingles;
