#include "web/stats/report_xlsx.h"

#include "app/stats/report_format.h"
#include "web/xlsx_book.h"

namespace sabt::web::stats {
namespace {

const char* Before(const std::string& lang) { return lang == "en" ? "year before" : lang == "ru" ? "год назад" : "соли пеш"; }

}  // namespace

Result<std::string> RenderReportXlsx(const app::stats::ReportResult& r) {
  return MakeWorkbook([&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* pct = workbook_add_format(wb);
    format_set_num_format(pct, "0.0");
    std::string title = r.def.title.In(r.lang) + " — " + r.department_label + ", " +
                        app::stats::FormatMonth(r.range.from) + " … " + app::stats::FormatMonth(r.range.to);
    worksheet_write_string(ws, 0, 0, title.c_str(), bold);
    worksheet_write_string(ws, 2, 0, r.def.id.c_str(), bold);
    lxw_col_t col = 1;
    for (const auto& c : r.def.columns) {
      std::string l = c.label.In(r.lang);
      worksheet_write_string(ws, 2, col++, l.c_str(), bold);
      worksheet_write_string(ws, 2, col++, (l + ", " + Before(r.lang)).c_str(), bold);
      worksheet_write_string(ws, 2, col++, (l + ", %").c_str(), bold);
    }
    lxw_row_t row_n = 3;
    for (const auto& row : r.rows) {
      worksheet_write_string(ws, row_n, 0, row.label.c_str(), row.total ? bold : nullptr);
      col = 1;
      for (const auto& c : row.cells) {
        if (c.suppressed) worksheet_write_string(ws, row_n, col, app::stats::CellText(r, c).c_str(), nullptr);
        else worksheet_write_number(ws, row_n, col, static_cast<double>(c.value), nullptr);
        ++col;
        if (c.before) worksheet_write_number(ws, row_n, col, static_cast<double>(*c.before), nullptr);
        ++col;
        if (auto p = c.ChangePct()) worksheet_write_number(ws, row_n, col, *p, pct);
        ++col;
      }
      ++row_n;
    }
    worksheet_set_column(ws, 0, 0, 36, nullptr);
    return Status::Ok();
  });
}

}  // namespace sabt::web::stats
