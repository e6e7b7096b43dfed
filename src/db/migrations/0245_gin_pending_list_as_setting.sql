-- The pending-list limit of the library's GIN indexes moves from the indexes to the
-- `gin_pending_list_limit` setting (docs/adr/0245-import-within-two-seconds-of-cpu.md): an index's
-- storage parameter overrides the setting for every session, and changing it takes an
-- ACCESS EXCLUSIVE lock that would stop search, so an import could not raise it for itself.
-- Every session keeps the small list ADR 0150 chose (each lookup scans the list whole); an
-- import raises it for its own transactions (`set local`) and merges the list when it ends.
alter index rebuttal_search_doc_h_idx reset (gin_pending_list_limit);
alter index rebuttal_search_body_h_idx reset (gin_pending_list_limit);

do $$
begin
  execute format('alter database %I set gin_pending_list_limit = %L', current_database(), '256kB');
exception when insufficient_privilege then
  raise warning 'gin_pending_list_limit not set for database %: set it to 256kB by hand',
    current_database();
end $$;
