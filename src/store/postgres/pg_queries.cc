// Every statement of the PostgreSQL backend, by name. They mirror the SQLite
// backend's queries (src/store/sqlite/), with PostgreSQL syntax; text ordering
// is byte order (COLLATE "C"), as in SQLite.
#include "store/postgres/extra_queries.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_read.h"
#include "store/postgres/pg_departments.h"
#include "store/postgres/pg_crime.h"
#include "store/postgres/pg_trips.h"
#include "store/postgres/pg_stats.h"
#include "store/postgres/pg_person_index.h"
#include "store/postgres/pg_evidence.h"
#include "store/postgres/pg_journal_search.h"
#include "store/postgres/pg_signin.h"

namespace sabt::store::postgres {
namespace {

#define APPEAL_SELECT                                                                                   \
  "SELECT a.id, a.number, a.series, a.year, a.n, a.department, a.channel, a.category, a.status, "       \
  "a.received_at, a.registered_at, a.registered_by, a.person_id, a.summary, a.verification_code, "      \
  "a.entry_idx, a.assigned_to, a.due_day, a.extended, a.answer, a.closed_at, "                          \
  "trim(coalesce(p.surname,'') || ' ' || coalesce(p.given_name,'') || ' ' || "                          \
  "coalesce(p.patronymic,'')), coalesce(u.display_name, '') "                                           \
  "FROM appeals a LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN users u ON u.id = a.registered_by "

#define USER_SELECT "SELECT id, username, role, department, display_name, password_hash, disabled FROM users "

#define PERSON_SELECT \
  "SELECT id, surname, given_name, patronymic, birth_date, address, phone, id_document, search_key FROM persons "

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kStatements[] = {
    // Transactions.
    {"begin_write_check",
     // On a standby: true, and no lock. On a primary: false, after taking
     // the journal lock that serialises appends across processes.
     "SELECT CASE WHEN pg_is_in_recovery() THEN true "
     "ELSE (SELECT false FROM pg_advisory_xact_lock($1::bigint)) END"},
    {"in_recovery", "SELECT pg_is_in_recovery()"},

    // Reads.
    {"departments",
     "SELECT code, coalesce(parent,''), kind, name_tg, name_ru, name_en, closed_at, successor, close_reason "
     "FROM departments ORDER BY code"},
    {"reference",
     "SELECT list, code, name_tg, name_ru, name_en, extra, position FROM reference_items WHERE list = $1 "
     "ORDER BY position, code"},
    {"user_by_username", USER_SELECT "WHERE username = $1"},
    {"user_by_id", USER_SELECT "WHERE id = $1"},
    {"users", USER_SELECT "ORDER BY department, username"},
    {"session",
     "SELECT token_hash, user_id, csrf, lang, created_ms, expires_ms, last_seen_ms, stage FROM sessions "
     "WHERE token_hash = $1"},
    {"appeal", APPEAL_SELECT "WHERE a.id = $1"},
    {"appeal_by_number", APPEAL_SELECT "WHERE a.number = $1"},
    // The department list is one JSON array parameter, as in the SQLite backend.
    {"appeals_count",
     "SELECT count(*) FROM appeals WHERE department IN (SELECT jsonb_array_elements_text($1::jsonb))"},
    {"appeals_page", APPEAL_SELECT
     "WHERE a.department IN (SELECT jsonb_array_elements_text($1::jsonb)) "
     "ORDER BY a.received_at DESC, a.entry_idx DESC LIMIT $2 OFFSET $3"},
    {"person", PERSON_SELECT "WHERE id = $1"},
    {"person_by_document", PERSON_SELECT "WHERE id_document = $1 ORDER BY id LIMIT 1"},
    {"latest_tree_head", "SELECT size, root, at FROM tree_heads ORDER BY size DESC LIMIT 1"},
    {"tree_heads", "SELECT size, root, at FROM tree_heads ORDER BY size"},
    {"journal_size", "SELECT coalesce(max(idx) + 1, 0) FROM journal"},
    {"last_seq", "SELECT coalesce(max(seq), 0) FROM journal WHERE origin = $1"},
    {"entry", "SELECT idx, origin, seq, kind, subject, at, entry, leaf_hash FROM journal WHERE idx = $1"},
    {"payload", "SELECT idx, salt, body FROM payloads WHERE idx = $1"},
    {"entries_by_subject",
     "SELECT idx, origin, seq, kind, subject, at, entry, leaf_hash FROM journal WHERE subject = $1 ORDER BY idx"},
    // One page of the journal scan: entries with idx >= $1, at most $2 rows.
    {"journal_page",
     "SELECT j.idx, j.origin, j.seq, j.kind, j.subject, j.at, j.entry, j.leaf_hash, "
     "p.idx IS NOT NULL, p.salt, p.body FROM journal j LEFT JOIN payloads p ON p.idx = j.idx "
     "WHERE j.idx >= $1 ORDER BY j.idx LIMIT $2"},
    {"merkle_node", "SELECT hash FROM merkle_nodes WHERE level = $1 AND idx = $2"},
    {"merkle_page",
     "SELECT level, idx, hash FROM merkle_nodes WHERE (level, idx) > ($1::bigint, $2::bigint) "
     "ORDER BY level, idx LIMIT $3"},
    {"series_gaps",
     "SELECT k, missing FROM (SELECT (series || '/' || year) COLLATE \"C\" AS k, n, "
     "lag(n, 1, 0::bigint) OVER (PARTITION BY series, year ORDER BY n) + 1 AS missing FROM "
     "(SELECT series, year, n FROM appeals UNION ALL SELECT series, year, n::bigint FROM crime_records) u) g "
     "WHERE n <> missing ORDER BY k, missing LIMIT 100"},

    {"latest_checkpoint", "SELECT size, root, note, at FROM checkpoints ORDER BY size DESC LIMIT 1"},
    {"checkpoint_at", "SELECT size, root, note, at FROM checkpoints WHERE size = $1"},
    {"checkpoints", "SELECT size, root, note, at FROM checkpoints ORDER BY size"},
    {"witness_state", "SELECT origin, size, root, note, at FROM witness_state WHERE origin = $1"},
    {"witness_states", "SELECT origin, size, root, note, at FROM witness_state ORDER BY origin"},

    // Rows of the projection tables for verify: JSON arrays with the same
    // elements, types and order as the SQLite backend's json_array().
    {"rows_departments",
     "SELECT json_build_array(code, parent, kind, name_tg, name_ru, name_en, closed_at, successor, close_reason)::text "
     "FROM departments "
     "ORDER BY code"},
    {"rows_reference_items",
     "SELECT json_build_array(list || '/' || code, name_tg, name_ru, name_en, extra, position)::text "
     "FROM reference_items ORDER BY list, code"},
    {"rows_users",
     "SELECT json_build_array(id, username, role, department, display_name, password_hash, disabled)::text "
     "FROM users ORDER BY id"},
    {"rows_persons",
     "SELECT json_build_array(id, surname, given_name, patronymic, birth_date, address, phone, id_document, "
     "search_key)::text FROM persons ORDER BY id"},
    {"rows_appeals",
     "SELECT json_build_array(id, number, series, year, n, department, channel, category, status, "
     "received_at, registered_at, registered_by, person_id, summary, verification_code, entry_idx, "
     "assigned_to, due_day, extended, answer, closed_at)::text FROM appeals ORDER BY id"},
    {"rows_series_counters",
     "SELECT json_build_array(series || '/' || year, n)::text FROM series_counters ORDER BY series, year"},

    // Writes.
    {"next_number",
     // The conflicting row stays locked until commit: a concurrent writer
     // waits and then sees the incremented value, so numbers stay gapless.
     "INSERT INTO series_counters(series, year, n) VALUES ($1, $2, 1) "
     "ON CONFLICT (series, year) DO UPDATE SET n = series_counters.n + 1 RETURNING n"},
    {"advance_series",
     "INSERT INTO series_counters(series, year, n) VALUES ($1, $2, $3) "
     "ON CONFLICT (series, year) DO UPDATE SET n = greatest(series_counters.n, excluded.n)"},
    {"append_entry",
     "INSERT INTO journal(idx, origin, seq, kind, subject, at, entry, leaf_hash) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    {"insert_payload", "INSERT INTO payloads(idx, salt, body) VALUES ($1, $2, $3)"},
    {"put_merkle_node", "INSERT INTO merkle_nodes(level, idx, hash) VALUES ($1, $2, $3)"},
    {"put_tree_head", "INSERT INTO tree_heads(size, root, at) VALUES ($1, $2, $3)"},
    // A checkpoint of a known size only gains cosignatures (a new note for
    // the same root); a different root for the same size is ignored.
    {"put_checkpoint",
     "INSERT INTO checkpoints(size, root, note, at) VALUES ($1, $2, $3, $4) "
     "ON CONFLICT (size) DO UPDATE SET note = excluded.note WHERE checkpoints.root = excluded.root"},
    {"put_witness_state",
     "INSERT INTO witness_state(origin, size, root, note, at) VALUES ($1, $2, $3, $4, $5) "
     "ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note, "
     "at = excluded.at"},
    {"erase_payload", "SELECT sabt_erase_payload($1::bigint, $2::bigint)"},
    {"erase_person",
     "UPDATE persons SET surname = '', given_name = '', patronymic = '', birth_date = '', address = '', "
     "phone = '', id_document = '', search_key = '' WHERE id = (SELECT person_id FROM appeals WHERE id = $1)"},
    {"erase_appeal", "UPDATE appeals SET summary = '', verification_code = '', answer = '' WHERE id = $1"},
    {"erase_attachment_names", "UPDATE appeal_attachments SET name = '' WHERE appeal_id = $1"},
    {"upsert_department",
     "INSERT INTO departments(code, parent, kind, name_tg, name_ru, name_en) VALUES ($1, $2, $3, $4, $5, $6) "
     "ON CONFLICT (code) DO UPDATE SET parent = excluded.parent, kind = excluded.kind, "
     "name_tg = excluded.name_tg, name_ru = excluded.name_ru, name_en = excluded.name_en"},
    {"delete_reference", "DELETE FROM reference_items WHERE list = $1"},
    {"insert_reference",
     "INSERT INTO reference_items(list, code, name_tg, name_ru, name_en, extra, position) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    {"upsert_user",
     "INSERT INTO users(id, username, role, department, display_name, password_hash, disabled) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET username = excluded.username, "
     "role = excluded.role, department = excluded.department, display_name = excluded.display_name, "
     "password_hash = excluded.password_hash, disabled = excluded.disabled"},
    {"upsert_person",
     "INSERT INTO persons(id, surname, given_name, patronymic, birth_date, address, phone, id_document, "
     "search_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET "
     "surname = excluded.surname, given_name = excluded.given_name, patronymic = excluded.patronymic, "
     "birth_date = excluded.birth_date, address = excluded.address, phone = excluded.phone, "
     "id_document = excluded.id_document, search_key = excluded.search_key"},
    {"insert_appeal",
     "INSERT INTO appeals(id, number, series, year, n, department, channel, category, status, received_at, "
     "registered_at, registered_by, person_id, summary, verification_code, entry_idx, due_day) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"},
    {"update_appeal_life",
     "UPDATE appeals SET status = $1, assigned_to = $2, due_day = $3, extended = $4, answer = $5, closed_at = $6 "
     "WHERE id = $7"},
    // Children before parents (foreign keys).
    {"clear_appeals", "DELETE FROM appeals"},
    {"clear_persons", "DELETE FROM persons"},
    {"clear_series_counters", "DELETE FROM series_counters"},
    {"clear_sessions", "DELETE FROM sessions"},
    {"clear_users", "DELETE FROM users"},
    {"clear_reference_items", "DELETE FROM reference_items"},
    {"clear_departments", "DELETE FROM departments"},
    {"clear_sync_records", "DELETE FROM sync_records"},

    // Sync (docs/sync-protocol.md).
    {"entry_by_origin_seq",
     "SELECT idx, origin, seq, kind, subject, at, entry, leaf_hash FROM journal WHERE origin = $1 AND seq = $2"},
    {"sync_record", "SELECT value FROM sync_records WHERE kind = $1 AND key = $2"},
    {"sync_records", "SELECT key, value FROM sync_records WHERE kind = $1 ORDER BY key"},
    {"local_state", "SELECT value FROM sync_local WHERE key = $1"},
    {"put_sync_record",
     "INSERT INTO sync_records(kind, key, value) VALUES ($1, $2, $3) "
     "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value"},
    {"put_local_state",
     "INSERT INTO sync_local(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
    {"rows_sync_records",
     "SELECT json_build_array(kind || '/' || key, value)::text FROM sync_records ORDER BY kind, key"},
    {"insert_session",
     "INSERT INTO sessions(token_hash, user_id, csrf, lang, created_ms, expires_ms, last_seen_ms, stage) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
     "ON CONFLICT (token_hash) DO UPDATE SET lang = excluded.lang, expires_ms = excluded.expires_ms, "
     "last_seen_ms = excluded.last_seen_ms, stage = excluded.stage"},
    {"delete_session", "DELETE FROM sessions WHERE token_hash = $1"},
    {"delete_expired_sessions", "DELETE FROM sessions WHERE expires_ms < $1"},
};

}  // namespace

void PrepareAll(pqxx::connection& c) {
  for (const auto& s : kStatements) c.prepare(s.name, s.sql);
  PrepareSubmissionStatements(c);
  extra::Prepare(c);
  PrepareCrime(c);
  PrepareTrips(c);
  PrepareVideo(c);  // video link (docs/video.md)
  PrepareVerify(c);  // fast verify (issue 19)
  PreparePublicStatus(c);  // public status look-up
  PrepareDepartmentClose(c);  // closing a department (deptclose)
  PrepareStats(c);  // statistics (issue 15)
  PrepareProgramme(c);  // reform programme and equipment (issue 17)
  PreparePersonIndex(c);  // persons and search (issue 16)
  PrepareEvidence(c);
  PrepareSignin(c);  // sign-in protection (issue 13 item 7)
  PrepareJournalSearch(c);  // auditor's journal viewer (issue 14)
}

}  // namespace sabt::store::postgres
