#include "store/postgres/pg_verify.h"

#include "store/postgres/pg_read.h"

namespace sabt::store::postgres {

void PrepareVerify(pqxx::connection& c) {
  c.prepare("merkle_node_range",
            "SELECT idx, hash FROM merkle_nodes WHERE level = $1::int AND idx >= $2::bigint AND idx < $3::bigint "
            "ORDER BY idx");
  c.prepare("latest_verify_result", "SELECT id, note FROM verify_results ORDER BY id DESC LIMIT 1");
  c.prepare("put_verify_result",
            "INSERT INTO verify_results(id, note) SELECT coalesce(max(id), 0) + 1, $1::text FROM verify_results");
}

std::vector<std::optional<Hash>> PgMerkleNodeRange(pqxx::transaction_base& tx, int level, int64_t from, int64_t to) {
  std::vector<std::optional<Hash>> out(static_cast<size_t>(to > from ? to - from : 0));
  for (const auto& r : tx.exec_prepared("merkle_node_range", level, from, to))
    out[static_cast<size_t>(r[0].as<int64_t>() - from)] = FieldHash(r[1]);
  return out;
}

std::optional<VerifyResultRow> PgLatestVerifyResult(pqxx::transaction_base& tx) {
  auto r = tx.exec_prepared("latest_verify_result");
  if (r.empty()) return std::nullopt;
  return VerifyResultRow{r[0][0].as<int64_t>(), r[0][1].as<std::string>()};
}

void PgPutVerifyResult(pqxx::transaction_base& tx, const std::string& note) {
  tx.exec_prepared0("put_verify_result", note);
}

}  // namespace sabt::store::postgres
