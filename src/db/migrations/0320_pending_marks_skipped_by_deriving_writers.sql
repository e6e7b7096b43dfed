-- A writer that derives the search rows of every rebuttal it writes in the same transaction (the
-- import's batches) says so with `set_config('chorus.derives_search', 'on', true)`, and its rows
-- are not marked pending: each mark was deleted again before the commit, leaving one dead row per
-- imported rebuttal, which every search's pending lookup scanned until vacuum came (ADR 0320).
create or replace function rebuttal_search_pending_mark() returns trigger language plpgsql as $$
begin
  if current_setting('chorus.derives_search', true) = 'on' then
    return new;
  end if;
  if new.status = 'live' and not new.drill then
    insert into rebuttal_search_pending (rebuttal_id) values (new.id) on conflict do nothing;
  else
    delete from rebuttal_search_pending where rebuttal_id = new.id;
  end if;
  return new;
end $$;
