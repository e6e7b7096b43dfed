-- Carry the whole event in its NOTIFY when it fits (payloads are limited to 8000 bytes), so a
-- socket server broadcasts without reading the event back; larger events still send the id.
create or replace function chorus_notify_event() returns trigger language plpgsql as $$
declare
  full_payload text := json_build_object('id', new.id, 'seq', new.seq, 'type', new.type,
    'occurredAt', new.occurred_at, 'data', new.data)::text;
begin
  if octet_length(full_payload) < 7900 then
    perform pg_notify('chorus_events', full_payload);
  else
    perform pg_notify('chorus_events',
      json_build_object('id', new.id, 'seq', new.seq, 'type', new.type)::text);
  end if;
  return null;
end $$;
