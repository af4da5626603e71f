#include "store/postgres/pg_journal_search.h"

#include <algorithm>

#include "store/postgres/pg_read.h"

namespace sabt::store::postgres {

void PrepareJournalSearch(pqxx::connection& c) {
  // The actor is read from the entry itself (canonical JSON, UTF-8); the
  // other filters use the columns.
  c.prepare("journal_search",
            "SELECT j.idx, j.kind, j.subject, j.at, j.entry, p.body FROM journal j "
            "LEFT JOIN payloads p ON p.idx = j.idx AND j.kind = 'audit.viewed' "
            "WHERE ($1::text = '' OR (convert_from(j.entry, 'UTF8')::jsonb ->> 'actor') = $1::text) "
            "AND ($2::text = '' OR j.subject = $2::text) AND ($3::text = '' OR j.kind = $3::text) "
            "AND ($4::text = '' OR j.at >= $4::text) AND ($5::text = '' OR j.at < $5::text) "
            "AND ($6::bigint <= 0 OR j.idx < $6::bigint) "
            "ORDER BY j.idx DESC LIMIT $7::bigint");
}

std::vector<JournalHit> PgSearchJournal(pqxx::transaction_base& tx, const JournalFilter& f) {
  std::vector<JournalHit> out;
  for (const auto& r : tx.exec_prepared("journal_search", f.actor, f.subject, f.kind, f.from_at, f.to_at,
                                        f.before_idx, std::clamp<int64_t>(f.limit, 1, 500))) {
    JournalHit h;
    h.idx = r[0].as<int64_t>();
    h.kind = FieldText(r[1]);
    h.subject = FieldText(r[2]);
    h.at = FieldText(r[3]);
    h.entry = FieldBytes(r[4]);
    h.has_payload = !r[5].is_null();
    if (h.has_payload) h.payload = FieldBytes(r[5]);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace sabt::store::postgres
