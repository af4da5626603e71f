// The auditor's journal viewer (docs/api.md "GET /audit/journal"): one page
// of journal entries matching a filter, newest first. Both backends
// implement ReadTx::SearchJournal with the same SQL meaning.
#pragma once
#include <cstdint>
#include <string>

namespace sabt::store {

struct JournalFilter {
  std::string actor;    // user id ("" = anyone); matched against the entry's "actor"
  std::string subject;  // "" = any record
  std::string kind;     // "" = any kind
  std::string from_at;  // RFC 3339 UTC, inclusive ("" = no bound)
  std::string to_at;    // RFC 3339 UTC, exclusive ("" = no bound)
  int64_t before_idx = 0;  // only entries with idx < before_idx (0 = no bound)
  int64_t limit = 50;
};

struct JournalHit {
  int64_t idx = 0;
  std::string kind, subject, at;
  std::string entry;    // canonical JSON bytes of the entry (header)
  std::string payload;  // payload body of an audit.viewed entry; "" otherwise or once erased
  bool has_payload = false;
};

}  // namespace sabt::store
