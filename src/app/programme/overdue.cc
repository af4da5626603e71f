#include "app/programme/overdue.h"

#include <algorithm>

#include "domain/programme/programme_rules.h"
#include "util/clock.h"
#include "util/json_str.h"

namespace sabt::app::programme {

void AddProgrammeCards(const Principal& who, StartPage* page) {
  if (!domain::Allows(who.role, domain::Action::kReadProgramme)) return;
  page->cards.push_back({"programme", "/programme", -1, false});
  page->cards.push_back({"indicators", "/programme/indicators", -1, false});
  if (domain::Allows(who.role, domain::Action::kReadEquipment))
    page->cards.push_back({"equipment", "/equipment", -1, false});
}

Status AddOverdueBlock(App& app, const Principal& who, StartPage* page) {
  const int64_t today = (app.clock().NowMillis() + kTajikOffsetMinutes * 60000LL) / 86400000;
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto day = [](const std::string& s) -> int64_t {
    auto d = ParseDate(s);
    return d.ok() ? *d : -1;
  };
  auto acts = (*tx)->ProgrammeRecords("activity");
  if (!acts.ok()) return acts.status().code() == Code::kUnavailable ? Status::Ok() : acts.status();
  for (const auto& [id, v] : *acts) {
    auto j = nlohmann::json::parse(v, nullptr, false);
    if (!j.is_object() || JsonStr(j, "owner") != who.user.id) continue;
    int64_t to = day(JsonStr(j, "to"));
    if (!domain::programme::ActivityOverdue(JsonStr(j, "status"), to, today)) continue;
    std::string title = j.contains("title") ? JsonStr(j["title"], "tg") : "";
    page->programme_due.push_back({"activity", id, JsonStr(j, "code") + " " + title, JsonStr(j, "to"),
                                   "/programme/activities/" + id, today - to});
  }
  auto decs = (*tx)->ProgrammeRecords("decision");
  if (!decs.ok()) return decs.status();
  for (const auto& [id, v] : *decs) {
    auto j = nlohmann::json::parse(v, nullptr, false);
    if (!j.is_object() || JsonStr(j, "assignee") != who.user.id) continue;
    int64_t dl = day(JsonStr(j, "deadline"));
    if (!domain::programme::DecisionOverdue(JsonStr(j, "status"), dl, today)) continue;
    page->programme_due.push_back(
        {"decision", id, JsonStr(j, "text"), JsonStr(j, "deadline"), "/programme/decisions/" + id, today - dl});
  }
  std::stable_sort(page->programme_due.begin(), page->programme_due.end(),
                   [](const auto& a, const auto& b) { return a.days_late > b.days_late; });
  return Status::Ok();
}

}  // namespace sabt::app::programme
