#include "app/catalog.h"

#include <nlohmann/json.hpp>

#include "util/clock.h"

namespace sabt::app {

domain::AppealReference CatalogSnapshot::AppealRef() const {
  domain::AppealReference r;
  for (const auto& c : channels) r.channels.insert(c.code);
  for (const auto& c : categories) r.categories.insert(c.code);
  return r;
}

std::string CatalogSnapshot::ItemName(const std::vector<store::ReferenceItem>& list, const std::string& code,
                                      const std::string& lang) const {
  for (const auto& it : list) {
    if (it.code != code) continue;
    if (lang == "ru") return it.name_ru;
    if (lang == "en") return it.name_en;
    return it.name_tg;
  }
  return code;
}

namespace {
nlohmann::json Extra(const std::vector<store::ReferenceItem>& list, const std::string& code) {
  for (const auto& it : list)
    if (it.code == code) {
      auto j = nlohmann::json::parse(it.extra, nullptr, false);
      if (j.is_object()) return j;
    }
  return nlohmann::json::object();
}
}  // namespace

domain::DeadlineRule CatalogSnapshot::DeadlineFor(const std::string& category) const {
  auto extra = Extra(categories, category);
  domain::DeadlineRule r;
  r.days = extra.value("deadline_days", 15);
  r.working_days = extra.value("working_days", false);
  for (const auto& h : holidays) {
    auto d = ParseDate(h.code);
    if (d.ok()) r.holidays.insert(*d);
  }
  return r;
}

int CatalogSnapshot::MaxExtensionDays(const std::string& category) const {
  return Extra(categories, category).value("max_extension_days", 30);
}

int64_t CatalogSnapshot::Setting(const std::string& code, int64_t fallback) const {
  auto v = Extra(settings, code).value("value", nlohmann::json());
  return v.is_number_integer() ? v.get<int64_t>() : fallback;
}

namespace {
domain::KeywordMatcher BuildMatcher(const std::vector<store::ReferenceItem>& items) {
  std::vector<domain::CrimeKeyword> keys;
  for (const auto& it : items) {
    auto extra = nlohmann::json::parse(it.extra, nullptr, false);
    bool stem = !(extra.is_object() && extra.value("match", std::string("stem")) == "word");
    keys.push_back({it.name_tg, stem});
    keys.push_back({it.name_ru, stem});
  }
  return domain::KeywordMatcher::Build(keys);
}
}  // namespace

domain::CheckLimits CatalogSnapshot::CrimeLimits() const {
  domain::CheckLimits l;
  auto days = [&](const char* code, int fallback) { return Extra(crime_deadlines, code).value("days", fallback); };
  l.check_days = days("check_days", l.check_days);
  l.head_max_days = days("head_max_days", l.head_max_days);
  l.prosecutor_max_days = days("prosecutor_max_days", l.prosecutor_max_days);
  l.transfer_accept_days = days("transfer_accept_days", l.transfer_accept_days);
  l.annulled_check_days = days("annulled_check_days", l.annulled_check_days);
  return l;
}

Status Catalog::Reload(store::Store& store) {
  auto tx = store.Read();
  if (!tx.ok()) return tx.status();
  auto depts = (*tx)->Departments();
  if (!depts.ok()) return depts.status();
  auto tree = domain::DepartmentTree::Build(std::move(*depts));
  if (!tree.ok()) return tree.status();
  auto snap = std::make_shared<CatalogSnapshot>();
  snap->tree = std::move(*tree);
  auto ch = (*tx)->Reference("channels");
  if (!ch.ok()) return ch.status();
  snap->channels = std::move(*ch);
  auto cat = (*tx)->Reference("appeal_categories");
  if (!cat.ok()) return cat.status();
  snap->categories = std::move(*cat);
  auto hol = (*tx)->Reference("holidays");
  if (!hol.ok()) return hol.status();
  snap->holidays = std::move(*hol);
  auto grounds = (*tx)->Reference("return_grounds");
  if (!grounds.ok()) return grounds.status();
  snap->return_grounds = std::move(*grounds);
  auto keywords = (*tx)->Reference("crime_keywords");
  if (!keywords.ok()) return keywords.status();
  snap->crime_keywords = std::move(*keywords);
  snap->keyword_matcher = BuildMatcher(snap->crime_keywords);
  auto settings = (*tx)->Reference("settings");
  if (!settings.ok()) return settings.status();
  snap->settings = std::move(*settings);
  for (auto [list, dest] : {std::pair{"crime_deadlines", &snap->crime_deadlines},
                            std::pair{"refusal_grounds", &snap->refusal_grounds},
                            std::pair{"submission_reject_grounds", &snap->submission_reject_grounds}}) {
    auto items = (*tx)->Reference(list);
    if (!items.ok()) return items.status();
    *dest = std::move(*items);
  }
  std::lock_guard<std::mutex> lock(mu_);
  snap_ = std::move(snap);
  return Status::Ok();
}

std::shared_ptr<const CatalogSnapshot> Catalog::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snap_;
}

}  // namespace sabt::app
