#include "app/admin/reference_admin.h"

#include <map>
#include <set>

#include "app/admin.h"
#include "app/crime_classifier.h"
#include "domain/crime.h"
#include "domain/reference_csv.h"
#include "domain/role.h"

namespace sabt::app {
namespace {

using Columns = std::map<std::string, std::string>;  // column → value as text

std::string Text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_null()) return "";
  return v.dump();
}

Columns ItemColumns(const std::string& tg, const std::string& ru, const std::string& en, const nlohmann::json& extra) {
  Columns c{{"name_tg", tg}, {"name_ru", ru}, {"name_en", en}};
  if (extra.is_object())
    for (auto it = extra.begin(); it != extra.end(); ++it) c[it.key()] = Text(it.value());
  return c;
}

Columns ArticleColumns(const std::string& severity, const std::string& tg, const std::string& ru,
                       const std::string& en, bool sample) {
  return {{"severity", severity}, {"title_tg", tg}, {"title_ru", ru}, {"title_en", en}, {"sample", sample ? "yes" : "no"}};
}

// Rows keyed and in file order (`fresh`), against the current rows (`now`).
std::vector<RowChange> Compare(const std::vector<std::pair<std::string, Columns>>& now,
                               const std::vector<std::pair<std::string, Columns>>& fresh) {
  std::map<std::string, const Columns*> old;
  for (const auto& [k, c] : now) old[k] = &c;
  std::set<std::string> kept;
  std::vector<RowChange> out;
  for (const auto& [k, c] : fresh) {
    kept.insert(k);
    auto it = old.find(k);
    if (it == old.end()) {
      RowChange ch{k, "added", {}};
      for (const auto& [f, v] : c) ch.fields.push_back({f, "", v});
      out.push_back(std::move(ch));
      continue;
    }
    RowChange ch{k, "changed", {}};
    std::set<std::string> fields;
    for (const auto& [f, v] : c) fields.insert(f);
    for (const auto& [f, v] : *it->second) fields.insert(f);
    for (const auto& f : fields) {
      auto a = it->second->find(f);
      auto b = c.find(f);
      std::string before = a == it->second->end() ? "" : a->second, after = b == c.end() ? "" : b->second;
      if (before != after) ch.fields.push_back({f, before, after});
    }
    if (!ch.fields.empty()) out.push_back(std::move(ch));
  }
  for (const auto& [k, c] : now)
    if (!kept.count(k)) out.push_back({k, "removed", {}});
  return out;
}

Result<UploadCheck> CheckReference(App& app, const std::string& list, std::string_view csv) {
  UploadCheck out;
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto current = (*tx)->Reference(list);
  if (!current.ok()) return current.status();
  out.base = ReferenceDigest(*current);
  auto parsed = domain::ParseReferenceCsv(list, csv);
  if (auto* p = std::get_if<std::vector<domain::LineProblem>>(&parsed)) {
    out.problems = std::move(*p);
    return out;
  }
  std::vector<std::pair<std::string, Columns>> now, fresh;
  for (const auto& i : *current)
    now.push_back({i.code, ItemColumns(i.name_tg, i.name_ru, i.name_en,
                                       nlohmann::json::parse(i.extra.empty() ? "{}" : i.extra, nullptr, false))});
  for (const auto& r : std::get<std::vector<domain::ReferenceRow>>(parsed))
    fresh.push_back({r.code, ItemColumns(r.name_tg, r.name_ru, r.name_en, r.extra)});
  out.rows = static_cast<int64_t>(fresh.size());
  out.changes = Compare(now, fresh);
  return out;
}

Result<UploadCheck> CheckClassifier(App& app, std::string_view csv) {
  UploadCheck out;
  auto current = LoadClassifier(app);
  if (!current.ok()) return current.status();
  out.base = std::to_string(current->version);
  auto parsed = domain::ParseClassifierCsv(csv);
  if (auto* p = std::get_if<std::vector<domain::LineProblem>>(&parsed)) {
    out.problems = std::move(*p);
    return out;
  }
  std::vector<std::pair<std::string, Columns>> now, fresh;
  for (const auto& a : current->articles)
    now.push_back({a.article + "/" + a.part, ArticleColumns(a.severity, a.title_tg, a.title_ru, a.title_en, a.sample)});
  for (const auto& a : std::get<std::vector<domain::Article>>(parsed))
    fresh.push_back({a.article + "/" + a.part, ArticleColumns(std::string(domain::SeverityId(a.severity)), a.title_tg,
                                                              a.title_ru, a.title_en, a.sample)});
  out.rows = static_cast<int64_t>(fresh.size());
  out.changes = Compare(now, fresh);
  return out;
}

Status CheckList(const std::string& list) {
  if (list != kClassifierList && !domain::IsReferenceList(list)) return Status::Invalid("unknown list '" + list + "'");
  return Status::Ok();
}

}  // namespace

Status RequireNationalAdmin(App& app, const Principal& who) {
  if (!domain::Allows(who.role, domain::Action::kManageUsers)) return Status::Denied("only an admin");
  const auto* d = app.catalog().Get()->tree.Find(who.user.department);
  if (!d || !d->parent.empty()) return Status::Denied("national data is edited by an admin of the root department");
  return Status::Ok();
}

Result<std::vector<ListSummary>> ReferenceSummaries(App& app, const Principal& who) {
  SABT_RETURN_IF_ERROR(RequireNationalAdmin(app, who));
  std::vector<ListSummary> out;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    for (const auto& list : domain::ReferenceLists()) {
      auto items = (*tx)->Reference(list);
      if (!items.ok()) return items.status();
      out.push_back({list, static_cast<int64_t>(items->size()), 0});
    }
  }
  auto c = LoadClassifier(app);
  if (!c.ok()) return c.status();
  out.push_back({kClassifierList, static_cast<int64_t>(c->articles.size()), c->version});
  return out;
}

Result<UploadCheck> PreviewUpload(App& app, const Principal& who, const std::string& list, std::string_view csv) {
  SABT_RETURN_IF_ERROR(RequireNationalAdmin(app, who));
  SABT_RETURN_IF_ERROR(CheckList(list));
  return list == kClassifierList ? CheckClassifier(app, csv) : CheckReference(app, list, csv);
}

Result<UploadCheck> ApplyUpload(App& app, const Principal& who, const std::string& list, std::string_view csv,
                                const std::string& base) {
  auto check = PreviewUpload(app, who, list, csv);
  if (!check.ok() || !check->problems.empty()) return check;
  if (check->base != base) return Status::Conflict("the list changed since the preview");
  if (list == kClassifierList) {
    // The same import as `sabt classifier import`, pinned to the previewed version.
    auto r = ImportClassifier(app, csv, who.user.id, std::stoll(base));
    if (!r.problems.empty()) {
      check->problems = std::move(r.problems);
      return check;
    }
    if (!r.reply.ok()) return r.reply.status();
    return check;
  }
  auto parsed = domain::ParseReferenceCsv(list, csv);
  const auto* rows = std::get_if<std::vector<domain::ReferenceRow>>(&parsed);
  if (!rows) return Status::Internal("the file parsed differently on apply");
  SABT_RETURN_IF_ERROR(ApplyReferenceRows(app, list, *rows, who.user.id, base));
  return check;
}

}  // namespace sabt::app
