-- Each worker process says it is alive. /readyz reads it when workers run in other processes,
-- and the sweep frees jobs locked by graphile-worker ids whose process stopped beating (a
-- SIGKILL, a lost node) instead of waiting for graphile-worker's four hours.
create table chorus_worker_heartbeats (
  process_id text primary key,
  worker_ids text[] not null,
  host text not null,
  pid integer not null,
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
create index chorus_worker_heartbeats_seen on chorus_worker_heartbeats (seen_at);
