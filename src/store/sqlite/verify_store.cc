#include "store/sqlite/verify_store.h"

#include <cstring>

#include "store/sqlite/read_impl.h"

namespace sabt::store::sqlite {

Result<std::vector<std::optional<Hash>>> MerkleNodeRangeQ(Conn& c, int level, int64_t from, int64_t to) {
  return Guard("merkle node range", [&]() -> Result<std::vector<std::optional<Hash>>> {
    std::vector<std::optional<Hash>> out(static_cast<size_t>(to > from ? to - from : 0));
    auto& q = c.Prep("SELECT idx, hash FROM merkle_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx");
    q.bind(1, level);
    q.bind(2, from);
    q.bind(3, to);
    while (q.executeStep()) out[static_cast<size_t>(q.getColumn(0).getInt64() - from)] = ColumnHash(q.getColumn(1));
    return out;
  });
}

Result<std::optional<VerifyResultRow>> LatestVerifyResultQ(Conn& c) {
  return Guard("latest verify result", [&]() -> Result<std::optional<VerifyResultRow>> {
    auto& q = c.Prep("SELECT id, note FROM verify_results ORDER BY id DESC LIMIT 1");
    if (!q.executeStep()) return std::optional<VerifyResultRow>();
    return std::optional<VerifyResultRow>(VerifyResultRow{q.getColumn(0).getInt64(), q.getColumn(1).getString()});
  });
}

Status PutVerifyResultQ(Conn& c, const std::string& note) {
  return Guard("put verify result", [&] {
    auto& q = c.Prep("INSERT INTO verify_results(id, note) SELECT coalesce(max(id), 0) + 1, ? FROM verify_results");
    q.bind(1, note);
    q.exec();
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
