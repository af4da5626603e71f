#include "store/postgres/extra_queries.h"

#include <nlohmann/json.hpp>

#include "store/postgres/pg_read.h"

namespace sabt::store::postgres::extra {
namespace {

#define X_APPEAL_COLS                                                                                   \
  "a.id, a.number, a.series, a.year, a.n, a.department, a.channel, a.category, a.status, "              \
  "a.received_at, a.registered_at, a.registered_by, a.person_id, a.summary, a.verification_code, "      \
  "a.entry_idx, a.assigned_to, a.due_day, a.extended, a.answer, a.closed_at, "                          \
  "trim(coalesce(p.surname,'') || ' ' || coalesce(p.given_name,'') || ' ' || coalesce(p.patronymic,'')), " \
  "coalesce(u.display_name, '') "
#define X_APPEAL_FROM \
  "FROM appeals a LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN users u ON u.id = a.registered_by "

#define X_FILTER                                                                                  \
  "WHERE a.department IN (SELECT jsonb_array_elements_text($1::jsonb)) "                          \
  "AND ($2::text = '' OR a.status = $2::text) AND ($3::text = '' OR a.category = $3::text) "      \
  "AND ($4::text = '' OR a.channel = $4::text) AND ($5::text = '' OR a.series = $5::text) "       \
  "AND ($6::text = '' OR a.assigned_to = $6::text) "                                              \
  "AND ($7::text = '' OR a.received_at >= $7::text) AND ($8::text = '' OR a.received_at < $8::text) " \
  "AND ($9::bigint = 0 OR a.status NOT IN ('closed', 'referred', 'forwarded', 'returned')) "      \
  "AND ($10::bigint = 0 OR (a.due_day > 0 AND a.due_day >= $10::bigint)) "                        \
  "AND ($11::bigint = 0 OR (a.due_day > 0 AND a.due_day <= $11::bigint)) "                        \
  "AND ($12::bigint = 0 OR a.extended > 0) "

#define X_WATCH                                                                                          \
  "FROM appeals a JOIN appeal_flags f ON f.appeal_id = a.id "                                            \
  "LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN users u ON u.id = a.registered_by "               \
  "WHERE a.department IN (SELECT jsonb_array_elements_text($1::jsonb)) AND ("                            \
  "(f.crime_signs = 1 AND ((f.referred_at = '' AND f.refer_due < $2::text) OR "                          \
  "(f.referred_at <> '' AND f.referred_at > f.refer_due))) OR "                                          \
  "(f.crime_signs = 0 AND f.keyword_flag = 1 AND f.referred_at = '')) "

struct Statement {
  const char* name;
  const char* sql;
};
const Statement kStatements[] = {
    {"x_filtered_count", "SELECT count(*) FROM appeals a " X_FILTER},
    {"x_filtered_page", "SELECT " X_APPEAL_COLS X_APPEAL_FROM X_FILTER
                        "ORDER BY a.received_at DESC, a.entry_idx DESC LIMIT $13 OFFSET $14"},
    {"x_count_officer",
     "SELECT a.assigned_to, coalesce(o.display_name, ''), count(*) FROM appeals a "
     "LEFT JOIN users o ON o.id = a.assigned_to " X_FILTER
     "GROUP BY a.assigned_to, o.display_name ORDER BY count(*) DESC, a.assigned_to"},
    {"x_count_department",
     "SELECT a.department, '', count(*) FROM appeals a " X_FILTER
     "GROUP BY a.department ORDER BY count(*) DESC, a.department"},
    {"x_watch_count", "SELECT count(*) " X_WATCH},
    {"x_watch_page", "SELECT " X_APPEAL_COLS ", f.appeal_id, f.crime_signs, f.keyword_flag, f.refer_due, "
                     "f.referred_at " X_WATCH "ORDER BY a.received_at, a.entry_idx LIMIT $3 OFFSET $4"},
    {"x_flags", "SELECT appeal_id, crime_signs, keyword_flag, refer_due, referred_at FROM appeal_flags WHERE appeal_id = $1"},
    {"x_person_appeals", "SELECT " X_APPEAL_COLS X_APPEAL_FROM
                         "WHERE a.person_id = $1 AND a.department IN (SELECT jsonb_array_elements_text($2::jsonb)) "
                         "ORDER BY a.received_at DESC, a.entry_idx DESC LIMIT 1000"},
    {"x_attachments",
     "SELECT appeal_id, sha256, name, mime, added_at, size, entry_idx FROM appeal_attachments "
     "WHERE appeal_id = $1 ORDER BY entry_idx"},
    {"x_attachment_data", "SELECT sha256, mime, size, data FROM attachments WHERE sha256 = $1"},
    {"x_attachment_hashes", "SELECT sha256 FROM attachments ORDER BY sha256"},
    {"x_put_flags",
     "INSERT INTO appeal_flags(appeal_id, crime_signs, keyword_flag, refer_due, referred_at) VALUES ($1, $2, $3, $4, $5)"},
    {"x_mark_referred", "UPDATE appeal_flags SET referred_at = $1 WHERE appeal_id = $2"},
    {"x_put_blob",
     "INSERT INTO attachments(sha256, mime, size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING"},
    {"x_insert_attachment",
     "INSERT INTO appeal_attachments(appeal_id, entry_idx, sha256, name, mime, size, added_at) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    {"x_clear_flags", "DELETE FROM appeal_flags"},
    {"x_clear_attachments", "DELETE FROM appeal_attachments"},
    {"rows_appeal_flags",
     "SELECT json_build_array(appeal_id, crime_signs, keyword_flag, refer_due, referred_at)::text FROM appeal_flags "
     "ORDER BY appeal_id"},
    {"rows_appeal_attachments",
     "SELECT json_build_array(appeal_id || '/' || entry_idx, sha256, name, mime, size, added_at)::text "
     "FROM appeal_attachments ORDER BY appeal_id, entry_idx"},
};

int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

AppealRow ReadAppealAt(const pqxx::row& r, int c0) {
  AppealRow a;
  a.id = FieldText(r[c0 + 0]);
  a.number = FieldText(r[c0 + 1]);
  a.series = FieldText(r[c0 + 2]);
  a.year = static_cast<int>(I64(r[c0 + 3]));
  a.n = I64(r[c0 + 4]);
  a.department = FieldText(r[c0 + 5]);
  a.channel = FieldText(r[c0 + 6]);
  a.category = FieldText(r[c0 + 7]);
  a.status = FieldText(r[c0 + 8]);
  a.received_at = FieldText(r[c0 + 9]);
  a.registered_at = FieldText(r[c0 + 10]);
  a.registered_by = FieldText(r[c0 + 11]);
  a.person_id = FieldText(r[c0 + 12]);
  a.summary = FieldText(r[c0 + 13]);
  a.verification_code = FieldText(r[c0 + 14]);
  a.entry_idx = I64(r[c0 + 15]);
  a.assigned_to = FieldText(r[c0 + 16]);
  a.due_day = I64(r[c0 + 17]);
  a.extended = I64(r[c0 + 18]);
  a.answer = FieldText(r[c0 + 19]);
  a.closed_at = FieldText(r[c0 + 20]);
  a.applicant_name = FieldText(r[c0 + 21]);
  a.officer_name = FieldText(r[c0 + 22]);
  return a;
}

AppealFlagsRow ReadFlagsAt(const pqxx::row& r, int c0) {
  AppealFlagsRow f;
  f.appeal_id = FieldText(r[c0]);
  f.crime_signs = I64(r[c0 + 1]) != 0;
  f.keyword_flag = I64(r[c0 + 2]) != 0;
  f.refer_due = FieldText(r[c0 + 3]);
  f.referred_at = FieldText(r[c0 + 4]);
  return f;
}

template <typename... Extra>
pqxx::result RunFilter(pqxx::transaction_base& tx, const char* name, const AppealFilter& f, Extra&&... extra) {
  return tx.exec_prepared(name, nlohmann::json(f.departments).dump(), f.status, f.category, f.channel, f.series,
                          f.officer, f.received_from, f.received_to, int64_t{f.open_only ? 1 : 0}, f.due_from,
                          f.due_to, int64_t{f.extended_only ? 1 : 0}, std::forward<Extra>(extra)...);
}

std::vector<GroupCount> Groups(const pqxx::result& r) {
  std::vector<GroupCount> out;
  for (const auto& row : r) out.push_back({FieldText(row[0]), FieldText(row[1]), I64(row[2])});
  return out;
}

}  // namespace

void Prepare(pqxx::connection& c) {
  for (const auto& s : kStatements) c.prepare(s.name, s.sql);
}

Result<AppealPage> FilteredAppeals(pqxx::transaction_base& tx, const AppealFilter& f, int64_t offset, int64_t limit) {
  AppealPage page;
  page.total = I64(RunFilter(tx, "x_filtered_count", f)[0][0]);
  for (const auto& r : RunFilter(tx, "x_filtered_page", f, limit, offset)) page.rows.push_back(ReadAppealAt(r, 0));
  return page;
}

Result<std::vector<GroupCount>> CountByOfficer(pqxx::transaction_base& tx, const AppealFilter& f) {
  return Groups(RunFilter(tx, "x_count_officer", f));
}

Result<std::vector<GroupCount>> CountByDepartment(pqxx::transaction_base& tx, const AppealFilter& f) {
  return Groups(RunFilter(tx, "x_count_department", f));
}

Result<WatchPage> CrimeWatch(pqxx::transaction_base& tx, const std::vector<std::string>& departments,
                             const std::string& now, int64_t offset, int64_t limit) {
  std::string depts = nlohmann::json(departments).dump();
  WatchPage page;
  page.total = I64(tx.exec_prepared1("x_watch_count", depts, now)[0]);
  for (const auto& r : tx.exec_prepared("x_watch_page", depts, now, limit, offset))
    page.rows.push_back({ReadAppealAt(r, 0), ReadFlagsAt(r, 23)});
  return page;
}

Result<std::optional<AppealFlagsRow>> AppealFlags(pqxx::transaction_base& tx, std::string_view appeal_id) {
  pqxx::result r = tx.exec_prepared("x_flags", std::string(appeal_id));
  if (r.empty()) return std::optional<AppealFlagsRow>();
  return std::optional<AppealFlagsRow>(ReadFlagsAt(r[0], 0));
}

Result<std::vector<AppealRow>> AppealsOfPerson(pqxx::transaction_base& tx, std::string_view person_id,
                                               const std::vector<std::string>& departments) {
  std::vector<AppealRow> out;
  for (const auto& r : tx.exec_prepared("x_person_appeals", std::string(person_id), nlohmann::json(departments).dump()))
    out.push_back(ReadAppealAt(r, 0));
  return out;
}

Result<std::vector<AttachmentRow>> Attachments(pqxx::transaction_base& tx, std::string_view appeal_id) {
  std::vector<AttachmentRow> out;
  for (const auto& r : tx.exec_prepared("x_attachments", std::string(appeal_id)))
    out.push_back({FieldText(r[0]), FieldText(r[1]), FieldText(r[2]), FieldText(r[3]), FieldText(r[4]), I64(r[5]),
                   I64(r[6])});
  return out;
}

Result<std::optional<AttachmentBlob>> AttachmentData(pqxx::transaction_base& tx, std::string_view sha256) {
  pqxx::result r = tx.exec_prepared("x_attachment_data", std::string(sha256));
  if (r.empty()) return std::optional<AttachmentBlob>();
  AttachmentBlob b;
  b.sha256 = FieldText(r[0][0]);
  b.mime = FieldText(r[0][1]);
  b.size = I64(r[0][2]);
  b.data = FieldBytes(r[0][3]);
  return std::optional<AttachmentBlob>(std::move(b));
}

Result<std::vector<std::string>> AttachmentHashes(pqxx::transaction_base& tx) {
  pqxx::result r = tx.exec_prepared("x_attachment_hashes");
  std::vector<std::string> out;
  for (const auto& row : r) out.push_back(FieldText(row[0]));
  return out;
}

Status PutAppealFlags(pqxx::transaction_base& tx, const AppealFlagsRow& f) {
  tx.exec_prepared0("x_put_flags", f.appeal_id, int64_t{f.crime_signs ? 1 : 0}, int64_t{f.keyword_flag ? 1 : 0},
                    f.refer_due, f.referred_at);
  return Status::Ok();
}

Status MarkReferred(pqxx::transaction_base& tx, std::string_view appeal_id, std::string_view at) {
  tx.exec_prepared0("x_mark_referred", std::string(at), std::string(appeal_id));
  return Status::Ok();
}

Status PutAttachmentBlob(pqxx::transaction_base& tx, const AttachmentBlob& b) {
  tx.exec_prepared0("x_put_blob", b.sha256, b.mime, b.size, Bytes(b.data));
  return Status::Ok();
}

Status InsertAppealAttachment(pqxx::transaction_base& tx, const AttachmentRow& a) {
  tx.exec_prepared0("x_insert_attachment", a.appeal_id, a.entry_idx, a.sha256, a.name, a.mime, a.size, a.added_at);
  return Status::Ok();
}

Status ClearExtraProjections(pqxx::transaction_base& tx) {
  tx.exec_prepared0("x_clear_flags");
  tx.exec_prepared0("x_clear_attachments");
  return Status::Ok();
}

}  // namespace sabt::store::postgres::extra
