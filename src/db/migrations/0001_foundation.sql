-- Extensions Chorus relies on: trigram similarity (fallback search), gen_random_uuid is core.
create extension if not exists pg_trgm;

-- Process-wide counters that must be gap-free (e.g. the public event seq).
create table counters (
  name text primary key,
  value bigint not null default 0
);
