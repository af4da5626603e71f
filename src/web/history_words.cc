#include "web/history_words.h"

#include "http/i18n.h"
#include "util/clock.h"

namespace sabt::web {

std::string HistoryDetail(app::App& app, const app::HistoryLine& l, const std::string& lang) {
  auto snap = app.catalog().Get();
  bool crime = l.kind.rfind("crime.", 0) == 0 || l.kind.rfind("case.", 0) == 0;
  std::vector<std::string> parts;
  if (!l.to.empty()) parts.push_back(http::T(lang, (crime ? "cr_status_" : "status_") + l.to));
  if (!l.officer_name.empty()) parts.push_back(l.officer_name);
  if (!l.agency.empty()) parts.push_back("→ " + l.agency);
  if (!l.to_department.empty()) {
    const auto* d = snap->tree.Find(l.to_department);
    parts.push_back("→ " + (d ? d->Name(lang) : l.to_department));
  }
  if (!l.case_number.empty()) parts.push_back(l.case_number);
  if (!l.person_role.empty()) parts.push_back(http::T(lang, "cr_role_" + l.person_role));
  if (!l.ground.empty())
    parts.push_back(crime ? snap->ItemName(snap->refusal_grounds, l.ground, lang)
                          : snap->ItemName(snap->return_grounds, l.ground, lang));
  if (l.days > 0) parts.push_back("+" + std::to_string(l.days) + " " + http::T(lang, "hw_days"));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

mstch::array HistoryRows(app::App& app, const std::vector<app::HistoryLine>& lines, const std::string& lang) {
  mstch::array out;
  for (const auto& l : lines)
    out.push_back(mstch::map{{"index", std::to_string(l.index)},
                             {"at", DisplayTime(l.at)},
                             {"kind", http::T(lang, "kind_" + l.kind)},
                             {"actor", l.actor_name},
                             {"detail", HistoryDetail(app, l, lang)}});
  return out;
}

}  // namespace sabt::web
