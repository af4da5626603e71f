#include "store/sqlite/journal_search.h"

#include <algorithm>

#include "store/sqlite/read_impl.h"

namespace sabt::store::sqlite {

Result<std::vector<JournalHit>> SearchJournalQ(Conn& c, const JournalFilter& f) {
  return Guard("journal search", [&]() -> Result<std::vector<JournalHit>> {
    // The actor is read from the entry itself (canonical JSON); the other
    // filters use the indexed columns.
    auto& q = c.Prep(
        "SELECT j.idx, j.kind, j.subject, j.at, j.entry, p.body FROM journal j "
        "LEFT JOIN payloads p ON p.idx = j.idx AND j.kind = 'audit.viewed' "
        "WHERE (?1 = '' OR json_extract(CAST(j.entry AS TEXT), '$.actor') = ?1) "
        "AND (?2 = '' OR j.subject = ?2) AND (?3 = '' OR j.kind = ?3) "
        "AND (?4 = '' OR j.at >= ?4) AND (?5 = '' OR j.at < ?5) AND (?6 <= 0 OR j.idx < ?6) "
        "ORDER BY j.idx DESC LIMIT ?7");
    q.bind(1, f.actor);
    q.bind(2, f.subject);
    q.bind(3, f.kind);
    q.bind(4, f.from_at);
    q.bind(5, f.to_at);
    q.bind(6, f.before_idx);
    q.bind(7, std::clamp<int64_t>(f.limit, 1, 500));
    std::vector<JournalHit> out;
    while (q.executeStep()) {
      JournalHit h;
      h.idx = q.getColumn(0).getInt64();
      h.kind = q.getColumn(1).getString();
      h.subject = q.getColumn(2).getString();
      h.at = q.getColumn(3).getString();
      h.entry = ColumnBlob(q.getColumn(4));
      h.has_payload = !q.getColumn(5).isNull();
      if (h.has_payload) h.payload = ColumnBlob(q.getColumn(5));
      out.push_back(std::move(h));
    }
    return out;
  });
}

}  // namespace sabt::store::sqlite
