-- Which transaction last changed what intake compares a report with (docs/adr/0195-intake-under-short-locks.md):
-- a case's folded text, state or drill flag, a report's case or folded text. Intake scores the
-- open cases before taking the intake lock, then, holding it, rescores only the cases changed by
-- transactions its first reading could not see (pg_visible_in_snapshot), so the lock is held for
-- a few rows instead of every open case's texts.
alter table cases add column intake_xid xid8;
alter table reports add column intake_xid xid8;
create index cases_intake_xid_idx on cases (intake_xid);
create index reports_intake_xid_idx on reports (intake_xid);

create function chorus_intake_touch() returns trigger language plpgsql as $$
begin
  new.intake_xid := pg_current_xact_id();
  return new;
end $$;

create trigger cases_intake_touch before insert or update of match_norm, status, drill on cases
  for each row execute function chorus_intake_touch();
create trigger reports_intake_touch before insert or update of case_id, text_norm on reports
  for each row execute function chorus_intake_touch();

-- A report leaving a case (a merge) changes the texts of the case it left too.
create function chorus_intake_report_left() returns trigger language plpgsql as $$
begin
  update cases set intake_xid = pg_current_xact_id() where id = old.case_id;
  return null;
end $$;
create trigger reports_intake_left after update of case_id on reports
  for each row when (old.case_id is not null and old.case_id is distinct from new.case_id)
  execute function chorus_intake_report_left();
