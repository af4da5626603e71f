// SQLite: reads of the online submission queue (store.h, Submission/Submissions).
#include <nlohmann/json.hpp>

#include "store/sqlite/read_impl.h"

namespace sabt::store::sqlite {
namespace {

#define SUBMISSION_SELECT                                                                                  \
  "SELECT id, reference, department, category, status, received_at, entry_idx, surname, given_name, "     \
  "patronymic, birth_date, address, phone, id_document, summary, decided_at, decided_by, appeal_id, "     \
  "appeal_number, reason FROM submissions "

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
        "appeal_id, appeal_number, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const std::string* v[] = {&s.id,         &s.reference,  &s.department, &s.category, &s.status,
                              &s.received_at};
    for (int i = 0; i < 6; ++i) q.bind(i + 1, *v[i]);
    q.bind(7, s.entry_idx);
    const std::string* rest[] = {&s.surname,     &s.given_name, &s.patronymic, &s.birth_date, &s.address,
                                 &s.phone,       &s.id_document, &s.summary,   &s.decided_at, &s.decided_by,
                                 &s.appeal_id,   &s.appeal_number, &s.reason};
    for (int i = 0; i < 13; ++i) q.bind(8 + i, *rest[i]);
    q.exec();
    return Status::Ok();
  });
}

Status UpdateSubmissionRow(Conn& conn, const SubmissionRow& s) {
  return Guard("update submission", [&]() -> Status {
    auto& q = conn.Prep(
        "UPDATE submissions SET status = ?, surname = ?, given_name = ?, patronymic = ?, birth_date = ?, "
        "address = ?, phone = ?, id_document = ?, summary = ?, decided_at = ?, decided_by = ?, appeal_id = ?, "
        "appeal_number = ?, reason = ? WHERE id = ?");
    const std::string* v[] = {&s.status,     &s.surname,    &s.given_name, &s.patronymic, &s.birth_date,
                              &s.address,    &s.phone,      &s.id_document, &s.summary,   &s.decided_at,
                              &s.decided_by, &s.appeal_id,  &s.appeal_number, &s.reason,  &s.id};
    for (int i = 0; i < 15; ++i) q.bind(i + 1, *v[i]);
    if (q.exec() != 1) return Status::NotFound("no submission " + s.id);
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
