-- New live rebuttals are marked pending for search (0080) by one statement per insert
-- statement instead of a PL/pgSQL call and an insert per row: an import's batch of 5,000 rows
-- made 5,000 nested inserts (docs/adr/0245-import-gin-lists-and-folding.md). Same rows marked:
-- a row just inserted has no pending mark to remove, so the per-row trigger's other branch
-- never did anything on insert. Updates keep the per-row trigger (it compares old and new).
create function rebuttal_search_pending_add() returns trigger language plpgsql as $$
begin
  insert into rebuttal_search_pending (rebuttal_id)
  select id from added where status = 'live' and not drill
  on conflict do nothing;
  return null;
end $$;

drop trigger rebuttals_search_pending_insert on rebuttals;
create trigger rebuttals_search_pending_insert
  after insert on rebuttals referencing new table as added
  for each statement execute function rebuttal_search_pending_add();
