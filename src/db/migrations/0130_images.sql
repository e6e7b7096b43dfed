-- Images (docs/adr/0070-image-intake.md): cached share cards per rebuttal version, and the
-- private store of images sent with public reports.

-- A card is derived data: a new version, a retraction or a new signature makes a new key.
create table share_cards (
  rebuttal_id uuid not null references rebuttals (id) on delete cascade,
  card_key text not null,                  -- version:status:signature code
  png bytea not null,
  rendered_ms int not null,
  created_at timestamptz not null default now(),
  primary key (rebuttal_id, card_key)
);

-- Staff-only: the image as re-encoded on intake (EXIF and other metadata stripped).
create table report_images (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null unique references reports (id) on delete cascade,
  mime text not null check (mime in ('image/png', 'image/jpeg', 'image/webp')),
  width int not null check (width > 0),
  height int not null check (height > 0),
  bytes bytea not null,
  byte_size int not null check (byte_size > 0),
  sha256 text not null,
  ocr_status text not null default 'pending' check (ocr_status in ('pending', 'done', 'failed')),
  recognised_text text,
  ocr_ms int,
  created_at timestamptz not null default now()
);
