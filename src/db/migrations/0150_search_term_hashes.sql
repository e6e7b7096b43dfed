-- The search rows keep each set of shingles as a sorted int4 array of their hashes
-- (src/library/shingle-hash.ts) instead of a text array: a quarter of the bytes, compared in C
-- by intarray (`&` intersects two sorted arrays in one pass, `&&` finds rows through GIN), so
-- that weighing a candidate and projecting it on the query reads a few hundred integers rather
-- than unnesting and hashing text. ADR 0150.
create extension if not exists intarray;

-- FNV-1a (32 bits) over the code points, as `shingleHash` computes it in TypeScript; a test
-- checks that both agree. Used here to carry existing rows over, and by tests.
create function chorus_shingle_hash(t text) returns int4
language plpgsql immutable strict parallel safe as $$
declare
  h bigint := 2166136261;
begin
  for i in 1 .. length(t) loop
    h := ((h # ascii(substr(t, i, 1))) * 16777619) & 4294967295;
  end loop;
  return (case when h >= 2147483648 then h - 4294967296 else h end)::int4;
end $$;

create function chorus_shingle_hashes(ts text[]) returns int4[]
language sql immutable strict parallel safe as $$
  select coalesce(array_agg(distinct chorus_shingle_hash(t) order by chorus_shingle_hash(t)), '{}')
  from unnest(ts) t
$$;

alter table rebuttal_search
  add column claim_h int4[], add column doc_h int4[], add column body_h int4[];
update rebuttal_search set claim_h = chorus_shingle_hashes(claim_shingles),
  doc_h = chorus_shingle_hashes(doc_shingles), body_h = chorus_shingle_hashes(body_shingles);
drop index rebuttal_search_doc_idx;
drop index rebuttal_search_body_idx;
alter table rebuttal_search
  drop column claim_shingles, drop column doc_shingles, drop column body_shingles,
  alter column claim_h set not null, alter column doc_h set not null,
  alter column body_h set not null;

-- Rows stay in the heap page up to ~8 kB (a body of ~1,500 distinct bigrams): weighing a
-- candidate by its body then reads no TOAST table.
alter table rebuttal_search set (toast_tuple_target = 8160);
alter table rebuttal_search alter column body_h set storage main;

-- A small pending list: every lookup scans it whole until it is merged (by the inserting
-- statement once full, by VACUUM/autoanalyze, or by the import at its end), so it is kept small
-- while bulk inserts still merge their keys in batches.
create index rebuttal_search_doc_h_idx on rebuttal_search
  using gin (doc_h gin__int_ops) with (gin_pending_list_limit = 256);
create index rebuttal_search_body_h_idx on rebuttal_search
  using gin (body_h gin__int_ops) with (gin_pending_list_limit = 256);
