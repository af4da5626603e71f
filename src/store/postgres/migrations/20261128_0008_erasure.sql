-- Erasure of a payload (docs/journal-format.md "payload.erased",
-- docs/security.md "Erasure on PostgreSQL").
--
-- The application role has SELECT and INSERT on payloads, never DELETE or
-- UPDATE. The only way to remove a payload row is sabt_erase_payload(), a
-- SECURITY DEFINER function owned by the owner role that runs this
-- migration. It deletes the payload of entry `target` only when the journal
-- already holds entry `erased_by`, a `payload.erased` entry whose data names
-- that target and its kind. The writer appends that entry and then calls the
-- function in the same transaction, so the erasure and its record commit or
-- roll back together, and no payload can disappear without a journal entry
-- that says who erased it and why.
--
-- A trigger also refuses UPDATE, DELETE and TRUNCATE on payloads from every
-- role, the owner included, except the DELETE the function itself performs.

CREATE FUNCTION payloads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.idx::text = current_setting('sabt.erasing', true) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'payloads are removed only by an erasure (sabt_erase_payload)';
END
$$;
CREATE TRIGGER payloads_no_update BEFORE UPDATE OR DELETE ON payloads
  FOR EACH ROW EXECUTE FUNCTION payloads_guard();
CREATE TRIGGER payloads_no_truncate BEFORE TRUNCATE ON payloads
  FOR EACH STATEMENT EXECUTE FUNCTION payloads_guard();

CREATE FUNCTION sabt_erase_payload(target BIGINT, erased_by BIGINT) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
-- A fixed search path: the caller cannot slip in objects of its own.
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  erasure_kind TEXT;
  erasure JSONB;
  target_kind TEXT;
  removed BIGINT;
BEGIN
  SELECT kind, convert_from(entry, 'UTF8')::jsonb INTO erasure_kind, erasure
    FROM public.journal WHERE idx = erased_by;
  IF NOT FOUND OR erasure_kind <> 'payload.erased' THEN
    RAISE EXCEPTION 'entry % is not a payload.erased entry', erased_by;
  END IF;
  IF erased_by <= target OR (erasure -> 'data' ->> 'target') IS DISTINCT FROM target::text THEN
    RAISE EXCEPTION 'entry % does not erase entry %', erased_by, target;
  END IF;
  SELECT kind INTO target_kind FROM public.journal WHERE idx = target;
  IF NOT FOUND OR target_kind IS DISTINCT FROM (erasure -> 'data' ->> 'target_kind') THEN
    RAISE EXCEPTION 'entry % names kind % for entry %, which is %', erased_by,
      erasure -> 'data' ->> 'target_kind', target, coalesce(target_kind, 'missing');
  END IF;
  PERFORM set_config('sabt.erasing', target::text, true);
  DELETE FROM public.payloads WHERE idx = target;
  GET DIAGNOSTICS removed = ROW_COUNT;
  PERFORM set_config('sabt.erasing', '', true);
  IF removed <> 1 THEN
    RAISE EXCEPTION 'entry % has no payload', target;
  END IF;
END
$$;
-- Functions are executable by PUBLIC by default: only the application role
-- (granted by sabt_grant_app(), migration 0009) may call this one.
REVOKE ALL ON FUNCTION sabt_erase_payload(BIGINT, BIGINT) FROM PUBLIC;

