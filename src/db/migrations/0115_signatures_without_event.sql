-- Rebuttals loaded from a library (the starter library, `npm run import`) were never published
-- through an event: the system signs them on import, with no event and no seq (ADR 0060).
alter table rebuttal_signatures drop constraint rebuttal_signatures_pkey;
alter table rebuttal_signatures alter column event_id drop not null;
alter table rebuttal_signatures alter column seq drop not null;
alter table rebuttal_signatures add column id bigint generated always as identity primary key;
alter table rebuttal_signatures add constraint rebuttal_signatures_event_key unique (event_id);
alter table rebuttal_signatures add constraint rebuttal_signatures_event_or_import check (
  case when event_id is null then seq is null and event_type = 'rebuttal.imported'
       else seq is not null and event_type <> 'rebuttal.imported' end);
create index rebuttal_signatures_version_idx on rebuttal_signatures (rebuttal_id, version);
