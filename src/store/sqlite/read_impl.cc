#include "store/sqlite/read_impl.h"

#include <cstring>
#include <nlohmann/json.hpp>

namespace sabt::store::sqlite {

Hash ColumnHash(const SQLite::Column& c) {
  Hash h{};
  if (c.getBytes() == static_cast<int>(h.size())) std::memcpy(h.data(), c.getBlob(), h.size());
  return h;
}

std::string ColumnBlob(const SQLite::Column& c) {
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes()));
}

namespace {

UserRow ReadUser(SQLite::Statement& q) {
  UserRow u;
  u.id = q.getColumn(0).getString();
  u.username = q.getColumn(1).getString();
  u.role = q.getColumn(2).getString();
  u.department = q.getColumn(3).getString();
  u.display_name = q.getColumn(4).getString();
  u.password_hash = q.getColumn(5).getString();
  u.disabled = q.getColumn(6).getInt() != 0;
  return u;
}
constexpr const char* kUserCols = "id, username, role, department, display_name, password_hash, disabled";

PersonRow ReadPerson(SQLite::Statement& q) {
  PersonRow p;
  p.id = q.getColumn(0).getString();
  p.surname = q.getColumn(1).getString();
  p.given_name = q.getColumn(2).getString();
  p.patronymic = q.getColumn(3).getString();
  p.birth_date = q.getColumn(4).getString();
  p.address = q.getColumn(5).getString();
  p.phone = q.getColumn(6).getString();
  p.id_document = q.getColumn(7).getString();
  p.search_key = q.getColumn(8).getString();
  return p;
}

#define APPEAL_SELECT                                                                                   \
  "SELECT a.id, a.number, a.series, a.year, a.n, a.department, a.channel, a.category, a.status, "       \
  "a.received_at, a.registered_at, a.registered_by, a.person_id, a.summary, a.verification_code, "      \
  "a.entry_idx, a.assigned_to, a.due_day, a.extended, a.answer, a.closed_at, trim(coalesce(p.surname,'') || ' ' || coalesce(p.given_name,'') || ' ' || "             \
  "coalesce(p.patronymic,'')), coalesce(u.display_name, '') "                                           \
  "FROM appeals a LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN users u ON u.id = a.registered_by "

AppealRow ReadAppeal(SQLite::Statement& q) {
  AppealRow a;
  a.id = q.getColumn(0).getString();
  a.number = q.getColumn(1).getString();
  a.series = q.getColumn(2).getString();
  a.year = q.getColumn(3).getInt();
  a.n = q.getColumn(4).getInt64();
  a.department = q.getColumn(5).getString();
  a.channel = q.getColumn(6).getString();
  a.category = q.getColumn(7).getString();
  a.status = q.getColumn(8).getString();
  a.received_at = q.getColumn(9).getString();
  a.registered_at = q.getColumn(10).getString();
  a.registered_by = q.getColumn(11).getString();
  a.person_id = q.getColumn(12).getString();
  a.summary = q.getColumn(13).getString();
  a.verification_code = q.getColumn(14).getString();
  a.entry_idx = q.getColumn(15).getInt64();
  a.assigned_to = q.getColumn(16).getString();
  a.due_day = q.getColumn(17).getInt64();
  a.extended = q.getColumn(18).getInt64();
  a.answer = q.getColumn(19).getString();
  a.closed_at = q.getColumn(20).getString();
  a.applicant_name = q.getColumn(21).getString();
  a.officer_name = q.getColumn(22).getString();
  return a;
}

EntryRow ReadEntry(SQLite::Statement& q) {
  EntryRow e;
  e.idx = q.getColumn(0).getInt64();
  e.origin = q.getColumn(1).getString();
  e.seq = q.getColumn(2).getInt64();
  e.kind = q.getColumn(3).getString();
  e.subject = q.getColumn(4).getString();
  e.at = q.getColumn(5).getString();
  e.entry = ColumnBlob(q.getColumn(6));
  e.leaf_hash = ColumnHash(q.getColumn(7));
  return e;
}

// Table → (columns, key columns) for verify's row comparison. Only tables
// listed here can be dumped: the name never comes from user input.
struct TableSpec {
  const char* name;
  const char* sql;
};
const TableSpec kTables[] = {
    {"departments", "SELECT json_array(code, parent, kind, name_tg, name_ru, name_en, closed_at, successor, close_reason) "
     "FROM departments ORDER BY code"},
    {"reference_items",
     "SELECT json_array(list || '/' || code, name_tg, name_ru, name_en, extra, position) FROM reference_items "
     "ORDER BY list, code"},
    {"users",
     "SELECT json_array(id, username, role, department, display_name, password_hash, disabled) FROM users "
     "ORDER BY id"},
    {"persons",
     "SELECT json_array(id, surname, given_name, patronymic, birth_date, address, phone, id_document, "
     "search_key) FROM persons ORDER BY id"},
    {"appeals",
     "SELECT json_array(id, number, series, year, n, department, channel, category, status, received_at, "
     "registered_at, registered_by, person_id, summary, verification_code, entry_idx, assigned_to, due_day, extended, "
     "answer, closed_at) FROM appeals ORDER BY id"},
    {"series_counters",
     "SELECT json_array(series || '/' || year, n) FROM series_counters ORDER BY series, year"},
    {"submissions",
     "SELECT json_array(id, reference, department, category, status, received_at, entry_idx, surname, given_name, "
     "patronymic, birth_date, address, phone, id_document, summary, decided_at, decided_by, appeal_id, "
     "appeal_number, reason, ground, keyword_flag, citizen_crime_signs, accept_due, check_code, annulled) "
     "FROM submissions ORDER BY id"},
    {"appeal_flags",
     "SELECT json_array(appeal_id, crime_signs, keyword_flag, refer_due, referred_at) FROM appeal_flags "
     "ORDER BY appeal_id"},
    {"appeal_attachments",
     "SELECT json_array(appeal_id || '/' || entry_idx, sha256, name, mime, size, added_at) FROM appeal_attachments "
     "ORDER BY appeal_id, entry_idx"},
    {"classifier_articles",
     "SELECT json_array(version || '/' || article || '/' || part, severity, title_tg, title_ru, title_en, sample) "
     "FROM classifier_articles ORDER BY version, article, part"},
    {"crime_records",
     "SELECT json_array(id, kind, number, series, year, n, department, status, due_day, target, appeal_id, "
     "person_id, flags, entry_idx, doc) FROM crime_records ORDER BY id"},
    {"sync_records", "SELECT json_array(kind || '/' || key, value) FROM sync_records ORDER BY kind, key"},
    {"programme_records",
     "SELECT json_array(kind || '/' || id, value) FROM programme_records ORDER BY kind, id"},
    {"trips",
     "SELECT json_array(id, unit, started_at, started_by, note, ended_at, ended_by) FROM trips ORDER BY id"},
    {"trip_stops",
     "SELECT json_array(id, trip_id, unit, place, district, lat, lon, started_at, ended_at) FROM trip_stops "
     "ORDER BY id"},
    {"trip_appeals", "SELECT json_array(appeal_id, trip_id, stop_id) FROM trip_appeals ORDER BY appeal_id"},
    // Video link (docs/video.md §5).
    {"video_meetings",
     "SELECT json_array(id, kind, title, unit, organiser, starts_at, profile, room, invited_users, "
     "invited_departments, link_kind, link_id, scheduled_at, started_at, ended_at, ended_by, recorded) FROM video_meetings "
     "ORDER BY id"},
    {"video_attendance",
     "SELECT json_array(meeting_id || '/' || participant, user_id, joined_at, left_at, seconds) "
     "FROM video_attendance ORDER BY meeting_id, participant"},
    // Statistics counters (issue 15).
    {"stat_days", "SELECT json_array(name || '/' || department || '/' || day, value) FROM stat_days "
                  "ORDER BY name, department, day"},
    {"stat_months", "SELECT json_array(name || '/' || department || '/' || month, value) FROM stat_months "
                    "ORDER BY name, department, month"},
    // Persons and search (issue 16).
    {"person_masters", "SELECT json_array(person_id, master_id) FROM person_masters ORDER BY person_id"},
    {"person_keys", "SELECT json_array(key, person_id) FROM person_keys ORDER BY key, person_id"},
    {"person_refs",
     "SELECT json_array(person_id, kind, record_id, number, department, role, at) FROM person_refs "
     "ORDER BY person_id, kind, record_id, role"},
    {"person_merges",
     "SELECT json_array(entry_idx, into_master, from_master, persons, undone_idx) FROM person_merges "
     "ORDER BY entry_idx"},
    {"record_texts",
     "SELECT json_array(record_id, kind, number, department, at, body) FROM record_texts ORDER BY record_id"},
};

}  // namespace

template <typename B>
Result<std::vector<domain::Department>> ReadImpl<B>::Departments() {
  return Guard("departments", [&]() -> Result<std::vector<domain::Department>> {
    auto& q = conn_->Prep("SELECT code, coalesce(parent,''), kind, name_tg, name_ru, name_en, closed_at, successor, close_reason "
        "FROM departments");
    std::vector<domain::Department> out;
    while (q.executeStep()) {
      domain::Department d;
      d.code = q.getColumn(0).getString();
      d.parent = q.getColumn(1).getString();
      d.kind = domain::ParseDepartmentKind(q.getColumn(2).getString()).value_or(domain::DepartmentKind::kDistrict);
      d.name_tg = q.getColumn(3).getString();
      d.name_ru = q.getColumn(4).getString();
      d.name_en = q.getColumn(5).getString();
      d.closed_at_ms = q.getColumn(6).getInt64();
      d.successor = q.getColumn(7).getString();
      d.close_reason = q.getColumn(8).getString();
      out.push_back(std::move(d));
    }
    return out;
  });
}

template <typename B>
Result<std::vector<ReferenceItem>> ReadImpl<B>::Reference(std::string_view list) {
  return Guard("reference", [&]() -> Result<std::vector<ReferenceItem>> {
    auto& q = conn_->Prep(
        "SELECT list, code, name_tg, name_ru, name_en, extra, position FROM reference_items WHERE list = ? "
        "ORDER BY position, code");
    q.bind(1, std::string(list));
    std::vector<ReferenceItem> out;
    while (q.executeStep()) {
      ReferenceItem r;
      r.list = q.getColumn(0).getString();
      r.code = q.getColumn(1).getString();
      r.name_tg = q.getColumn(2).getString();
      r.name_ru = q.getColumn(3).getString();
      r.name_en = q.getColumn(4).getString();
      r.extra = q.getColumn(5).getString();
      r.position = q.getColumn(6).getInt();
      out.push_back(std::move(r));
    }
    return out;
  });
}

template <typename B>
Result<std::optional<UserRow>> ReadImpl<B>::UserByUsername(std::string_view username) {
  return Guard("user", [&]() -> Result<std::optional<UserRow>> {
    static const std::string sql = std::string("SELECT ") + kUserCols + " FROM users WHERE username = ?";
    auto& q = conn_->Prep(sql.c_str());
    q.bind(1, std::string(username));
    if (!q.executeStep()) return std::optional<UserRow>();
    return std::optional<UserRow>(ReadUser(q));
  });
}

template <typename B>
Result<std::optional<UserRow>> ReadImpl<B>::UserById(std::string_view id) {
  return Guard("user", [&]() -> Result<std::optional<UserRow>> {
    static const std::string sql = std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?";
    auto& q = conn_->Prep(sql.c_str());
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<UserRow>();
    return std::optional<UserRow>(ReadUser(q));
  });
}

template <typename B>
Result<std::vector<UserRow>> ReadImpl<B>::Users() {
  return Guard("users", [&]() -> Result<std::vector<UserRow>> {
    static const std::string sql = std::string("SELECT ") + kUserCols + " FROM users ORDER BY department, username";
    auto& q = conn_->Prep(sql.c_str());
    std::vector<UserRow> out;
    while (q.executeStep()) out.push_back(ReadUser(q));
    return out;
  });
}

template <typename B>
Result<std::optional<SessionRow>> ReadImpl<B>::Session(std::string_view token_hash) {
  return Guard("session", [&]() -> Result<std::optional<SessionRow>> {
    auto& q = conn_->Prep(
        "SELECT token_hash, user_id, csrf, lang, created_ms, expires_ms, last_seen_ms, stage FROM sessions "
        "WHERE token_hash = ?");
    q.bind(1, std::string(token_hash));
    if (!q.executeStep()) return std::optional<SessionRow>();
    SessionRow s;
    s.token_hash = q.getColumn(0).getString();
    s.user_id = q.getColumn(1).getString();
    s.csrf = q.getColumn(2).getString();
    s.lang = q.getColumn(3).getString();
    s.created_ms = q.getColumn(4).getInt64();
    s.expires_ms = q.getColumn(5).getInt64();
    s.last_seen_ms = q.getColumn(6).getInt64();
    s.stage = q.getColumn(7).getString();
    return std::optional<SessionRow>(s);
  });
}

template <typename B>
Result<std::optional<AppealRow>> ReadImpl<B>::Appeal(std::string_view id) {
  return Guard("appeal", [&]() -> Result<std::optional<AppealRow>> {
    auto& q = conn_->Prep(APPEAL_SELECT "WHERE a.id = ?");
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<AppealRow>();
    return std::optional<AppealRow>(ReadAppeal(q));
  });
}

template <typename B>
Result<AppealPage> ReadImpl<B>::Appeals(const std::vector<std::string>& departments, int64_t offset,
                                        int64_t limit) {
  return Guard("appeals", [&]() -> Result<AppealPage> {
    // The department list is passed as one JSON array parameter, so the
    // statement stays prepared and nothing is spliced into SQL.
    std::string depts = nlohmann::json(departments).dump();
    AppealPage page;
    auto& c = conn_->Prep("SELECT count(*) FROM appeals WHERE department IN (SELECT value FROM json_each(?))");
    c.bind(1, depts);
    if (c.executeStep()) page.total = c.getColumn(0).getInt64();
    auto& q = conn_->Prep(APPEAL_SELECT
                          "WHERE a.department IN (SELECT value FROM json_each(?)) "
                          "ORDER BY a.received_at DESC, a.entry_idx DESC LIMIT ? OFFSET ?");
    q.bind(1, depts);
    q.bind(2, limit);
    q.bind(3, offset);
    while (q.executeStep()) page.rows.push_back(ReadAppeal(q));
    return page;
  });
}

template <typename B>
Result<std::optional<PersonRow>> ReadImpl<B>::Person(std::string_view id) {
  return Guard("person", [&]() -> Result<std::optional<PersonRow>> {
    auto& q = conn_->Prep(
        "SELECT id, surname, given_name, patronymic, birth_date, address, phone, id_document, search_key "
        "FROM persons WHERE id = ?");
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<PersonRow>();
    return std::optional<PersonRow>(ReadPerson(q));
  });
}

template <typename B>
Result<std::optional<PersonRow>> ReadImpl<B>::PersonByDocument(std::string_view doc) {
  return Guard("person", [&]() -> Result<std::optional<PersonRow>> {
    auto& q = conn_->Prep(
        "SELECT id, surname, given_name, patronymic, birth_date, address, phone, id_document, search_key "
        "FROM persons WHERE id_document = ? ORDER BY id LIMIT 1");
    q.bind(1, std::string(doc));
    if (!q.executeStep()) return std::optional<PersonRow>();
    return std::optional<PersonRow>(ReadPerson(q));
  });
}

template <typename B>
Result<TreeHead> ReadImpl<B>::LatestTreeHead() {
  return Guard("tree head", [&]() -> Result<TreeHead> {
    auto& q = conn_->Prep("SELECT size, root, at FROM tree_heads ORDER BY size DESC LIMIT 1");
    TreeHead h;
    if (q.executeStep()) {
      h.size = q.getColumn(0).getInt64();
      h.root = ColumnHash(q.getColumn(1));
      h.at = q.getColumn(2).getString();
    }
    return h;
  });
}

template <typename B>
Result<std::vector<TreeHead>> ReadImpl<B>::TreeHeads() {
  return Guard("tree heads", [&]() -> Result<std::vector<TreeHead>> {
    auto& q = conn_->Prep("SELECT size, root, at FROM tree_heads ORDER BY size");
    std::vector<TreeHead> out;
    while (q.executeStep()) {
      TreeHead h;
      h.size = q.getColumn(0).getInt64();
      h.root = ColumnHash(q.getColumn(1));
      h.at = q.getColumn(2).getString();
      out.push_back(h);
    }
    return out;
  });
}

template <typename B>
Result<int64_t> ReadImpl<B>::JournalSize() {
  return Guard("journal size", [&]() -> Result<int64_t> {
    auto& q = conn_->Prep("SELECT coalesce(max(idx) + 1, 0) FROM journal");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

template <typename B>
Result<int64_t> ReadImpl<B>::LastSeq(std::string_view origin) {
  return Guard("last seq", [&]() -> Result<int64_t> {
    auto& q = conn_->Prep("SELECT coalesce(max(seq), 0) FROM journal WHERE origin = ?");
    q.bind(1, std::string(origin));
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

template <typename B>
Result<std::optional<EntryRow>> ReadImpl<B>::Entry(int64_t idx) {
  return Guard("entry", [&]() -> Result<std::optional<EntryRow>> {
    auto& q = conn_->Prep("SELECT idx, origin, seq, kind, subject, at, entry, leaf_hash FROM journal WHERE idx = ?");
    q.bind(1, idx);
    if (!q.executeStep()) return std::optional<EntryRow>();
    return std::optional<EntryRow>(ReadEntry(q));
  });
}

template <typename B>
Result<std::optional<PayloadRow>> ReadImpl<B>::Payload(int64_t idx) {
  return Guard("payload", [&]() -> Result<std::optional<PayloadRow>> {
    auto& q = conn_->Prep("SELECT idx, salt, body FROM payloads WHERE idx = ?");
    q.bind(1, idx);
    if (!q.executeStep()) return std::optional<PayloadRow>();
    PayloadRow p;
    p.idx = q.getColumn(0).getInt64();
    p.salt = ColumnBlob(q.getColumn(1));
    p.body = ColumnBlob(q.getColumn(2));
    return std::optional<PayloadRow>(p);
  });
}

template <typename B>
Status ReadImpl<B>::ScanJournal(int64_t from,
                                const std::function<Status(const EntryRow&, const PayloadRow*)>& fn) {
  return Guard("scan journal", [&]() -> Status {
    // A dedicated statement (not the cache): fn may run other queries.
    SQLite::Statement q(conn_->db(),
                        "SELECT j.idx, j.origin, j.seq, j.kind, j.subject, j.at, j.entry, j.leaf_hash, "
                        "p.idx IS NOT NULL, p.salt, p.body FROM journal j LEFT JOIN payloads p ON p.idx = j.idx "
                        "WHERE j.idx >= ? ORDER BY j.idx");
    q.bind(1, from);
    while (q.executeStep()) {
      EntryRow e = ReadEntry(q);
      PayloadRow p;
      bool has = q.getColumn(8).getInt() != 0;
      if (has) {
        p.idx = e.idx;
        p.salt = ColumnBlob(q.getColumn(9));
        p.body = ColumnBlob(q.getColumn(10));
      }
      Status st = fn(e, has ? &p : nullptr);
      if (!st.ok()) return st;
    }
    return Status::Ok();
  });
}

template <typename B>
Result<std::optional<Hash>> ReadImpl<B>::MerkleNode(int level, int64_t idx) {
  return Guard("merkle node", [&]() -> Result<std::optional<Hash>> {
    auto& q = conn_->Prep("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?");
    q.bind(1, level);
    q.bind(2, idx);
    if (!q.executeStep()) return std::optional<Hash>();
    return std::optional<Hash>(ColumnHash(q.getColumn(0)));
  });
}

template <typename B>
Status ReadImpl<B>::ScanMerkleNodes(const std::function<Status(int, int64_t, const Hash&)>& fn) {
  return Guard("scan merkle nodes", [&]() -> Status {
    SQLite::Statement q(conn_->db(), "SELECT level, idx, hash FROM merkle_nodes ORDER BY level, idx");
    while (q.executeStep()) {
      Status st = fn(q.getColumn(0).getInt(), q.getColumn(1).getInt64(), ColumnHash(q.getColumn(2)));
      if (!st.ok()) return st;
    }
    return Status::Ok();
  });
}

template <typename B>
Result<std::vector<std::string>> ReadImpl<B>::TableRows(std::string_view table) {
  return Guard("table rows", [&]() -> Result<std::vector<std::string>> {
    for (const auto& t : kTables) {
      if (table != t.name) continue;
      SQLite::Statement q(conn_->db(), t.sql);
      std::vector<std::string> out;
      while (q.executeStep()) out.push_back(q.getColumn(0).getString());
      return out;
    }
    return Status::Invalid("unknown table " + std::string(table));
  });
}

template <typename B>
Result<std::vector<std::pair<std::string, int64_t>>> ReadImpl<B>::SeriesGaps() {
  return Guard("series gaps", [&]() -> Result<std::vector<std::pair<std::string, int64_t>>> {
    // The first missing number of every gap, per (series, year).
    SQLite::Statement q(conn_->db(),
                        "SELECT series || '/' || year, prev + 1 FROM (SELECT series, year, n, "
                        "lag(n, 1, 0) OVER (PARTITION BY series, year ORDER BY n) AS prev FROM "
                        "(SELECT series, year, n FROM appeals UNION ALL SELECT series, year, n FROM crime_records)) "
                        "WHERE n <> prev + 1 ORDER BY 1, 2 LIMIT 100");
    std::vector<std::pair<std::string, int64_t>> out;
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    return out;
  });
}

namespace {
CheckpointRow ReadCheckpoint(SQLite::Statement& q) {
  CheckpointRow c;
  c.size = q.getColumn(0).getInt64();
  c.root = ColumnHash(q.getColumn(1));
  c.note = q.getColumn(2).getString();
  c.at = q.getColumn(3).getString();
  return c;
}
}  // namespace

template <typename B>
Result<std::optional<CheckpointRow>> ReadImpl<B>::LatestCheckpoint() {
  return Guard("checkpoint", [&]() -> Result<std::optional<CheckpointRow>> {
    auto& q = conn_->Prep("SELECT size, root, note, at FROM checkpoints ORDER BY size DESC LIMIT 1");
    if (!q.executeStep()) return std::optional<CheckpointRow>();
    return std::optional<CheckpointRow>(ReadCheckpoint(q));
  });
}

template <typename B>
Result<std::optional<CheckpointRow>> ReadImpl<B>::CheckpointAt(int64_t size) {
  return Guard("checkpoint", [&]() -> Result<std::optional<CheckpointRow>> {
    auto& q = conn_->Prep("SELECT size, root, note, at FROM checkpoints WHERE size = ?");
    q.bind(1, size);
    if (!q.executeStep()) return std::optional<CheckpointRow>();
    return std::optional<CheckpointRow>(ReadCheckpoint(q));
  });
}

template <typename B>
Result<std::vector<CheckpointRow>> ReadImpl<B>::Checkpoints() {
  return Guard("checkpoints", [&]() -> Result<std::vector<CheckpointRow>> {
    SQLite::Statement q(conn_->db(), "SELECT size, root, note, at FROM checkpoints ORDER BY size");
    std::vector<CheckpointRow> out;
    while (q.executeStep()) out.push_back(ReadCheckpoint(q));
    return out;
  });
}

template <typename B>
Result<std::optional<WitnessStateRow>> ReadImpl<B>::WitnessState(std::string_view origin) {
  return Guard("witness state", [&]() -> Result<std::optional<WitnessStateRow>> {
    auto& q = conn_->Prep("SELECT origin, size, root, note, at FROM witness_state WHERE origin = ?");
    q.bind(1, std::string(origin));
    if (!q.executeStep()) return std::optional<WitnessStateRow>();
    WitnessStateRow w;
    w.origin = q.getColumn(0).getString();
    w.size = q.getColumn(1).getInt64();
    w.root = ColumnHash(q.getColumn(2));
    w.note = q.getColumn(3).getString();
    w.at = q.getColumn(4).getString();
    return std::optional<WitnessStateRow>(w);
  });
}

template <typename B>
Result<std::vector<WitnessStateRow>> ReadImpl<B>::WitnessStates() {
  return Guard("witness states", [&]() -> Result<std::vector<WitnessStateRow>> {
    auto& q = conn_->Prep("SELECT origin, size, root, note, at FROM witness_state ORDER BY origin");
    std::vector<WitnessStateRow> out;
    while (q.executeStep()) {
      WitnessStateRow w;
      w.origin = q.getColumn(0).getString();
      w.size = q.getColumn(1).getInt64();
      w.root = ColumnHash(q.getColumn(2));
      w.note = q.getColumn(3).getString();
      w.at = q.getColumn(4).getString();
      out.push_back(std::move(w));
    }
    return out;
  });
}

template <typename B>
Result<std::vector<EntryRow>> ReadImpl<B>::EntriesBySubject(std::string_view subject) {
  return Guard("entries by subject", [&]() -> Result<std::vector<EntryRow>> {
    auto& q = conn_->Prep(
        "SELECT idx, origin, seq, kind, subject, at, entry, leaf_hash FROM journal WHERE subject = ? ORDER BY idx");
    q.bind(1, std::string(subject));
    std::vector<EntryRow> out;
    while (q.executeStep()) out.push_back(ReadEntry(q));
    return out;
  });
}

template <typename B>
Result<std::optional<AppealRow>> ReadImpl<B>::AppealByNumber(std::string_view number) {
  return Guard("appeal", [&]() -> Result<std::optional<AppealRow>> {
    auto& q = conn_->Prep(APPEAL_SELECT "WHERE a.number = ?");
    q.bind(1, std::string(number));
    if (!q.executeStep()) return std::optional<AppealRow>();
    return std::optional<AppealRow>(ReadAppeal(q));
  });
}

template <typename B>
Result<std::optional<EntryRow>> ReadImpl<B>::EntryByOriginSeq(std::string_view origin, int64_t seq) {
  return Guard("entry by origin", [&]() -> Result<std::optional<EntryRow>> {
    auto& q = conn_->Prep(
        "SELECT idx, origin, seq, kind, subject, at, entry, leaf_hash FROM journal WHERE origin = ? AND seq = ?");
    q.bind(1, std::string(origin));
    q.bind(2, seq);
    if (!q.executeStep()) return std::optional<EntryRow>();
    return std::optional<EntryRow>(ReadEntry(q));
  });
}

template <typename B>
Result<std::optional<std::string>> ReadImpl<B>::SyncRecord(std::string_view kind, std::string_view key) {
  return Guard("sync record", [&]() -> Result<std::optional<std::string>> {
    auto& q = conn_->Prep("SELECT value FROM sync_records WHERE kind = ? AND key = ?");
    q.bind(1, std::string(kind));
    q.bind(2, std::string(key));
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

template <typename B>
Result<std::vector<std::pair<std::string, std::string>>> ReadImpl<B>::SyncRecords(std::string_view kind) {
  return Guard("sync records", [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
    auto& q = conn_->Prep("SELECT key, value FROM sync_records WHERE kind = ? ORDER BY key");
    q.bind(1, std::string(kind));
    std::vector<std::pair<std::string, std::string>> out;
    while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
    return out;
  });
}

template <typename B>
Result<std::optional<std::string>> ReadImpl<B>::LocalState(std::string_view key) {
  return Guard("local state", [&]() -> Result<std::optional<std::string>> {
    auto& q = conn_->Prep("SELECT value FROM sync_local WHERE key = ?");
    q.bind(1, std::string(key));
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

template class ReadImpl<ReadTx>;
template class ReadImpl<WriteTx>;

}  // namespace sabt::store::sqlite
