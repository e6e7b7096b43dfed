-- Emergency topics (应急专题, docs/adr/0120-emergency-topics.md): one typhoon, outbreak or scare
-- gathering its cases and rebuttals. Kinds and states come from src/vocabulary/topic-kinds.ts.
create table topics (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  name text not null check (char_length(name) between 1 and 60),
  kind text not null check (kind in
    ('typhoon', 'flood', 'earthquake', 'outbreak', 'food-safety', 'other')),
  summary text not null default '',
  regions text[] not null check (cardinality(regions) between 1 and 50),
  categories text[] not null default '{}',          -- empty: every category
  starts_at timestamptz not null,
  ends_at timestamptz,
  drill boolean not null default false,
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by uuid references users (id),
  closed_by uuid references users (id),
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at is null or ends_at > starts_at)
);
create index topics_open_idx on topics (starts_at desc) where status = 'open';

-- attached_by null: attached automatically when the case opened in the topic's region.
create table topic_cases (
  topic_id uuid not null references topics (id) on delete cascade,
  case_id uuid not null references cases (id),
  attached_by uuid references users (id),
  attached_at timestamptz not null default now(),
  primary key (topic_id, case_id)
);
create index topic_cases_case_idx on topic_cases (case_id);

-- Rebuttals attached directly (imported ones, or one answer that serves several topics); the
-- rebuttals of attached cases belong to the topic without a row here.
create table topic_rebuttals (
  topic_id uuid not null references topics (id) on delete cascade,
  rebuttal_id uuid not null references rebuttals (id),
  attached_by uuid references users (id),
  attached_at timestamptz not null default now(),
  primary key (topic_id, rebuttal_id)
);
create index topic_rebuttals_rebuttal_idx on topic_rebuttals (rebuttal_id);
