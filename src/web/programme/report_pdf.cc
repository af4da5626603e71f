#include "web/programme/report_pdf.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "http/i18n.h"
#include "web/pdf_draw.h"

namespace sabt::web::programme {
namespace {

using app::programme::QuarterlyReport;

struct Column {
  std::string label;
  double share;  // of the table's width
};

// Writes down the page, starting a new page when the next block does not fit.
class Flow {
 public:
  Flow(cairo_t* cr, double page_w, double page_h, double margin)
      : cr_(cr), text_(cr), page_h_(page_h), margin_(margin), width_(page_w - 2 * margin), y_(margin) {}

  void Heading(const std::string& s, double size) {
    pdf::TextStyle st;
    st.size = size;
    st.bold = true;
    double h = text_.Draw(margin_, y_, width_, s, st, false);
    Need(h + 30);  // a heading stays with the first lines under it
    y_ += text_.Draw(margin_, y_, width_, s, st, true) + 4;
  }

  void Line(const std::string& s, double size = 8.5, double gray = 0) {
    pdf::TextStyle st;
    st.size = size;
    st.gray = gray;
    double h = text_.Draw(margin_, y_, width_, s, st, false);
    Need(h);
    y_ += text_.Draw(margin_, y_, width_, s, st, true) + 2;
  }

  void Space(double h) { y_ += h; }

  // The header row is repeated at the top of each page the table runs onto.
  void Table(const std::vector<Column>& cols, const std::vector<std::vector<std::string>>& rows) {
    pdf::TextStyle head;
    head.size = 7.5;
    head.bold = true;
    pdf::TextStyle cell;
    cell.size = 7.5;
    auto row_height = [&](const std::vector<std::string>& cells, const pdf::TextStyle& st) {
      double h = 0, x = margin_;
      for (size_t i = 0; i < cols.size() && i < cells.size(); ++i) {
        double w = width_ * cols[i].share;
        h = std::max(h, text_.Draw(x, y_, w - 4, cells[i], st, false));
        x += w;
      }
      return h;
    };
    auto draw_row = [&](const std::vector<std::string>& cells, const pdf::TextStyle& st, double h) {
      double x = margin_;
      for (size_t i = 0; i < cols.size() && i < cells.size(); ++i) {
        double w = width_ * cols[i].share;
        text_.Draw(x, y_, w - 4, cells[i], st, true);
        x += w;
      }
      y_ += h + 2;
    };
    std::vector<std::string> labels;
    for (const auto& c : cols) labels.push_back(c.label);
    auto header = [&] {
      double h = row_height(labels, head);
      draw_row(labels, head, h);
      pdf::DrawRule(cr_, margin_, y_, width_, 0.8, 0);
      y_ += 3;
    };
    Need(row_height(labels, head) + 20);
    header();
    for (const auto& r : rows) {
      double h = row_height(r, cell);
      if (y_ + h + 4 > page_h_ - margin_) {
        NewPage();
        header();
      }
      draw_row(r, cell, h);
      pdf::DrawRule(cr_, margin_, y_, width_, 0.3, 0.6);
      y_ += 2;
    }
    y_ += 6;
  }

 private:
  void Need(double h) {
    if (y_ + h > page_h_ - margin_) NewPage();
  }
  void NewPage() {
    cairo_show_page(cr_);
    y_ = margin_;
  }

  cairo_t* cr_;
  pdf::TextPainter text_;
  double page_h_, margin_, width_, y_;
};

std::string Num(double v) { return ReportFigure(v); }

}  // namespace

std::string ReportFigure(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "—";
  char b[32];
  if (std::fabs(*v - std::round(*v)) < 1e-9) std::snprintf(b, sizeof b, "%.0f", *v);
  else std::snprintf(b, sizeof b, "%.1f", *v);
  return b;
}

Result<std::string> RenderQuarterlyReportPdf(const QuarterlyReport& r) {
  const std::string& l = r.lang;
  auto T = [&](const std::string& key) { return http::T(l, key); };
  const double page_w = pdf::Mm(297), page_h = pdf::Mm(210), margin = pdf::Mm(12);
  pdf::PdfMetadata meta{T("prr_title") + " " + r.quarter.Label(), "Sabt"};
  return pdf::RenderPdfPage(page_w, page_h, meta, [&](cairo_t* cr) {
    Flow f(cr, page_w, page_h, margin);
    f.Heading(T("prr_title") + " — " + r.quarter.Label(), 14);
    f.Line(T("prr_period") + ": " + r.first_day + " – " + r.last_day + " · " + T("prr_department") + ": " +
           r.department_name + " (" + r.department + ") · " + T("prr_made") + ": " + r.made_at);
    f.Space(6);

    f.Heading("1. " + T("prr_activities"), 11);
    if (r.programmes.empty()) f.Line(T("prr_none"));
    for (const auto& p : r.programmes) {
      f.Heading(p.code + " " + p.title + " (" + p.from + " – " + p.to + ")" + (p.demo ? " · " + T("prog_demo") : ""),
                9.5);
      for (const auto& c : p.components) {
        f.Line(c.code + " " + c.title, 8.5, 0.2);
        std::vector<std::vector<std::string>> rows;
        for (const auto& a : c.activities) {
          std::string changes;
          for (const auto& ch : a.changes)
            changes += (changes.empty() ? "" : "\n") + ch.day + " " + T("prog_status_" + ch.status) + ": " + ch.reason;
          rows.push_back({a.code, a.title, a.unit, a.partner, a.from + " – " + a.to,
                          T("prog_status_" + a.status) + (a.overdue ? " (" + T("prog_overdue") + ")" : ""), changes});
        }
        if (rows.empty()) f.Line(T("prog_no_activities"), 8, 0.35);
        else
          f.Table({{T("prog_col_code"), 0.08}, {T("prog_col_activity"), 0.24}, {T("prog_col_unit"), 0.13},
                   {T("prog_col_partner"), 0.13}, {T("prog_col_period"), 0.12}, {T("prog_col_status"), 0.1},
                   {T("prr_changes"), 0.2}},
                  rows);
      }
    }

    f.Heading("2. " + T("prr_decisions"), 11);
    {
      std::vector<std::vector<std::string>> rows;
      for (const auto& d : r.decisions)
        rows.push_back({d.text, d.group + " " + d.meeting_day, d.assignee, d.deadline,
                        T("prog_decision_" + d.status) + (d.overdue ? " (" + T("prog_overdue") + ")" : ""),
                        d.closed_day});
      if (rows.empty()) f.Line(T("prr_none"));
      else
        f.Table({{T("prog_col_decision"), 0.4}, {T("prr_col_meeting"), 0.14}, {T("prog_col_assignee"), 0.16},
                 {T("prog_col_deadline"), 0.1}, {T("prog_col_status"), 0.1}, {T("prr_col_closed"), 0.1}},
                rows);
    }

    f.Heading("3. " + T("prr_indicators"), 11);
    {
      std::vector<Column> cols{{T("prog_col_code"), 0.08}, {T("prog_col_indicator"), 0.2},
                               {T("prr_col_unit_of"), 0.06}, {T("prr_col_baseline"), 0.06},
                               {T("prr_col_target"), 0.06},  {T("prr_col_target_date"), 0.08}};
      for (size_t i = 0; i < 3; ++i) {
        char m[16];
        std::snprintf(m, sizeof m, "%04d-%02d", r.quarter.year, r.quarter.number * 3 - 2 + static_cast<int>(i));
        cols.push_back({m, 0.06});
      }
      cols.push_back({T("prr_col_value"), 0.07});
      cols.push_back({T("prr_col_previous"), 0.07});
      cols.push_back({T("prr_col_trend"), 0.06});
      cols.push_back({T("prr_col_met"), 0.06});
      std::vector<std::vector<std::string>> rows;
      for (const auto& i : r.indicators) {
        std::vector<std::string> row{i.code, i.name, T("prog_unit_" + i.unit), Num(i.baseline), Num(i.target),
                                     i.target_date};
        for (const auto& [month, v] : i.months) row.push_back(ReportFigure(v));
        row.push_back(ReportFigure(i.value));
        row.push_back(ReportFigure(i.previous));
        row.push_back(i.trend.empty() ? "—" : T("prr_trend_" + i.trend));
        row.push_back(!i.meets_target ? "—" : *i.meets_target ? T("prr_yes") : T("prr_no"));
        rows.push_back(std::move(row));
      }
      if (rows.empty()) f.Line(T("prr_none"));
      else f.Table(cols, rows);
    }

    f.Heading("4. " + T("prr_handover"), 11);
    if (r.acts.empty()) f.Line(T("prr_none"));
    for (const auto& a : r.acts) {
      f.Line(T("eq_act") + " " + a.number + " · " + a.date + " · " + a.donor +
                 (a.source.empty() ? "" : " (" + T("eq_source_" + a.source) + ")") + " · " + T("prr_col_giver") +
                 ": " + a.giver_name + " · " + T("prr_col_receiver") + ": " + a.unit + ", " + a.receiver_name,
             8.5, 0);
      std::vector<std::vector<std::string>> rows;
      for (const auto& it : a.items)
        rows.push_back({T("eq_kind_" + it.kind), it.name, it.serial_or_plate, T("eq_status_" + it.status)});
      f.Table({{T("eq_col_kind"), 0.2}, {T("eq_col_name"), 0.4}, {T("eq_col_serial"), 0.2},
               {T("prog_col_status"), 0.2}},
              rows);
    }

    f.Heading("5. " + T("prr_equipment"), 11);
    {
      std::vector<std::vector<std::string>> rows;
      for (const auto& e : r.equipment)
        rows.push_back({e.unit, T("eq_kind_" + e.kind), std::to_string(e.in_use), std::to_string(e.in_repair),
                        std::to_string(e.written_off)});
      if (rows.empty()) f.Line(T("prr_none"));
      else
        f.Table({{T("prog_col_unit"), 0.34}, {T("eq_col_kind"), 0.24}, {T("eq_status_in_use"), 0.14},
                 {T("eq_status_in_repair"), 0.14}, {T("eq_status_written_off"), 0.14}},
                rows);
    }
    return Status::Ok();
  });
}

}  // namespace sabt::web::programme
