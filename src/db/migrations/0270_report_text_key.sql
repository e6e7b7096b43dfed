-- A report whose folded text is the same as one already in an open case (the emergency pattern:
-- many reporters forward the same message) is found by its text's digest, newest first, instead
-- of counting every candidate case's latest reports against it
-- (docs/adr/0270-intake-attaches-an-exact-repeat-without-reading-the-open-cases.md).
create index reports_text_norm_md5_idx on reports (md5(text_norm), created_at desc)
  where case_id is not null;
