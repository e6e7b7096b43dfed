-- The least weight of the texts a case has held (docs/adr/0290-intake-matches-on-postgres-reads-fewer-cases-and-limits-on-the-app-pool.md):
-- a report keeps the weight of its compared text (`textWeight`, src/cases/similarity.ts, written
-- by the application with its hashes and share); a case keeps the least weight of its own text
-- (Infinity when it has none to compare) and of every report it has held. A text's score is at
-- most the weight it shares with the query over the lighter of the two, so no text of a case can
-- reach the attach line unless the case's texts together share the line times the lighter of the
-- query and that least weight: intake's reading leaves out the other cases. Null means unknown
-- (older rows, a text changed without its weight): the bound is then the one of 0215.
alter table reports add column weight double precision;
alter table cases add column least_weight double precision;

create or replace function chorus_case_takes_hashes() returns trigger language plpgsql as $$
begin
  update cases set shingle_hashes = shingle_hashes | new.shingle_hashes,
    common_share = case when common_share is null or new.common_share is null then null
                        else greatest(common_share, new.common_share) end,
    least_weight = case when least_weight is null or new.weight is null then null
                        else least(least_weight, new.weight) end
  where id = new.case_id;
  return null;
end $$;
drop trigger reports_case_takes_hashes on reports;
create trigger reports_case_takes_hashes
  after insert or update of case_id, shingle_hashes, text_norm, common_share, weight
  on reports for each row when (new.case_id is not null)
  execute function chorus_case_takes_hashes();

-- A text changed without new hashes loses its share and its weight: the application writes all
-- three with a text or none.
create or replace function chorus_text_share_stale() returns trigger language plpgsql as $$
begin
  if new.shingle_hashes is null then
    new.common_share := null;
    new.weight := null;
  end if;
  return new;
end $$;
