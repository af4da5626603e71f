#include "store/sqlite/extra_queries.h"

#include <nlohmann/json.hpp>

#include "store/sqlite/read_impl.h"

namespace sabt::store::sqlite::extra {
namespace {

#define X_APPEAL_COLS                                                                                   \
  "a.id, a.number, a.series, a.year, a.n, a.department, a.channel, a.category, a.status, "              \
  "a.received_at, a.registered_at, a.registered_by, a.person_id, a.summary, a.verification_code, "      \
  "a.entry_idx, a.assigned_to, a.due_day, a.extended, a.answer, a.closed_at, "                          \
  "trim(coalesce(p.surname,'') || ' ' || coalesce(p.given_name,'') || ' ' || coalesce(p.patronymic,'')), " \
  "coalesce(u.display_name, '') "
#define X_APPEAL_FROM \
  "FROM appeals a LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN users u ON u.id = a.registered_by "

// Every filter is a numbered parameter; an empty/zero value disables it.
#define X_FILTER                                                                                  \
  "WHERE a.department IN (SELECT value FROM json_each(?1)) "                                      \
  "AND (?2 = '' OR a.status = ?2) AND (?3 = '' OR a.category = ?3) "                              \
  "AND (?4 = '' OR a.channel = ?4) AND (?5 = '' OR a.series = ?5) "                               \
  "AND (?6 = '' OR a.assigned_to = ?6) "                                                          \
  "AND (?7 = '' OR a.received_at >= ?7) AND (?8 = '' OR a.received_at < ?8) "                     \
  "AND (?9 = 0 OR a.status NOT IN ('closed', 'referred', 'forwarded', 'returned')) "              \
  "AND (?10 = 0 OR (a.due_day > 0 AND a.due_day >= ?10)) "                                        \
  "AND (?11 = 0 OR (a.due_day > 0 AND a.due_day <= ?11)) "                                        \
  "AND (?12 = 0 OR a.extended > 0) "

AppealRow ReadAppealAt(SQLite::Statement& q, int c0) {
  AppealRow a;
  a.id = q.getColumn(c0 + 0).getString();
  a.number = q.getColumn(c0 + 1).getString();
  a.series = q.getColumn(c0 + 2).getString();
  a.year = q.getColumn(c0 + 3).getInt();
  a.n = q.getColumn(c0 + 4).getInt64();
  a.department = q.getColumn(c0 + 5).getString();
  a.channel = q.getColumn(c0 + 6).getString();
  a.category = q.getColumn(c0 + 7).getString();
  a.status = q.getColumn(c0 + 8).getString();
  a.received_at = q.getColumn(c0 + 9).getString();
  a.registered_at = q.getColumn(c0 + 10).getString();
  a.registered_by = q.getColumn(c0 + 11).getString();
  a.person_id = q.getColumn(c0 + 12).getString();
  a.summary = q.getColumn(c0 + 13).getString();
  a.verification_code = q.getColumn(c0 + 14).getString();
  a.entry_idx = q.getColumn(c0 + 15).getInt64();
  a.assigned_to = q.getColumn(c0 + 16).getString();
  a.due_day = q.getColumn(c0 + 17).getInt64();
  a.extended = q.getColumn(c0 + 18).getInt64();
  a.answer = q.getColumn(c0 + 19).getString();
  a.closed_at = q.getColumn(c0 + 20).getString();
  a.applicant_name = q.getColumn(c0 + 21).getString();
  a.officer_name = q.getColumn(c0 + 22).getString();
  return a;
}

void BindFilter(SQLite::Statement& q, const AppealFilter& f) {
  q.bind(1, nlohmann::json(f.departments).dump());
  q.bind(2, f.status);
  q.bind(3, f.category);
  q.bind(4, f.channel);
  q.bind(5, f.series);
  q.bind(6, f.officer);
  q.bind(7, f.received_from);
  q.bind(8, f.received_to);
  q.bind(9, f.open_only ? 1 : 0);
  q.bind(10, f.due_from);
  q.bind(11, f.due_to);
  q.bind(12, f.extended_only ? 1 : 0);
}

AppealFlagsRow ReadFlagsAt(SQLite::Statement& q, int c0) {
  AppealFlagsRow f;
  f.appeal_id = q.getColumn(c0).getString();
  f.crime_signs = q.getColumn(c0 + 1).getInt() != 0;
  f.keyword_flag = q.getColumn(c0 + 2).getInt() != 0;
  f.refer_due = q.getColumn(c0 + 3).getString();
  f.referred_at = q.getColumn(c0 + 4).getString();
  return f;
}

// The guard's condition, shared by the count and the page.
#define X_WATCH                                                                                          \
  "FROM appeals a JOIN appeal_flags f ON f.appeal_id = a.id "                                            \
  "LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN users u ON u.id = a.registered_by "               \
  "WHERE a.department IN (SELECT value FROM json_each(?1)) AND ("                                        \
  "(f.crime_signs = 1 AND ((f.referred_at = '' AND f.refer_due < ?2) OR "                                \
  "(f.referred_at <> '' AND f.referred_at > f.refer_due))) OR "                                          \
  "(f.crime_signs = 0 AND f.keyword_flag = 1 AND f.referred_at = '')) "

}  // namespace

Result<AppealPage> FilteredAppeals(Conn* c, const AppealFilter& f, int64_t offset, int64_t limit) {
  return Guard("filtered appeals", [&]() -> Result<AppealPage> {
    AppealPage page;
    auto& n = c->Prep("SELECT count(*) FROM appeals a " X_FILTER);
    BindFilter(n, f);
    if (n.executeStep()) page.total = n.getColumn(0).getInt64();
    auto& q = c->Prep("SELECT " X_APPEAL_COLS X_APPEAL_FROM X_FILTER
                      "ORDER BY a.received_at DESC, a.entry_idx DESC LIMIT ?13 OFFSET ?14");
    BindFilter(q, f);
    q.bind(13, limit);
    q.bind(14, offset);
    while (q.executeStep()) page.rows.push_back(ReadAppealAt(q, 0));
    return page;
  });
}

Result<std::vector<GroupCount>> CountByOfficer(Conn* c, const AppealFilter& f) {
  return Guard("count by officer", [&]() -> Result<std::vector<GroupCount>> {
    auto& q = c->Prep("SELECT a.assigned_to, coalesce(o.display_name, ''), count(*) FROM appeals a "
                      "LEFT JOIN users o ON o.id = a.assigned_to " X_FILTER
                      "GROUP BY a.assigned_to, o.display_name ORDER BY count(*) DESC, a.assigned_to");
    BindFilter(q, f);
    std::vector<GroupCount> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    return out;
  });
}

Result<std::vector<GroupCount>> CountByDepartment(Conn* c, const AppealFilter& f) {
  return Guard("count by department", [&]() -> Result<std::vector<GroupCount>> {
    auto& q = c->Prep("SELECT a.department, '', count(*) FROM appeals a " X_FILTER
                      "GROUP BY a.department ORDER BY count(*) DESC, a.department");
    BindFilter(q, f);
    std::vector<GroupCount> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    return out;
  });
}

Result<WatchPage> CrimeWatch(Conn* c, const std::vector<std::string>& departments, const std::string& now,
                             int64_t offset, int64_t limit) {
  return Guard("crime watch", [&]() -> Result<WatchPage> {
    std::string depts = nlohmann::json(departments).dump();
    WatchPage page;
    auto& n = c->Prep("SELECT count(*) " X_WATCH);
    n.bind(1, depts);
    n.bind(2, now);
    if (n.executeStep()) page.total = n.getColumn(0).getInt64();
    auto& q = c->Prep("SELECT " X_APPEAL_COLS ", f.appeal_id, f.crime_signs, f.keyword_flag, f.refer_due, "
                      "f.referred_at " X_WATCH "ORDER BY a.received_at, a.entry_idx LIMIT ?3 OFFSET ?4");
    q.bind(1, depts);
    q.bind(2, now);
    q.bind(3, limit);
    q.bind(4, offset);
    while (q.executeStep()) page.rows.push_back({ReadAppealAt(q, 0), ReadFlagsAt(q, 23)});
    return page;
  });
}

Result<std::optional<AppealFlagsRow>> AppealFlags(Conn* c, std::string_view appeal_id) {
  return Guard("appeal flags", [&]() -> Result<std::optional<AppealFlagsRow>> {
    auto& q = c->Prep(
        "SELECT appeal_id, crime_signs, keyword_flag, refer_due, referred_at FROM appeal_flags WHERE appeal_id = ?");
    q.bind(1, std::string(appeal_id));
    if (!q.executeStep()) return std::optional<AppealFlagsRow>();
    return std::optional<AppealFlagsRow>(ReadFlagsAt(q, 0));
  });
}

Result<std::vector<AppealRow>> AppealsOfPerson(Conn* c, std::string_view person_id,
                                               const std::vector<std::string>& departments) {
  return Guard("appeals of person", [&]() -> Result<std::vector<AppealRow>> {
    auto& q = c->Prep("SELECT " X_APPEAL_COLS X_APPEAL_FROM
                      "WHERE a.person_id = ?1 AND a.department IN (SELECT value FROM json_each(?2)) "
                      "ORDER BY a.received_at DESC, a.entry_idx DESC LIMIT 1000");
    q.bind(1, std::string(person_id));
    q.bind(2, nlohmann::json(departments).dump());
    std::vector<AppealRow> out;
    while (q.executeStep()) out.push_back(ReadAppealAt(q, 0));
    return out;
  });
}

Result<std::vector<AttachmentRow>> Attachments(Conn* c, std::string_view appeal_id) {
  return Guard("attachments", [&]() -> Result<std::vector<AttachmentRow>> {
    auto& q = c->Prep(
        "SELECT appeal_id, sha256, name, mime, added_at, size, entry_idx FROM appeal_attachments "
        "WHERE appeal_id = ? ORDER BY entry_idx");
    q.bind(1, std::string(appeal_id));
    std::vector<AttachmentRow> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64(),
                     q.getColumn(6).getInt64()});
    return out;
  });
}

Result<std::optional<AttachmentBlob>> AttachmentData(Conn* c, std::string_view sha256) {
  return Guard("attachment data", [&]() -> Result<std::optional<AttachmentBlob>> {
    auto& q = c->Prep("SELECT sha256, mime, size, data FROM attachments WHERE sha256 = ?");
    q.bind(1, std::string(sha256));
    if (!q.executeStep()) return std::optional<AttachmentBlob>();
    AttachmentBlob b;
    b.sha256 = q.getColumn(0).getString();
    b.mime = q.getColumn(1).getString();
    b.size = q.getColumn(2).getInt64();
    b.data = ColumnBlob(q.getColumn(3));
    q.reset();  // do not keep a 20 MB row pinned in the cached statement
    return std::optional<AttachmentBlob>(std::move(b));
  });
}

Result<std::vector<std::string>> AttachmentHashes(Conn* c) {
  return Guard("attachment hashes", [&]() -> Result<std::vector<std::string>> {
    auto& q = c->Prep("SELECT sha256 FROM attachments ORDER BY sha256");
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    q.reset();
    return out;
  });
}

Status PutAppealFlags(Conn* c, const AppealFlagsRow& f) {
  return Guard("appeal flags", [&] {
    auto& q = c->Prep(
        "INSERT INTO appeal_flags(appeal_id, crime_signs, keyword_flag, refer_due, referred_at) VALUES (?,?,?,?,?)");
    q.bind(1, f.appeal_id);
    q.bind(2, f.crime_signs ? 1 : 0);
    q.bind(3, f.keyword_flag ? 1 : 0);
    q.bind(4, f.refer_due);
    q.bind(5, f.referred_at);
    q.exec();
    return Status::Ok();
  });
}

Status MarkReferred(Conn* c, std::string_view appeal_id, std::string_view at) {
  return Guard("mark referred", [&] {
    auto& q = c->Prep("UPDATE appeal_flags SET referred_at = ? WHERE appeal_id = ?");
    q.bind(1, std::string(at));
    q.bind(2, std::string(appeal_id));
    q.exec();
    return Status::Ok();
  });
}

Status PutAttachmentBlob(Conn* c, const AttachmentBlob& b) {
  return Guard("attachment blob", [&] {
    auto& q = c->Prep(
        "INSERT INTO attachments(sha256, mime, size, data) VALUES (?,?,?,?) ON CONFLICT(sha256) DO NOTHING");
    q.bind(1, b.sha256);
    q.bind(2, b.mime);
    q.bind(3, b.size);
    q.bindNoCopy(4, b.data.data(), static_cast<int>(b.data.size()));
    q.exec();
    q.clearBindings();
    return Status::Ok();
  });
}

Status DeleteAttachmentBlob(Conn* c, std::string_view sha256, int64_t purged_upto_idx) {
  return Guard("delete attachment bytes", [&] {
    auto& q = c->Prep(
        "DELETE FROM attachments WHERE sha256 = ?1 AND NOT EXISTS "
        "(SELECT 1 FROM appeal_attachments WHERE sha256 = ?1 AND entry_idx > ?2)");
    q.bind(1, std::string(sha256));
    q.bind(2, purged_upto_idx);
    q.exec();
    return Status::Ok();
  });
}

Status InsertAppealAttachment(Conn* c, const AttachmentRow& a) {
  return Guard("appeal attachment", [&] {
    auto& q = c->Prep(
        "INSERT INTO appeal_attachments(appeal_id, entry_idx, sha256, name, mime, size, added_at) "
        "VALUES (?,?,?,?,?,?,?)");
    q.bind(1, a.appeal_id);
    q.bind(2, a.entry_idx);
    q.bind(3, a.sha256);
    q.bind(4, a.name);
    q.bind(5, a.mime);
    q.bind(6, a.size);
    q.bind(7, a.added_at);
    q.exec();
    return Status::Ok();
  });
}

Status ClearExtraProjections(Conn* c) {
  return Guard("clear projections", [&] {
    c->Exec("DELETE FROM appeal_flags; DELETE FROM appeal_attachments;");
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite::extra
