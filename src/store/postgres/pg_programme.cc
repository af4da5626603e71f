#include "store/postgres/pg_programme.h"

namespace sabt::store::postgres {
namespace {

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kProgrammeStatements[] = {
    {"programme_record", "SELECT value FROM programme_records WHERE kind = $1::text AND id = $2::text"},
    {"programme_records", "SELECT id, value FROM programme_records WHERE kind = $1::text ORDER BY id"},
    {"put_programme_record",
     "INSERT INTO programme_records(kind, id, value) VALUES ($1, $2, $3) "
     "ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value"},
    {"clear_programme_records", "DELETE FROM programme_records"},
    {"rows_programme_records",
     "SELECT json_build_array(kind || '/' || id, value)::text FROM programme_records ORDER BY kind, id"},
};

}  // namespace

void PrepareProgramme(pqxx::connection& c) {
  for (const auto& s : kProgrammeStatements) c.prepare(s.name, s.sql);
}

std::optional<std::string> PgProgrammeRecord(pqxx::transaction_base& tx, std::string_view kind, std::string_view id) {
  pqxx::result r = tx.exec_prepared("programme_record", std::string(kind), std::string(id));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

std::vector<std::pair<std::string, std::string>> PgProgrammeRecords(pqxx::transaction_base& tx,
                                                                    std::string_view kind) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : tx.exec_prepared("programme_records", std::string(kind)))
    out.emplace_back(r[0].as<std::string>(), r[1].as<std::string>());
  return out;
}

void PgPutProgrammeRecord(pqxx::transaction_base& tx, std::string_view kind, std::string_view id,
                          std::string_view value) {
  tx.exec_prepared0("put_programme_record", std::string(kind), std::string(id), std::string(value));
}

void PgClearProgramme(pqxx::transaction_base& tx) { tx.exec_prepared0("clear_programme_records"); }

}  // namespace sabt::store::postgres
