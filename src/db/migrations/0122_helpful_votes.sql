-- "这条解答有帮助吗？": one vote per visitor per rebuttal per day, without login. The visitor is
-- a salted hash of address + user agent + day, so nothing identifies them the next day.
create table helpful_votes (
  rebuttal_id uuid not null references rebuttals (id),
  voter_hash text not null check (voter_hash ~ '^[0-9a-f]{64}$'),
  day date not null,
  helpful boolean not null,
  created_at timestamptz not null default now(),
  primary key (rebuttal_id, voter_hash, day)
);
