-- The audit chain appended in one round trip (docs/adr/0195-intake-under-short-locks.md): the
-- chain lock, the previous hash and the insert run in one call, so the lock waits for one
-- statement and the commit instead of three round trips. The caller passes the entry's canonical
-- JSON (src/audit/hash.ts); the hash is sha256(prev_hash || '\n' || canonical) as before, so
-- verification (src/audit/verify.ts) is unchanged. The lock key is lockAuditChain's.
create function chorus_append_audit(
  p_occurred_at timestamptz, p_actor_type text, p_actor_id uuid, p_actor_label text,
  p_action text, p_object_type text, p_object_id text, p_ip text, p_request_id text,
  p_data jsonb, p_canonical text
) returns bigint language plpgsql volatile as $$
declare
  prev text;
  new_id bigint;
begin
  perform pg_advisory_xact_lock(72042021);
  -- A statement of its own after the lock: in READ COMMITTED it sees the last holder's entry.
  select hash into prev from audit_log order by id desc limit 1;
  prev := coalesce(prev, repeat('0', 64));
  insert into audit_log (occurred_at, actor_type, actor_id, actor_label, action, object_type,
                         object_id, ip, request_id, data, prev_hash, hash)
  values (p_occurred_at, p_actor_type, p_actor_id, p_actor_label, p_action, p_object_type,
          p_object_id, p_ip, p_request_id, p_data, prev,
          encode(sha256(convert_to(prev || E'\n' || p_canonical, 'UTF8')), 'hex'))
  returning id into new_id;
  return new_id;
end $$;
