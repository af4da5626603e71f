#include "app/sync_pull.h"

#include <algorithm>
#include <charconv>

#include "domain/department.h"
#include "util/hex.h"
#include "util/jcs.h"
#include "util/json_str.h"
#include "util/sha256.h"

namespace sabt::app {
namespace {

std::string Version(const nlohmann::json& section) {
  auto canon = Canonicalize(section);
  if (!canon.ok()) return "";
  Hash h = Sha256(*canon);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(h.data()), 16));
}

bool IsVersion(std::string_view v) {
  if (v == "-") return true;
  if (v.size() != 32) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

SyncAnswer Refuse(int status, const std::string& error, const std::string& message) {
  SyncAnswer a;
  a.http_status = status;
  a.body = {{"error", error}, {"message", message}};
  return a;
}

}  // namespace

std::string SectionVersion(const nlohmann::json& answer, std::string_view section) {
  if (!answer.is_object()) return "";
  if (section == "users") {
    if (!answer.contains("users")) return "";
    return Version(nlohmann::json{{"users", answer["users"]},
                                  {"password_hashes", answer.value("password_hashes", nlohmann::json::object())}});
  }
  auto it = answer.find(std::string(section));
  return it == answer.end() ? "" : Version(*it);
}

nlohmann::json AppealStatuses(const std::vector<store::AppealRow>& rows, const std::string& series) {
  std::vector<const store::AppealRow*> mine;
  for (const auto& a : rows)
    if (!series.empty() && a.series == series) mine.push_back(&a);
  std::sort(mine.begin(), mine.end(), [](const auto* x, const auto* y) { return x->id < y->id; });
  nlohmann::json out = nlohmann::json::array();
  for (const auto* a : mine)
    out.push_back({{"id", a->id}, {"status", a->status}, {"assigned_to", a->assigned_to},
                   {"due_day", a->due_day}, {"extended", a->extended}, {"closed_at", a->closed_at}});
  return out;
}

std::string PullNoteText(const std::string& origin, int64_t counter, const nlohmann::json& have) {
  std::string text = std::string(kPullV2Prefix) + origin + "\n" + std::to_string(counter) + "\n";
  for (const char* s : kPullSections) {
    std::string v = have.is_object() ? JsonStr(have, s) : std::string();
    text += std::string(s) + " " + (v.empty() ? "-" : v) + "\n";
  }
  return text;
}

Result<PullRequest2> ParsePullNoteText(std::string_view text) {
  if (text.substr(0, kPullV2Prefix.size()) != kPullV2Prefix) return Status::Invalid("not a protocol 2 pull request");
  std::vector<std::string_view> lines;
  std::string_view rest = text.substr(kPullV2Prefix.size());
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return Status::Invalid("pull request text must end in a newline");
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  constexpr size_t kSections = sizeof(kPullSections) / sizeof(kPullSections[0]);
  if (lines.size() != 2 + kSections) return Status::Invalid("pull request has the wrong number of lines");
  PullRequest2 out;
  out.origin = std::string(lines[0]);
  auto [p, ec] = std::from_chars(lines[1].data(), lines[1].data() + lines[1].size(), out.counter);
  if (ec != std::errc() || p != lines[1].data() + lines[1].size() || out.counter <= 0)
    return Status::Invalid("pull request counter is not a positive number");
  for (size_t i = 0; i < kSections; ++i) {
    std::string want = std::string(kPullSections[i]) + " ";
    std::string_view line = lines[2 + i];
    if (line.substr(0, want.size()) != want || !IsVersion(line.substr(want.size())))
      return Status::Invalid("pull request line " + std::to_string(3 + i) + " is not '" + want + "<version>'");
    std::string_view v = line.substr(want.size());
    if (v != "-") out.have[kPullSections[i]] = std::string(v);
  }
  return out;
}

std::optional<SyncAnswer> AuthorizePull2(App& app, const std::string& origin, const VerifierKey& key,
                                         const std::string& note, nlohmann::json* have) {
  auto text = OpenNote(note, key.name, key.public_key);
  if (!text.ok()) return Refuse(403, "bad_signature", "pull request not signed by the device");
  auto req = ParsePullNoteText(*text);
  if (!req.ok()) return Refuse(403, "bad_signature", req.status().message());
  if (req->origin != origin) return Refuse(403, "bad_signature", "the pull request is of another device");
  // Single use: the counter must exceed the highest one accepted, which is
  // raised before anything is answered (§7.1).
  const std::string state_key = "pull_counter/" + origin;
  const int64_t counter = req->counter;
  auto r = app.writer().Run([state_key, counter](WriteContext& ctx) -> Result<nlohmann::json> {
    auto cur = ctx.tx().LocalState(state_key);
    if (!cur.ok()) return cur.status();
    int64_t last = 0;
    if (cur->has_value()) {
      const std::string& s = **cur;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), last);
      if (ec != std::errc()) return Status::Corruption("stored pull counter is not a number");
    }
    if (counter <= last) return nlohmann::json{{"replayed", last}};
    SABT_RETURN_IF_ERROR(ctx.tx().PutLocalState(state_key, std::to_string(counter)));
    return nlohmann::json::object();
  });
  if (!r.ok()) return Refuse(500, "internal", "internal error");
  if (r->contains("replayed")) {
    // The highest counter accepted, so that an honest laptop can go above it.
    SyncAnswer a = Refuse(403, "replayed", "this pull request was already answered (its counter is not new)");
    a.body["counter"] = (*r)["replayed"];
    return a;
  }
  *have = std::move(req->have);
  return std::nullopt;
}

Result<nlohmann::json> PullSections(store::ReadTx& tx, const nlohmann::json& device) {
  const std::string department = JsonStr(device, "department");
  nlohmann::json out = {{"departments", nlohmann::json::array()},
                        {"reference", nlohmann::json::object()},
                        {"users", nlohmann::json::array()},
                        {"password_hashes", nlohmann::json::object()},
                        {"appeals", nlohmann::json::array()}};
  auto deps = tx.Departments();
  if (!deps.ok()) return deps.status();
  // Only the unit, its ancestors and its sub-units: what a laptop holds is
  // what a thief gets (§7).
  auto tree = domain::DepartmentTree::Build(*deps);
  if (!tree.ok()) return tree.status();
  auto needed = [&](const std::string& code) {
    return tree->InScope(code, department) || tree->InScope(department, code);
  };
  std::vector<const domain::Department*> sorted;
  for (const auto& dep : *deps)
    if (needed(dep.code)) sorted.push_back(&dep);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->code < b->code; });
  for (const auto* dep : sorted)
    out["departments"].push_back({{"code", dep->code}, {"parent", dep->parent},
                                  {"kind", std::string(domain::DepartmentKindId(dep->kind))},
                                  {"name_tg", dep->name_tg}, {"name_ru", dep->name_ru}, {"name_en", dep->name_en}});
  for (const char* list : {"appeal_categories", "channels", "holidays", "return_grounds", "crime_keywords",
                           "settings", "crime_deadlines", "refusal_grounds", "jamoats"}) {
    auto items = tx.Reference(list);
    if (!items.ok()) return items.status();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& it : *items)
      rows.push_back({{"code", it.code}, {"name_tg", it.name_tg}, {"name_ru", it.name_ru}, {"name_en", it.name_en},
                      {"extra", it.extra}});
    out["reference"][list] = rows;
  }
  auto users = tx.Users();
  if (!users.ok()) return users.status();
  // A district answers its laptops' pulls and signs in its own officers: it
  // gets the users of its subtree; a laptop only its unit's (§7, §13).
  const bool district = JsonStr(device, "role") == "district";
  std::vector<const store::UserRow*> mine;
  for (const auto& u : *users)
    if (district ? tree->InScope(department, u.department) : u.department == department) mine.push_back(&u);
  std::sort(mine.begin(), mine.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  for (const auto* u : mine) {
    out["users"].push_back({{"id", u->id}, {"username", u->username}, {"role", u->role}, {"department", u->department},
                            {"display_name", u->display_name}, {"disabled", u->disabled}});
    if (!u->disabled) out["password_hashes"][u->id] = u->password_hash;
  }
  // A district is the working node of its subtree: no appeal statuses (§13).
  // A laptop gets those of the appeals it registered (its series), the only
  // ones it holds.
  if (!district) {
    auto page = tx.Appeals({department}, 0, 100000);
    if (!page.ok()) return page.status();
    out["appeals"] = AppealStatuses(page->rows, JsonStr(device, "series"));
  }
  return out;
}

nlohmann::json OmitUnchanged(nlohmann::json answer, const nlohmann::json& have) {
  for (const char* s : kPullSections) {
    std::string held = have.is_object() ? JsonStr(have, s) : std::string();
    if (held.empty() || held != SectionVersion(answer, s)) continue;
    answer.erase(s);
    if (std::string_view(s) == "users") answer.erase("password_hashes");
  }
  return answer;
}

}  // namespace sabt::app
