-- The shingle hashes (src/library/shingle-hash.ts, as the search rows) of what intake compares a
-- report with: a case's folded title/description and each report's folded text, written by the
-- application with the text (docs/adr/0195-intake-under-short-locks.md). Intake asks the GIN
-- index for the texts sharing a distinctive bigram with the report instead of reading every open
-- case's texts; rows without hashes (older rows, or a text changed without them) are always read.
alter table cases add column shingle_hashes int4[];
alter table reports add column shingle_hashes int4[];
create index cases_shingle_hashes_idx on cases using gin (shingle_hashes gin__int_ops)
  where shingle_hashes is not null;
create index reports_shingle_hashes_idx on reports using gin (shingle_hashes gin__int_ops)
  where case_id is not null;
create index reports_unhashed_idx on reports (case_id)
  where shingle_hashes is null and case_id is not null;

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
