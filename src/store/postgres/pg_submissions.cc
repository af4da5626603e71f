// PostgreSQL: the online submission queue (store.h, Submission/Submissions
// and the two writes), with its own named statements.
#include <nlohmann/json.hpp>

#include "store/postgres/pg_read.h"

namespace sabt::store::postgres {
namespace {

#define SUBMISSION_SELECT                                                                                  \
  "SELECT id, reference, department, category, status, received_at, entry_idx, surname, given_name, "     \
  "patronymic, birth_date, address, phone, id_document, summary, decided_at, decided_by, appeal_id, "     \
  "appeal_number, reason, ground, keyword_flag, citizen_crime_signs, accept_due, check_code, annulled "      \
  "FROM submissions "

// The oversight condition, shared by the list and the counts.
#define SUBMISSION_WATCH_WHERE                                                                             \
  "WHERE department IN (SELECT jsonb_array_elements_text($1::jsonb)) AND (status = 'rejected' OR "         \
  "annulled > 0 OR (status = 'queued' AND accept_due <> '' AND accept_due < $2::text)) "

SubmissionRow ReadSubmission(const pqxx::row& r) {
  SubmissionRow s;
  std::string* text[] = {&s.id, &s.reference, &s.department, &s.category, &s.status, &s.received_at};
  for (int i = 0; i < 6; ++i) *text[i] = FieldText(r[i]);
  s.entry_idx = r[6].is_null() ? 0 : r[6].as<int64_t>();
  std::string* rest[] = {&s.surname,     &s.given_name, &s.patronymic, &s.birth_date, &s.address,
                         &s.phone,       &s.id_document, &s.summary,   &s.decided_at, &s.decided_by,
                         &s.appeal_id,   &s.appeal_number, &s.reason};
  for (int i = 0; i < 13; ++i) *rest[i] = FieldText(r[7 + i]);
  s.ground = FieldText(r[20]);
  s.keyword_flag = !r[21].is_null() && r[21].as<int64_t>() != 0;
  s.citizen_crime_signs = FieldText(r[22]);
  s.accept_due = FieldText(r[23]);
  s.check_code = FieldText(r[24]);
  s.annulled = r[25].is_null() ? 0 : r[25].as<int64_t>();
  return s;
}

}  // namespace

void PrepareSubmissionStatements(pqxx::connection& c) {
  c.prepare("submission", SUBMISSION_SELECT "WHERE id = $1");
  c.prepare("submission_by_reference", SUBMISSION_SELECT "WHERE reference = $1");
  c.prepare("submissions",
            SUBMISSION_SELECT
            "WHERE department IN (SELECT jsonb_array_elements_text($1::jsonb)) AND ($2::text = '' OR status = $2::text) "
            "ORDER BY received_at, id LIMIT $3");
  c.prepare("insert_submission",
            "INSERT INTO submissions(id, reference, department, category, status, received_at, entry_idx, surname, "
            "given_name, patronymic, birth_date, address, phone, id_document, summary, decided_at, decided_by, "
            "appeal_id, appeal_number, reason, ground, keyword_flag, citizen_crime_signs, accept_due, check_code, "
            "annulled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
            "$20, $21, $22, $23, $24, $25, $26)");
  c.prepare("update_submission",
            "UPDATE submissions SET status = $1, surname = $2, given_name = $3, patronymic = $4, birth_date = $5, "
            "address = $6, phone = $7, id_document = $8, summary = $9, decided_at = $10, decided_by = $11, "
            "appeal_id = $12, appeal_number = $13, reason = $14, ground = $15, accept_due = $16, check_code = $17, "
            "annulled = $18 WHERE id = $19");
  c.prepare("submission_watch",
            SUBMISSION_SELECT SUBMISSION_WATCH_WHERE "ORDER BY received_at DESC, id LIMIT $3");
  c.prepare("submission_watch_counts",
            "SELECT department, COUNT(*) FILTER (WHERE status = 'rejected'), "
            "COUNT(*) FILTER (WHERE status = 'queued' AND accept_due <> '' AND accept_due < $2::text), "
            "COUNT(*) FILTER (WHERE annulled > 0) FROM submissions " SUBMISSION_WATCH_WHERE
            "GROUP BY department ORDER BY department");
  c.prepare("rows_submissions",
            "SELECT json_build_array(id, reference, department, category, status, received_at, entry_idx, surname, "
            "given_name, patronymic, birth_date, address, phone, id_document, summary, decided_at, decided_by, "
            "appeal_id, appeal_number, reason, ground, keyword_flag, citizen_crime_signs, accept_due, check_code, "
            "annulled)::text FROM submissions ORDER BY id");
  c.prepare("clear_submissions", "DELETE FROM submissions");
}

template <typename B>
Result<std::optional<SubmissionRow>> ReadImpl<B>::Submission(std::string_view id) {
  return Run("submission", [&]() -> Result<std::optional<SubmissionRow>> {
    pqxx::result r = tx_->exec_prepared("submission", std::string(id));
    if (r.empty()) return std::optional<SubmissionRow>();
    return std::optional<SubmissionRow>(ReadSubmission(r[0]));
  });
}

template <typename B>
Result<std::vector<SubmissionRow>> ReadImpl<B>::Submissions(const std::vector<std::string>& departments,
                                                            std::string_view status, int64_t limit) {
  return Run("submissions", [&]() -> Result<std::vector<SubmissionRow>> {
    std::vector<SubmissionRow> out;
    for (const auto& r :
         tx_->exec_prepared("submissions", nlohmann::json(departments).dump(), std::string(status), limit))
      out.push_back(ReadSubmission(r));
    return out;
  });
}

template <typename B>
Result<std::optional<SubmissionRow>> ReadImpl<B>::SubmissionByReference(std::string_view reference) {
  return Run("submission by reference", [&]() -> Result<std::optional<SubmissionRow>> {
    pqxx::result r = tx_->exec_prepared("submission_by_reference", std::string(reference));
    if (r.empty()) return std::optional<SubmissionRow>();
    return std::optional<SubmissionRow>(ReadSubmission(r[0]));
  });
}
template Result<std::optional<SubmissionRow>> ReadImpl<ReadTx>::SubmissionByReference(std::string_view);
template Result<std::optional<SubmissionRow>> ReadImpl<WriteTx>::SubmissionByReference(std::string_view);

template <typename B>
Result<std::vector<SubmissionRow>> ReadImpl<B>::SubmissionWatch(const std::vector<std::string>& departments,
                                                                const std::string& now, int64_t limit) {
  return Run("submission watch", [&]() -> Result<std::vector<SubmissionRow>> {
    std::vector<SubmissionRow> out;
    for (const auto& r : tx_->exec_prepared("submission_watch", nlohmann::json(departments).dump(), now, limit))
      out.push_back(ReadSubmission(r));
    return out;
  });
}

template <typename B>
Result<std::vector<SubmissionCount>> ReadImpl<B>::SubmissionWatchCounts(const std::vector<std::string>& departments,
                                                                        const std::string& now) {
  return Run("submission watch counts", [&]() -> Result<std::vector<SubmissionCount>> {
    std::vector<SubmissionCount> out;
    for (const auto& r : tx_->exec_prepared("submission_watch_counts", nlohmann::json(departments).dump(), now))
      out.push_back({FieldText(r[0]), r[1].as<int64_t>(), r[2].as<int64_t>(), r[3].as<int64_t>()});
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

void InsertSubmissionRow(pqxx::nontransaction& tx, const SubmissionRow& s) {
  tx.exec_prepared0("insert_submission", s.id, s.reference, s.department, s.category, s.status, s.received_at,
                    s.entry_idx, s.surname, s.given_name, s.patronymic, s.birth_date, s.address, s.phone,
                    s.id_document, s.summary, s.decided_at, s.decided_by, s.appeal_id, s.appeal_number, s.reason,
                    s.ground, static_cast<int64_t>(s.keyword_flag), s.citizen_crime_signs, s.accept_due, s.check_code,
                    s.annulled);
}

bool UpdateSubmissionRow(pqxx::nontransaction& tx, const SubmissionRow& s) {
  pqxx::result r = tx.exec_prepared("update_submission", s.status, s.surname, s.given_name, s.patronymic,
                                    s.birth_date, s.address, s.phone, s.id_document, s.summary, s.decided_at,
                                    s.decided_by, s.appeal_id, s.appeal_number, s.reason, s.ground, s.accept_due,
                                    s.check_code, s.annulled, s.id);
  return r.affected_rows() == 1;
}

}  // namespace sabt::store::postgres
