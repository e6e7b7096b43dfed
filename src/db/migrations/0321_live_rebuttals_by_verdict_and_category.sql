-- The public library listed by verdict or by category (the API's browse, the category pages)
-- counts the list's rows for its pager: with only rebuttals_live_idx, that count read every live
-- rebuttal's row, ≈ 75 ms at 100,000; with these, an index-only count of ≈ 2 ms (ADR 0321).
-- Partial like rebuttals_live_idx, ordered as the list is.
create index rebuttals_live_verdict_idx on rebuttals (verdict, published_at desc, id)
  where status = 'live' and not drill;
create index rebuttals_live_category_idx on rebuttals (category, published_at desc, id)
  where status = 'live' and not drill;
