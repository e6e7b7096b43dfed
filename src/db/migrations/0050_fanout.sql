-- Fan-out: live notification of committed events, unsubscribe keys, failure tracking.

-- Every committed event is announced on 'chorus_events' (NOTIFY is delivered at commit and in
-- commit order; the public seq row lock makes commit order equal seq order). Socket servers
-- in any process LISTEN and load the event by id; see docs/adr/0050-fanout-transport.md.
create function chorus_notify_event() returns trigger language plpgsql as $$
begin
  perform pg_notify('chorus_events',
    json_build_object('id', new.id, 'seq', new.seq, 'type', new.type)::text);
  return null;
end $$;
create trigger events_notify after insert on events
  for each row execute function chorus_notify_event();

alter table subscriptions
  add column unsubscribe_key text,                  -- HMAC key of the one-click unsubscribe link
  add column failing_since timestamptz,
  add column paused_at timestamptz,
  add column deleted_at timestamptz;               -- deleted subscriptions keep their delivery log
create index subscriptions_active_idx on subscriptions (channel) where status = 'active';

create index deliveries_subscription_idx on deliveries (subscription_id, created_at);
create index deliveries_event_idx on deliveries (event_id, channel, status);
create index delivery_attempts_delivery_idx on delivery_attempts (delivery_id, attempted_at);
