-- Effect figures (docs/adr/0180-effect-figures.md): what has no row of its own is counted per
-- hour here; reports and helpful votes are counted from their own rows. Written by each API
-- node's in-memory accumulator, one upsert every few seconds; drill rebuttals are never counted.
create table rebuttal_hourly (
  rebuttal_id uuid not null references rebuttals (id) on delete cascade,
  hour timestamptz not null,
  views int not null default 0 check (views >= 0),          -- /r/{slug} shown to the public
  search_hits int not null default 0 check (search_hits >= 0),   -- a search's confident top hit
  search_clicks int not null default 0 check (search_clicks >= 0), -- /r/{slug}?from=search
  primary key (rebuttal_id, hour)
);

-- Public searches without a confident answer, per folded query and hour; a case's missed
-- searches are those whose query resembles the case (or that a coordinator opened it from).
create table search_miss_hourly (
  query_norm text not null,
  hour timestamptz not null,
  count int not null check (count > 0),
  primary key (query_norm, hour)
);
create index search_miss_hourly_hour_idx on search_miss_hourly (hour);

