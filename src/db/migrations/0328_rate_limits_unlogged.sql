-- Rate-limit counters leave the write-ahead log (ADR 0328). Every public search, page and report
-- counts a hit here in a transaction of its own; logged, each of those commits waited for a WAL
-- flush (synchronous_commit, compose's default), the only flush a public search waited for. A
-- crash or a failover empties an unlogged table: every caller's window then starts afresh, which
-- a limiter may do. The table is still one for every API node (it lives on the primary).
alter table chorus_rate_limits set unlogged;
