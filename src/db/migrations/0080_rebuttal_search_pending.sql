-- Live rebuttals whose search rows are not derived yet (just written, or their text changed and
-- 0040's trigger dropped the rows). Search reads this short list and derives those few on the
-- fly, so a rebuttal is findable from the moment it commits, before the index task runs, with
-- no process holding the library. Kept by triggers, so no writer has to remember it.
create table rebuttal_search_pending (
  rebuttal_id uuid primary key references rebuttals (id) on delete cascade,
  since timestamptz not null default now()
);

insert into rebuttal_search_pending (rebuttal_id)
select r.id from rebuttals r
where r.status = 'live' and not r.drill
  and not exists (select 1 from rebuttal_search s where s.rebuttal_id = r.id);

create function rebuttal_search_pending_mark() returns trigger language plpgsql as $$
begin
  if new.status = 'live' and not new.drill then
    insert into rebuttal_search_pending (rebuttal_id) values (new.id) on conflict do nothing;
  else
    delete from rebuttal_search_pending where rebuttal_id = new.id;
  end if;
  return new;
end $$;

create trigger rebuttals_search_pending_insert
  after insert on rebuttals
  for each row execute function rebuttal_search_pending_mark();

create trigger rebuttals_search_pending_update
  after update of claim, title, summary, body_md, tags, status, drill on rebuttals
  for each row
  when (old.claim is distinct from new.claim or old.title is distinct from new.title
        or old.summary is distinct from new.summary or old.body_md is distinct from new.body_md
        or old.tags is distinct from new.tags or old.status is distinct from new.status
        or old.drill is distinct from new.drill)
  execute function rebuttal_search_pending_mark();

create function rebuttal_search_pending_clear() returns trigger language plpgsql as $$
begin
  delete from rebuttal_search_pending p using derived d where p.rebuttal_id = d.rebuttal_id;
  return null;
end $$;

create trigger rebuttal_search_derived_insert
  after insert on rebuttal_search referencing new table as derived
  for each statement execute function rebuttal_search_pending_clear();

create trigger rebuttal_search_derived_update
  after update on rebuttal_search referencing new table as derived
  for each statement execute function rebuttal_search_pending_clear();
