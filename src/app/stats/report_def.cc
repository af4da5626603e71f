#include "app/stats/report_def.h"

#include <map>

#include "util/embedded.h"
#include "util/json_str.h"

namespace sabt::app::stats {
namespace {

bool GoodId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

Result<Label> ParseLabel(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) return Status::Invalid(where + ": a label needs tg, ru and en");
  Label l{JsonStr(j, "tg"), JsonStr(j, "ru"), JsonStr(j, "en")};
  if (l.tg.empty() || l.ru.empty() || l.en.empty()) return Status::Invalid(where + ": a label needs tg, ru and en");
  return l;
}

}  // namespace

Result<ReportDef> ParseReportDef(const nlohmann::json& j) {
  if (!j.is_object()) return Status::Invalid("a report definition is a JSON object");
  ReportDef d;
  d.source = j;
  d.id = JsonStr(j, "id");
  if (!GoodId(d.id)) return Status::Invalid("id: 1-64 characters of a-z, 0-9, '-', '_'");
  auto title = ParseLabel(j.value("title", nlohmann::json()), "title");
  if (!title.ok()) return title.status();
  d.title = *title;
  const auto& rows = j.value("rows", nlohmann::json::object());
  std::string by = JsonStr(rows, "by");
  if (by == "department") {
    d.by_department = true;
  } else if (by == "list") {
    d.by_department = false;
    for (const auto& it : rows.value("items", nlohmann::json::array())) {
      RowItem r;
      r.key = JsonStr(it, "key");
      if (!GoodId(r.key)) return Status::Invalid("rows.items: bad key");
      auto l = ParseLabel(it.value("label", nlohmann::json()), "rows.items." + r.key);
      if (!l.ok()) return l.status();
      r.label = *l;
      for (const auto& v : it.value("values", nlohmann::json::array())) {
        if (!v.is_string()) return Status::Invalid("rows.items." + r.key + ": values are strings");
        r.values.push_back(v.get<std::string>());
      }
      d.items.push_back(std::move(r));
    }
    if (d.items.empty() || d.items.size() > 200) return Status::Invalid("rows.items: 1 to 200 rows");
  } else {
    return Status::Invalid("rows.by: \"department\" or \"list\"");
  }
  d.total = j.value("total", true);
  const auto& cols = j.value("columns", nlohmann::json::array());
  if (!cols.is_array() || cols.empty() || cols.size() > 30) return Status::Invalid("columns: 1 to 30 columns");
  for (const auto& c : cols) {
    ColumnDef col;
    col.id = JsonStr(c, "id");
    if (!GoodId(col.id)) return Status::Invalid("columns: bad id");
    auto l = ParseLabel(c.value("label", nlohmann::json()), "columns." + col.id);
    if (!l.ok()) return l.status();
    col.label = *l;
    col.expr = JsonStr(c, "expr");
    auto terms = domain::stats::ParseExpr(col.expr);
    if (!terms.ok()) return Status::Invalid("columns." + col.id + ".expr: " + terms.status().message());
    for (const auto& t : *terms) {
      if (t.name.find("{row}") != std::string::npos && d.by_department)
        return Status::Invalid("columns." + col.id + ".expr: {row} needs rows.by = \"list\"");
      // With the placeholder expanded the name must still be valid.
      for (const auto& item : d.items)
        for (const auto& v : item.values)
          if (!domain::stats::ParseExpr(domain::stats::ExpandRow({t}, {v}).front().name).ok())
            return Status::Invalid("columns." + col.id + ": row value '" + v + "' makes a bad name");
    }
    col.terms = std::move(*terms);
    d.columns.push_back(std::move(col));
  }
  d.chart_column = JsonStr(j.value("chart", nlohmann::json::object()), "column");
  if (d.chart_column.empty()) d.chart_column = d.columns.front().id;
  bool found = false;
  for (const auto& c : d.columns) found = found || c.id == d.chart_column;
  if (!found) return Status::Invalid("chart.column: not a column id");
  return d;
}

Result<std::vector<ReportDef>> LoadReportDefs(store::ReadTx& tx) {
  std::map<std::string, ReportDef> by_id;
  for (const auto& [path, body] : embedded::Files()) {
    if (path.rfind("data/stats/", 0) != 0 || path.size() < 5 || path.substr(path.size() - 5) != ".json") continue;
    auto j = nlohmann::json::parse(body, nullptr, false);
    auto d = ParseReportDef(j);
    if (!d.ok()) return Status::Internal("built-in report " + path + ": " + d.status().message());
    by_id[d->id] = std::move(*d);
  }
  auto stored = tx.SyncRecords(kReportRecordKind);
  if (!stored.ok()) return stored.status();
  for (const auto& [id, text] : *stored) {
    auto d = ParseReportDef(nlohmann::json::parse(text, nullptr, false));
    if (!d.ok()) return Status::Corruption("journaled report " + id + ": " + d.status().message());
    by_id[d->id] = std::move(*d);
  }
  std::vector<ReportDef> out;
  for (auto& [id, d] : by_id) out.push_back(std::move(d));
  return out;
}

}  // namespace sabt::app::stats
