#include "app/stats/report_format.h"

#include <cstdio>

namespace sabt::app::stats {
namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Labels(const ReportResult& r, const char* en, const char* ru, const char* tg) {
  return r.lang == "en" ? en : r.lang == "ru" ? ru : tg;
}

}  // namespace

std::string CellText(const ReportResult& r, const Cell& c) {
  if (c.suppressed) return "<" + std::to_string(r.suppressed_below.value_or(3));
  return std::to_string(c.value);
}

std::string ChangeText(const Cell& c) {
  auto pct = c.ChangePct();
  if (!pct) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f %%", *pct);
  return buf;
}

nlohmann::json ReportJson(const ReportResult& r) {
  nlohmann::json cols = nlohmann::json::array();
  for (const auto& c : r.def.columns) cols.push_back({{"id", c.id}, {"label", c.label.In(r.lang)}, {"expr", c.expr}});
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.rows) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& c : row.cells) {
      auto pct = c.ChangePct();
      cells.push_back({{"value", c.suppressed ? nlohmann::json(nullptr) : nlohmann::json(c.value)},
                       {"before", c.before ? nlohmann::json(*c.before) : nlohmann::json(nullptr)},
                       {"change_pct", pct ? nlohmann::json(*pct) : nlohmann::json(nullptr)},
                       {"suppressed", c.suppressed}});
    }
    rows.push_back({{"key", row.key}, {"label", row.label}, {"total", row.total}, {"cells", cells}});
  }
  nlohmann::json months = nlohmann::json::array();
  for (const auto& p : r.months)
    months.push_back({{"month", FormatMonth(p.month)}, {"value", p.value}, {"before", p.before}});
  MonthRange before = YearBefore(r.range);
  return {{"report", r.def.id},
          {"title", r.def.title.In(r.lang)},
          {"department", r.department},
          {"department_label", r.department_label},
          {"from", FormatMonth(r.range.from)},
          {"to", FormatMonth(r.range.to)},
          {"compare_from", FormatMonth(before.from)},
          {"compare_to", FormatMonth(before.to)},
          {"suppressed_below", r.suppressed_below ? nlohmann::json(*r.suppressed_below) : nlohmann::json(nullptr)},
          {"chart_column", r.def.chart_column},
          {"columns", cols},
          {"rows", rows},
          {"months", months}};
}

std::string ReportCsv(const ReportResult& r) {
  std::string out = "\xEF\xBB\xBF";
  out += CsvField(Labels(r, "row", "строка", "сатр"));
  std::string before = Labels(r, "year before", "год назад", "соли пеш");
  for (const auto& c : r.def.columns) {
    std::string l = c.label.In(r.lang);
    out += "," + CsvField(l) + "," + CsvField(l + ", " + before) + "," + CsvField(l + ", %");
  }
  out += "\r\n";
  for (const auto& row : r.rows) {
    out += CsvField(row.label);
    for (const auto& c : row.cells) {
      out += "," + CsvField(CellText(r, c));
      out += "," + (c.before ? std::to_string(*c.before) : std::string());
      auto pct = c.ChangePct();
      char buf[32] = "";
      if (pct) std::snprintf(buf, sizeof buf, "%.1f", *pct);
      out += std::string(",") + buf;
    }
    out += "\r\n";
  }
  return out;
}

nlohmann::json ReportListJson(const std::vector<ReportDef>& defs, const std::string& lang) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : defs) {
    nlohmann::json cols = nlohmann::json::array();
    for (const auto& c : d.columns) cols.push_back({{"id", c.id}, {"label", c.label.In(lang)}, {"expr", c.expr}});
    list.push_back({{"id", d.id}, {"title", d.title.In(lang)}, {"rows", d.by_department ? "department" : "list"},
                    {"columns", cols}});
  }
  return {{"reports", list}};
}

}  // namespace sabt::app::stats
