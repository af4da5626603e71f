-- Erasure of an attachment's bytes (docs/journal-format.md §4.2,
-- docs/security.md "Erasure and least privilege").
--
-- The application role has SELECT and INSERT on attachments, never DELETE.
-- sabt_erase_attachment(), owned by the owner role, deletes the bytes of
-- `sha` only when entry `erased_by` is a payload.erased entry, already in the
-- journal, whose target is an appeal.attachment_added entry naming `sha`, and
-- no row of appeal_attachments (the projection, which that erasure has just
-- updated) still names it: bytes shared with an attachment that is not
-- erased stay.

CREATE FUNCTION sabt_erase_attachment(sha TEXT, erased_by BIGINT) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  erasure JSONB;
  target JSONB;
  target_kind TEXT;
BEGIN
  SELECT convert_from(entry, 'UTF8')::jsonb INTO erasure
    FROM public.journal WHERE idx = erased_by AND kind = 'payload.erased';
  IF NOT FOUND OR (erasure -> 'data' ->> 'sha256') IS DISTINCT FROM sha
     OR (erasure -> 'data' ->> 'target_kind') IS DISTINCT FROM 'appeal.attachment_added' THEN
    RAISE EXCEPTION 'entry % does not erase an attachment with these bytes', erased_by;
  END IF;
  SELECT kind, convert_from(entry, 'UTF8')::jsonb INTO target_kind, target
    FROM public.journal WHERE idx = (erasure -> 'data' ->> 'target')::bigint;
  IF NOT FOUND OR target_kind <> 'appeal.attachment_added' OR (target -> 'data' ->> 'sha256') IS DISTINCT FROM sha
     OR (erasure -> 'data' ->> 'target')::bigint >= erased_by THEN
    RAISE EXCEPTION 'entry % names a target that is not an attachment of these bytes', erased_by;
  END IF;
  DELETE FROM public.attachments WHERE attachments.sha256 = sha
    AND NOT EXISTS (SELECT 1 FROM public.appeal_attachments a WHERE a.sha256 = sha);
END
$$;
REVOKE ALL ON FUNCTION sabt_erase_attachment(TEXT, BIGINT) FROM PUBLIC;

-- Only the application role may call it. The migration runner calls every
-- function named sabt_grant_app_<capability>(app_role) after sabt_grant_app().
CREATE FUNCTION sabt_grant_app_evidence(app_role TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('GRANT EXECUTE ON FUNCTION sabt_erase_attachment(TEXT, BIGINT) TO %I', app_role);
END
$$;
REVOKE ALL ON FUNCTION sabt_grant_app_evidence(TEXT) FROM PUBLIC;
