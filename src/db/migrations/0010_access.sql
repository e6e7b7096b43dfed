-- Failed sign-ins counted in the database, per account and per address, so that a restart or a
-- second API node does not reset the limit. key: 'account:<lower email>' or 'address:<ip>'.
create table login_failures (
  key text primary key,
  count int not null default 0,
  window_started_at timestamptz not null default now()
);

-- Filters of listAuditEntries.
create index audit_log_occurred_idx on audit_log (occurred_at);
create index audit_log_actor_idx on audit_log (actor_id);
create index audit_log_action_idx on audit_log (action);
create index audit_log_object_idx on audit_log (object_type, object_id);

-- Append-only in normal operation: the application never updates or deletes audit rows. The hash
-- chain still detects what someone with enough privilege does around this guard.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op;
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create index api_tokens_organisation_idx on api_tokens (organisation_id);
