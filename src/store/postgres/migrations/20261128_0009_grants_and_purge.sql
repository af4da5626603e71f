-- Final privileges of the application role, and erasure by a field node's
-- purge (docs/sync-protocol.md "Purge", docs/security.md "Erasure").
--
-- The single definition of sabt_grant_app(), which the node runs as the
-- owner after all migrations. Append-only tables (the journal, its
-- payloads, Merkle nodes, tree heads and the content-addressed attachment
-- bytes): SELECT and INSERT only. Checkpoints and witness state: no DELETE.
-- Every other table (projections, sessions, sync state): full DML.

CREATE OR REPLACE FUNCTION sabt_grant_app(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t TEXT;
BEGIN
  EXECUTE format('REVOKE ALL ON journal, payloads, merkle_nodes, tree_heads, attachments FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT ON journal, payloads, merkle_nodes, tree_heads, attachments TO %I', app_role);
  EXECUTE format('REVOKE ALL ON checkpoints, witness_state FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON checkpoints, witness_state TO %I', app_role);
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
             AND tablename NOT IN ('journal', 'payloads', 'merkle_nodes', 'tree_heads', 'attachments',
                                   'checkpoints', 'witness_state', 'schema_migrations') LOOP
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t, app_role);
  END LOOP;
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION sabt_erase_payload(BIGINT, BIGINT) TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app(TEXT) FROM PUBLIC;

-- sabt_erase_payload(target, erased_by) now also accepts, as erased_by, a
-- `sync.purged` entry of the same origin whose data.targets lists the
-- target's seq (a field node forgetting what its parent acknowledged).
CREATE OR REPLACE FUNCTION sabt_erase_payload(target BIGINT, erased_by BIGINT) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  erasure_kind TEXT;
  erasure_origin TEXT;
  erasure JSONB;
  target_kind TEXT;
  target_origin TEXT;
  target_seq BIGINT;
  removed BIGINT;
BEGIN
  SELECT kind, origin, convert_from(entry, 'UTF8')::jsonb INTO erasure_kind, erasure_origin, erasure
    FROM public.journal WHERE idx = erased_by;
  IF NOT FOUND OR erasure_kind NOT IN ('payload.erased', 'sync.purged') THEN
    RAISE EXCEPTION 'entry % is not a payload.erased or sync.purged entry', erased_by;
  END IF;
  SELECT kind, origin, seq INTO target_kind, target_origin, target_seq FROM public.journal WHERE idx = target;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'entry % does not exist', target;
  END IF;
  IF erased_by <= target THEN
    RAISE EXCEPTION 'entry % does not erase entry %', erased_by, target;
  END IF;
  IF erasure_kind = 'payload.erased' THEN
    IF (erasure -> 'data' ->> 'target') IS DISTINCT FROM target::text THEN
      RAISE EXCEPTION 'entry % does not erase entry %', erased_by, target;
    END IF;
    IF target_kind IS DISTINCT FROM (erasure -> 'data' ->> 'target_kind') THEN
      RAISE EXCEPTION 'entry % names kind % for entry %, which is %', erased_by,
        erasure -> 'data' ->> 'target_kind', target, target_kind;
    END IF;
  ELSE
    IF target_origin IS DISTINCT FROM erasure_origin OR NOT EXISTS (
         SELECT 1 FROM jsonb_array_elements_text(coalesce(erasure -> 'data' -> 'targets', '[]'::jsonb)) AS x(s)
          WHERE x.s = target_seq::text) THEN
      RAISE EXCEPTION 'entry % does not purge entry %', erased_by, target;
    END IF;
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
REVOKE ALL ON FUNCTION sabt_erase_payload(BIGINT, BIGINT) FROM PUBLIC;
