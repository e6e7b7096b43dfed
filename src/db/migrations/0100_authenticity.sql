-- Authentic voice (docs/adr/0060-authentic-voice.md): the public keys of every signing key this
-- deployment ever used, and one signed message per public rebuttal event.

-- Public keys only: the private key lives in a file or a secret, never in the database.
create table signing_keys (
  kid text primary key check (kid ~ '^[0-9a-f]{16}$'),   -- first 16 hex of sha256(raw public key)
  alg text not null default 'Ed25519' check (alg = 'Ed25519'),
  public_key text not null unique,                       -- raw 32 bytes, base64url
  created_at timestamptz not null default now(),
  retired_at timestamptz                                 -- signs nothing new; still verifies
);
create unique index signing_keys_one_active_idx on signing_keys ((true)) where retired_at is null;

create table rebuttal_signatures (
  event_id uuid primary key references events (id),
  rebuttal_id uuid not null references rebuttals (id),
  version int not null,
  seq bigint not null,
  event_type text not null,
  retracted boolean not null,
  drill boolean not null,
  kid text not null references signing_keys (kid),
  payload text not null,                                 -- the signed bytes: RFC 8785 JSON, UTF-8
  signature text not null unique,                        -- Ed25519 over payload, base64url
  code text not null unique check (code ~ '^[0-9A-HJKMNP-TV-Z]{8}$'),
  body_text text not null,                               -- the body as a reader sees it
  text_hashes text[] not null,                           -- sha256 of each normalised text unit
  created_at timestamptz not null default now()
);
create index rebuttal_signatures_rebuttal_idx on rebuttal_signatures (rebuttal_id, seq);
create index rebuttal_signatures_text_idx on rebuttal_signatures using gin (text_hashes);

-- A signed message is a fact about the past: it is never changed or removed.
create function rebuttal_signatures_kept() returns trigger language plpgsql as $$
begin
  raise exception 'signed messages are kept as signed' using errcode = 'check_violation';
end $$;

create trigger rebuttal_signatures_kept before update or delete on rebuttal_signatures
  for each row execute function rebuttal_signatures_kept();
