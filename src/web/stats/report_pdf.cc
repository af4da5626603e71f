#include "web/stats/report_pdf.h"

#include <algorithm>

#include "app/stats/report_format.h"
#include "web/pdf_draw.h"

namespace sabt::web::stats {
namespace {

const char* Word(const std::string& lang, const char* tg, const char* ru, const char* en) {
  return lang == "en" ? en : lang == "ru" ? ru : tg;
}

}  // namespace

Result<std::string> RenderReportPdf(const app::stats::ReportResult& r) {
  const double page_w = pdf::Mm(297), page_h = pdf::Mm(210), margin = pdf::Mm(12);
  pdf::PdfMetadata meta{r.def.title.In(r.lang), "Sabt"};
  return pdf::RenderPdfPage(page_w, page_h, meta, [&](cairo_t* cr) {
    pdf::TextPainter text(cr);
    double y = margin;
    double width = page_w - 2 * margin;
    pdf::TextStyle title;
    title.size = 13;
    title.bold = true;
    y += text.Draw(margin, y, width, r.def.title.In(r.lang), title, true) + 4;
    pdf::TextStyle small;
    small.size = 8.5;
    app::stats::MonthRange before = app::stats::YearBefore(r.range);
    std::string sub = r.department_label + " (" + r.department + ") · " + app::stats::FormatMonth(r.range.from) +
                      " … " + app::stats::FormatMonth(r.range.to) + " · " +
                      Word(r.lang, "муқоиса бо", "сравнение с", "compared with") + " " +
                      app::stats::FormatMonth(before.from) + " … " + app::stats::FormatMonth(before.to);
    if (r.suppressed_below)
      sub += std::string(" · ") + Word(r.lang, "рақамҳои хурд пинҳон", "малые числа скрыты", "small figures suppressed") +
             " (<" + std::to_string(*r.suppressed_below) + ")";
    y += text.Draw(margin, y, width, sub, small, true) + 8;

    const double label_w = pdf::Mm(60);
    const double col_w = (width - label_w) / static_cast<double>(r.def.columns.size());
    pdf::TextStyle head;
    head.size = 7.5;
    head.bold = true;
    head.max_lines = 4;
    double head_h = 0;
    for (size_t i = 0; i < r.def.columns.size(); ++i)
      head_h = std::max(head_h, text.Draw(margin + label_w + col_w * i, y, col_w - 4,
                                          r.def.columns[i].label.In(r.lang), head, true));
    y += head_h + 3;
    pdf::DrawRule(cr, margin, y, width, 0.8, 0);
    y += 3;
    pdf::TextStyle cell;
    cell.size = 8;
    pdf::TextStyle change = cell;
    change.size = 6.5;
    change.gray = 0.35;
    size_t shown = 0;
    for (const auto& row : r.rows) {
      if (y > page_h - margin - 30) break;
      pdf::TextStyle lab = cell;
      lab.bold = row.total;
      lab.max_lines = 2;
      double h = text.Draw(margin, y, label_w - 4, row.label, lab, true);
      for (size_t i = 0; i < row.cells.size(); ++i) {
        const auto& c = row.cells[i];
        double x = margin + label_w + col_w * i;
        double hv = text.Draw(x, y, col_w - 4, app::stats::CellText(r, c), lab, true);
        std::string ch = app::stats::ChangeText(c);
        if (!ch.empty()) hv += text.Draw(x, y + hv, col_w - 4, ch, change, true);
        h = std::max(h, hv);
      }
      y += h + 2;
      pdf::DrawRule(cr, margin, y, width, 0.3, 0.6);
      y += 2;
      ++shown;
    }
    if (shown < r.rows.size()) {
      std::string more = std::to_string(r.rows.size() - shown) + " " +
                         Word(r.lang, "сатр дар ин саҳифа ҷой нагирифт; CSV ё XLSX-ро истифода баред",
                              "строк не поместились; используйте CSV или XLSX", "rows did not fit; use CSV or XLSX");
      text.Draw(margin, y + 4, width, more, small, true);
    }
    return Status::Ok();
  });
}

}  // namespace sabt::web::stats
