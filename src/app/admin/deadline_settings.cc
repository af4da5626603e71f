#include "app/admin/deadline_settings.h"

#include <optional>

#include "app/admin.h"
#include "app/admin/reference_admin.h"
#include "domain/reference_csv.h"

namespace sabt::app {
namespace {

struct Rule {
  const char* list;
  const char* key;
  const char* unit;
  int64_t min, max;
};
// Which items are deadlines: every appeal category, every crime-check period,
// and the settings measured in hours.
const Rule kRules[] = {
    {"appeal_categories", "deadline_days", "days", 1, 90},
    {"crime_deadlines", "days", "days", 1, 365},
    {"settings", "value", "hours", 1, 720},
};

bool Applies(const Rule& r, const std::string& code) {
  if (std::string(r.list) != "settings") return true;
  return code.size() > 6 && code.compare(code.size() - 6, 6, "_hours") == 0;
}

nlohmann::json Extra(const store::ReferenceItem& i) {
  auto j = nlohmann::json::parse(i.extra.empty() ? "{}" : i.extra, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

std::optional<int64_t> Number(const std::string& s) {
  if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(s);
}

}  // namespace

Result<std::vector<DeadlineField>> DeadlineFields(App& app, const Principal& who) {
  SABT_RETURN_IF_ERROR(RequireNationalAdmin(app, who));
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  std::vector<DeadlineField> out;
  for (const auto& r : kRules) {
    auto items = (*tx)->Reference(r.list);
    if (!items.ok()) return items.status();
    for (const auto& i : *items) {
      if (!Applies(r, i.code)) continue;
      auto extra = Extra(i);
      DeadlineField f;
      f.id = std::string(r.list) + "." + i.code;
      f.list = r.list;
      f.code = i.code;
      f.key = r.key;
      f.unit = r.unit;
      f.min = r.min;
      f.max = r.max;
      f.value = extra.contains(r.key) && extra[r.key].is_number_integer() ? extra[r.key].get<int64_t>() : 0;
      f.name_tg = i.name_tg;
      f.name_ru = i.name_ru;
      f.name_en = i.name_en;
      out.push_back(std::move(f));
    }
  }
  return out;
}

Result<DeadlineSave> SaveDeadlines(App& app, const Principal& who, const std::map<std::string, std::string>& values) {
  auto fields = DeadlineFields(app, who);
  if (!fields.ok()) return fields.status();
  DeadlineSave out;
  std::map<std::string, int64_t> fresh;  // id → value
  for (const auto& f : *fields) {
    auto it = values.find(f.id);
    std::string text = it == values.end() ? std::to_string(f.value) : it->second;
    auto n = Number(text);
    if (!n) out.problems.push_back({f.id, "not_number", f.min, f.max});
    else if (*n < f.min || *n > f.max) out.problems.push_back({f.id, "out_of_range", f.min, f.max});
    else fresh[f.id] = *n;
  }
  // The check may be extended by the head, then by the prosecutor: each
  // limit at least the one before.
  auto v = [&fresh](const char* id) -> std::optional<int64_t> {
    auto it = fresh.find(id);
    return it == fresh.end() ? std::nullopt : std::optional<int64_t>(it->second);
  };
  auto check = v("crime_deadlines.check_days"), head = v("crime_deadlines.head_max_days"),
       prosecutor = v("crime_deadlines.prosecutor_max_days");
  if (check && head && *head < *check) out.problems.push_back({"crime_deadlines.head_max_days", "order", *check, 0});
  if (head && prosecutor && *prosecutor < *head)
    out.problems.push_back({"crime_deadlines.prosecutor_max_days", "order", *head, 0});
  if (!out.problems.empty()) return out;

  for (const auto& r : kRules) {
    std::vector<store::ReferenceItem> items;
    {
      auto tx = app.store().Read();
      if (!tx.ok()) return tx.status();
      auto got = (*tx)->Reference(r.list);
      if (!got.ok()) return got.status();
      items = std::move(*got);
    }
    std::vector<domain::ReferenceRow> rows;
    bool changed = false;
    for (const auto& i : items) {
      domain::ReferenceRow row{i.code, i.name_tg, i.name_ru, i.name_en, Extra(i)};
      auto it = fresh.find(std::string(r.list) + "." + i.code);
      if (it != fresh.end() && Applies(r, i.code)) {
        if (!row.extra.contains(r.key) || row.extra[r.key] != it->second) changed = true;
        row.extra[r.key] = it->second;
      }
      rows.push_back(std::move(row));
    }
    if (!changed) continue;
    SABT_RETURN_IF_ERROR(ApplyReferenceRows(app, r.list, rows, who.user.id, ReferenceDigest(items)));
    ++out.lists_changed;
  }
  return out;
}

}  // namespace sabt::app
