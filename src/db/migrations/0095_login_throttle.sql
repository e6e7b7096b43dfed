-- Failed sign-ins throttle by the time of the last failure (ADR 0010): keep it per key.
alter table login_failures add column last_failed_at timestamptz;
update login_failures set last_failed_at = window_started_at;
