-- The search rows no longer keep the folded claim/title/summary text (`doc_norm`, migration 0040):
-- nothing has read it since the rows became hashes (0150), and at ≈ 420 bytes of a ≈ 1.5 kB row it
-- made each GIN lookup's bitmap heap scan read a heap larger than shared_buffers (ADR 0280).
-- Dropping a column rewrites nothing: rows written before keep their bytes until they are
-- derived again (`npm run reindex` derives every row) and vacuumed.
alter table rebuttal_search drop column doc_norm;
