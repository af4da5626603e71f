// The pull's sections and their versions, and the signed pull request of
// protocol 2 (docs/sync-protocol.md §7, §7.1): shared by parent and child,
// and the parent's side of it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/sync_parent.h"
#include "journal/checkpoint.h"
#include "store/rows.h"

namespace sabt::app {

// The sections of a pull answer (§7). On the wire `users` is two members,
// `users` and `password_hashes`; its version covers both.
inline constexpr const char* kPullSections[] = {"departments", "reference", "users", "appeals"};
inline constexpr std::string_view kPullV2Prefix = "sabt-sync-pull/2\n";

// Version of one section of a pull answer (hex of the first 16 bytes of
// SHA-256 of its canonical JSON); "" when the answer lacks the section.
std::string SectionVersion(const nlohmann::json& answer, std::string_view section);

// The `appeals` section: statuses of the appeals numbered in `series`, sorted by id.
nlohmann::json AppealStatuses(const std::vector<store::AppealRow>& rows, const std::string& series);

// Text of a protocol 2 pull request; `have` maps sections to versions held.
std::string PullNoteText(const std::string& origin, int64_t counter, const nlohmann::json& have);
struct PullRequest2 {
  std::string origin;
  int64_t counter = 0;
  nlohmann::json have = nlohmann::json::object();
};
// kInvalid unless `text` is a well-formed protocol 2 pull request.
Result<PullRequest2> ParsePullNoteText(std::string_view text);

// Parent: checks a protocol 2 pull note of the active device `origin` signed
// with `key`, and spends its counter (one writer command). nullopt when the
// pull may be answered (*have filled), else the refusal (403 bad_signature,
// replayed; nothing written).
std::optional<SyncAnswer> AuthorizePull2(App& app, const std::string& origin, const VerifierKey& key,
                                         const std::string& note, nlohmann::json* have);
// Parent: the whole pull answer for an enrolled device's record (its unit only).
Result<nlohmann::json> PullSections(store::ReadTx& tx, const nlohmann::json& device);
// The answer without the sections whose version equals the one held.
nlohmann::json OmitUnchanged(nlohmann::json answer, const nlohmann::json& have);

}  // namespace sabt::app
