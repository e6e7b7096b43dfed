-- The pending-list limit of the library's GIN indexes moves from the indexes to the
-- `gin_pending_list_limit` setting (docs/adr/0245-import-gin-lists-and-folding.md): an index's
-- storage parameter overrides the setting for every session, and changing it takes an
-- ACCESS EXCLUSIVE lock that would stop search, so an import could not raise it for itself.
-- Every session keeps the small list ADR 0150 chose (each lookup scans the list whole); an
-- import raises it for its own transactions (`set local`) and merges the lists when it ends.
alter index rebuttal_search_doc_h_idx reset (gin_pending_list_limit);
alter index rebuttal_search_body_h_idx reset (gin_pending_list_limit);

-- The other GIN indexes (signatures' texts, cases' hashes) keep the limit they had, the
-- server's default of 4 MB, pinned on the index.
do $$
declare
  ix regclass;
begin
  for ix in
    select i.indexrelid::regclass from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_am a on a.oid = c.relam
      join pg_namespace n on n.oid = c.relnamespace
    where a.amname = 'gin' and n.nspname = current_schema()
      and c.relname not in ('rebuttal_search_doc_h_idx', 'rebuttal_search_body_h_idx')
      and not exists (select 1 from unnest(c.reloptions) o where o like 'gin_pending_list_limit=%')
  loop
    execute format('alter index %s set (gin_pending_list_limit = 4096)', ix);
  end loop;
end $$;

do $$
begin
  execute format('alter database %I set gin_pending_list_limit = %L', current_database(), '256kB');
exception when insufficient_privilege then
  raise warning 'gin_pending_list_limit not set for database %: set it to 256kB by hand',
    current_database();
end $$;
