-- How much of a text is the usual rumour wording (docs/adr/0215-intake-attaches-without-the-lock.md):
-- a report keeps the weighted share of common bigrams in its compared text (`commonShare`,
-- src/cases/similarity.ts, written by the application with the text); a case keeps the highest
-- share of any report it has held. A text that shares no distinctive bigram with a report can
-- reach the attach line only if it is mostly common bigrams itself, or if the report is: intake
-- reads the other cases only in that second case, instead of every open case whenever the
-- report holds many common bigrams. Null means unknown (older rows, a text changed without its
-- share): such a case is always read.
alter table reports add column common_share real;
alter table cases add column common_share real;
-- No default: a case inserted without its share (its own text's, written by insertCase) is
-- unknown and always read.

create or replace function chorus_case_takes_hashes() returns trigger language plpgsql as $$
begin
  update cases set shingle_hashes = shingle_hashes | new.shingle_hashes,
    common_share = case when common_share is null or new.common_share is null then null
                        else greatest(common_share, new.common_share) end
  where id = new.case_id;
  return null;
end $$;
drop trigger reports_case_takes_hashes on reports;
create trigger reports_case_takes_hashes
  after insert or update of case_id, shingle_hashes, text_norm, common_share
  on reports for each row when (new.case_id is not null)
  execute function chorus_case_takes_hashes();

-- A text changed without new hashes (reports_text_hashes_stale, which runs first by name) loses
-- its share too: the application writes both with a text or neither.
create function chorus_text_share_stale() returns trigger language plpgsql as $$
begin
  if new.shingle_hashes is null then
    new.common_share := null;
  end if;
  return new;
end $$;
create trigger reports_text_zz_share_stale before update of text_norm on reports
  for each row when (new.text_norm is distinct from old.text_norm)
  execute function chorus_text_share_stale();
