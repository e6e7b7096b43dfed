-- The candidate lookup budgets its rows by Postgres's statistics of the search rows' bigrams
-- (term-stats.ts): a bigram absent from most_common_elems counts as rarer than every listed one.
-- With the default target (100: about 1,000 listed bigrams) that tail is guessed low at 100,000
-- rebuttals, and the lookup reads many more rows than its budget. A target of 1,000 lists
-- about 10,000 bigrams per column.
alter table rebuttal_search alter column doc_h set statistics 1000;
alter table rebuttal_search alter column body_h set statistics 1000;
