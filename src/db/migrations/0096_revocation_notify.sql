-- Every socket server LISTENs for revocations and disconnects the sockets that used the
-- credential (ADR 0050): a revoked session or API token, or a deactivated person.
create or replace function chorus_notify_revocation() returns trigger language plpgsql as $$
begin
  perform pg_notify('chorus_revocations', json_build_object(
    'kind', case tg_table_name when 'sessions' then 'session'
                               when 'api_tokens' then 'api_token' else 'user' end,
    'id', new.id)::text);
  return null;
end $$;

create trigger sessions_revoked_notify after update of revoked_at on sessions
  for each row when (old.revoked_at is null and new.revoked_at is not null)
  execute function chorus_notify_revocation();

create trigger api_tokens_revoked_notify after update of revoked_at on api_tokens
  for each row when (old.revoked_at is null and new.revoked_at is not null)
  execute function chorus_notify_revocation();

create trigger users_deactivated_notify after update of active on users
  for each row when (old.active and not new.active)
  execute function chorus_notify_revocation();
