-- The shingle hashes (src/library/shingle-hash.ts, as the search rows) of what intake compares a
-- report with (docs/adr/0195-intake-under-short-locks.md). A report keeps those of its folded
-- text, written by the application with it; a case keeps those of its folded title/description
-- united with those of every report it has held (a trigger adds each report's). Intake asks
-- the GIN index for the open cases sharing a distinctive bigram with the report instead of reading
-- every open case's texts. Null means unknown (rows older than this migration, or a text changed
-- without its hashes): such a case is always read.
alter table reports add column shingle_hashes int4[];
alter table cases add column shingle_hashes int4[];
create index cases_shingle_hashes_idx on cases using gin (shingle_hashes gin__int_ops)
  where shingle_hashes is not null;

-- A text changed without new hashes loses its old ones, so it is never wrongly left out.
create function chorus_text_hashes_stale() returns trigger language plpgsql as $$
begin
  if new.shingle_hashes is not distinct from old.shingle_hashes then
    new.shingle_hashes := null;
  end if;
  return new;
end $$;
create trigger cases_text_hashes_stale before update of match_norm on cases
  for each row when (new.match_norm is distinct from old.match_norm)
  execute function chorus_text_hashes_stale();
create trigger reports_text_hashes_stale before update of text_norm on reports
  for each row when (new.text_norm is distinct from old.text_norm)
  execute function chorus_text_hashes_stale();

-- A case holds the hashes of every report it has held (null when one of them has none).
create function chorus_case_takes_hashes() returns trigger language plpgsql as $$
begin
  update cases set shingle_hashes = shingle_hashes | new.shingle_hashes where id = new.case_id;
  return null;
end $$;
create trigger reports_case_takes_hashes after insert or update of case_id, shingle_hashes, text_norm
  on reports for each row when (new.case_id is not null)
  execute function chorus_case_takes_hashes();
