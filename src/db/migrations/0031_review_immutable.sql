-- Revisions are immutable (only their review status moves) and decisions are kept as made:
-- the database refuses any other change, whoever sends it.
create function revisions_immutable() returns trigger language plpgsql as $$
begin
  if (new.id, new.case_id, new.number, new.base_revision_id, new.author_id, new.kind, new.claim,
      new.verdict, new.title, new.summary, new.body_md, new.body_html, new.sources,
      new.co_signer_org_ids, new.tags, new.created_at)
     is distinct from
     (old.id, old.case_id, old.number, old.base_revision_id, old.author_id, old.kind, old.claim,
      old.verdict, old.title, old.summary, old.body_md, old.body_html, old.sources,
      old.co_signer_org_ids, old.tags, old.created_at) then
    raise exception 'revisions are immutable: write a new revision instead'
      using errcode = 'check_violation';
  end if;
  return new;
end $$;

create trigger revisions_immutable before update on revisions
  for each row execute function revisions_immutable();

create function review_decisions_kept() returns trigger language plpgsql as $$
begin
  raise exception 'review decisions are kept as made' using errcode = 'check_violation';
end $$;

create trigger review_decisions_kept before update or delete on review_decisions
  for each row execute function review_decisions_kept();
