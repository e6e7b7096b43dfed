-- Request limits shared by every API node (docs/adr/0080-deployment.md): the table layout
-- rate-limiter-flexible's RateLimiterPostgres expects, made here so nodes never race to create it.
-- key = '<limit name>:<caller key>'; expire is a Unix time in milliseconds; expired rows are
-- deleted by the limiter an hour after they expire.
create table chorus_rate_limits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
create index chorus_rate_limits_expire_idx on chorus_rate_limits (expire);
