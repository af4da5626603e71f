// SQLite: reads of the online submission queue (store.h, Submission/Submissions).
#include <nlohmann/json.hpp>

#include "store/sqlite/read_impl.h"

namespace sabt::store::sqlite {
namespace {

#define SUBMISSION_SELECT                                                                                  \
  "SELECT id, reference, department, category, status, received_at, entry_idx, surname, given_name, "     \
  "patronymic, birth_date, address, phone, id_document, summary, decided_at, decided_by, appeal_id, "     \
  "appeal_number, reason, ground, keyword_flag, citizen_crime_signs, accept_due, check_code, annulled "      \
  "FROM submissions "

SubmissionRow ReadSubmission(SQLite::Statement& q) {
  SubmissionRow s;
  std::string* text[] = {&s.id,         &s.reference,  &s.department, &s.category, &s.status,
                         &s.received_at};
  for (int i = 0; i < 6; ++i) *text[i] = q.getColumn(i).getString();
  s.entry_idx = q.getColumn(6).getInt64();
  std::string* rest[] = {&s.surname,    &s.given_name, &s.patronymic, &s.birth_date,    &s.address, &s.phone,
                         &s.id_document, &s.summary,   &s.decided_at, &s.decided_by,    &s.appeal_id,
                         &s.appeal_number, &s.reason};
  for (int i = 0; i < 13; ++i) *rest[i] = q.getColumn(7 + i).getString();
  s.ground = q.getColumn(20).getString();
  s.keyword_flag = q.getColumn(21).getInt64() != 0;
  s.citizen_crime_signs = q.getColumn(22).getString();
  s.accept_due = q.getColumn(23).getString();
  s.check_code = q.getColumn(24).getString();
  s.annulled = q.getColumn(25).getInt64();
  return s;
}

}  // namespace

template <typename B>
Result<std::optional<SubmissionRow>> ReadImpl<B>::Submission(std::string_view id) {
  return Guard("submission", [&]() -> Result<std::optional<SubmissionRow>> {
    auto& q = conn_->Prep(SUBMISSION_SELECT "WHERE id = ?");
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<SubmissionRow>();
    return std::optional<SubmissionRow>(ReadSubmission(q));
  });
}

template <typename B>
Result<std::vector<SubmissionRow>> ReadImpl<B>::Submissions(const std::vector<std::string>& departments,
                                                            std::string_view status, int64_t limit) {
  return Guard("submissions", [&]() -> Result<std::vector<SubmissionRow>> {
    nlohmann::json depts = departments;
    auto& q = conn_->Prep(SUBMISSION_SELECT
                          "WHERE department IN (SELECT value FROM json_each(?)) AND (? = '' OR status = ?) "
                          "ORDER BY received_at, id LIMIT ?");
    q.bind(1, depts.dump());
    q.bind(2, std::string(status));
    q.bind(3, std::string(status));
    q.bind(4, limit);
    std::vector<SubmissionRow> out;
    while (q.executeStep()) out.push_back(ReadSubmission(q));
    return out;
  });
}

template <typename B>
Result<std::optional<SubmissionRow>> ReadImpl<B>::SubmissionByReference(std::string_view reference) {
  return Guard("submission by reference", [&]() -> Result<std::optional<SubmissionRow>> {
    auto& q = conn_->Prep(SUBMISSION_SELECT "WHERE reference = ?");
    q.bind(1, std::string(reference));
    if (!q.executeStep()) return std::optional<SubmissionRow>();
    return std::optional<SubmissionRow>(ReadSubmission(q));
  });
}
template Result<std::optional<SubmissionRow>> ReadImpl<ReadTx>::SubmissionByReference(std::string_view);
template Result<std::optional<SubmissionRow>> ReadImpl<WriteTx>::SubmissionByReference(std::string_view);

// The oversight condition, shared by the list and the counts.
#define SUBMISSION_WATCH_WHERE                                                                             \
  "WHERE department IN (SELECT value FROM json_each(?1)) AND (status = 'rejected' OR annulled > 0 OR "     \
  "(status = 'queued' AND accept_due <> '' AND accept_due < ?2)) "

template <typename B>
Result<std::vector<SubmissionRow>> ReadImpl<B>::SubmissionWatch(const std::vector<std::string>& departments,
                                                                const std::string& now, int64_t limit) {
  return Guard("submission watch", [&]() -> Result<std::vector<SubmissionRow>> {
    auto& q = conn_->Prep(SUBMISSION_SELECT SUBMISSION_WATCH_WHERE "ORDER BY received_at DESC, id LIMIT ?3");
    q.bind(1, nlohmann::json(departments).dump());
    q.bind(2, now);
    q.bind(3, limit);
    std::vector<SubmissionRow> out;
    while (q.executeStep()) out.push_back(ReadSubmission(q));
    return out;
  });
}

template <typename B>
Result<std::vector<SubmissionCount>> ReadImpl<B>::SubmissionWatchCounts(const std::vector<std::string>& departments,
                                                                        const std::string& now) {
  return Guard("submission watch counts", [&]() -> Result<std::vector<SubmissionCount>> {
    auto& q = conn_->Prep(
        "SELECT department, SUM(status = 'rejected'), "
        "SUM(status = 'queued' AND accept_due <> '' AND accept_due < ?2), SUM(annulled > 0) "
        "FROM submissions " SUBMISSION_WATCH_WHERE "GROUP BY department ORDER BY department");
    q.bind(1, nlohmann::json(departments).dump());
    q.bind(2, now);
    std::vector<SubmissionCount> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
                     q.getColumn(3).getInt64()});
    return out;
  });
}

template Result<std::vector<SubmissionRow>> ReadImpl<ReadTx>::SubmissionWatch(const std::vector<std::string>&,
                                                                              const std::string&, int64_t);
template Result<std::vector<SubmissionRow>> ReadImpl<WriteTx>::SubmissionWatch(const std::vector<std::string>&,
                                                                               const std::string&, int64_t);
template Result<std::vector<SubmissionCount>> ReadImpl<ReadTx>::SubmissionWatchCounts(
    const std::vector<std::string>&, const std::string&);
template Result<std::vector<SubmissionCount>> ReadImpl<WriteTx>::SubmissionWatchCounts(
    const std::vector<std::string>&, const std::string&);
template Result<std::optional<SubmissionRow>> ReadImpl<ReadTx>::Submission(std::string_view);
template Result<std::optional<SubmissionRow>> ReadImpl<WriteTx>::Submission(std::string_view);
template Result<std::vector<SubmissionRow>> ReadImpl<ReadTx>::Submissions(const std::vector<std::string>&,
                                                                          std::string_view, int64_t);
template Result<std::vector<SubmissionRow>> ReadImpl<WriteTx>::Submissions(const std::vector<std::string>&,
                                                                           std::string_view, int64_t);

// Write side, called by SqliteWriteTx.
Status InsertSubmissionRow(Conn& conn, const SubmissionRow& s) {
  return Guard("insert submission", [&] {
    auto& q = conn.Prep(
        "INSERT INTO submissions(id, reference, department, category, status, received_at, entry_idx, surname, "
        "given_name, patronymic, birth_date, address, phone, id_document, summary, decided_at, decided_by, "
        "appeal_id, appeal_number, reason, ground, keyword_flag, citizen_crime_signs, accept_due, check_code, annulled) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const std::string* v[] = {&s.id,         &s.reference,  &s.department, &s.category, &s.status,
                              &s.received_at};
    for (int i = 0; i < 6; ++i) q.bind(i + 1, *v[i]);
    q.bind(7, s.entry_idx);
    const std::string* rest[] = {&s.surname,     &s.given_name, &s.patronymic, &s.birth_date, &s.address,
                                 &s.phone,       &s.id_document, &s.summary,   &s.decided_at, &s.decided_by,
                                 &s.appeal_id,   &s.appeal_number, &s.reason};
    for (int i = 0; i < 13; ++i) q.bind(8 + i, *rest[i]);
    q.bind(21, s.ground);
    q.bind(22, static_cast<int64_t>(s.keyword_flag));
    q.bind(23, s.citizen_crime_signs);
    q.bind(24, s.accept_due);
    q.bind(25, s.check_code);
    q.bind(26, s.annulled);
    q.exec();
    return Status::Ok();
  });
}

Status UpdateSubmissionRow(Conn& conn, const SubmissionRow& s) {
  return Guard("update submission", [&]() -> Status {
    auto& q = conn.Prep(
        "UPDATE submissions SET status = ?, surname = ?, given_name = ?, patronymic = ?, birth_date = ?, "
        "address = ?, phone = ?, id_document = ?, summary = ?, decided_at = ?, decided_by = ?, appeal_id = ?, "
        "appeal_number = ?, reason = ?, ground = ?, accept_due = ?, check_code = ?, annulled = ? WHERE id = ?");
    const std::string* v[] = {&s.status,     &s.surname,    &s.given_name, &s.patronymic, &s.birth_date,
                              &s.address,    &s.phone,      &s.id_document, &s.summary,   &s.decided_at,
                              &s.decided_by, &s.appeal_id,  &s.appeal_number, &s.reason,  &s.ground,
                              &s.accept_due, &s.check_code};
    for (int i = 0; i < 17; ++i) q.bind(i + 1, *v[i]);
    q.bind(18, s.annulled);
    q.bind(19, s.id);
    if (q.exec() != 1) return Status::NotFound("no submission " + s.id);
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
