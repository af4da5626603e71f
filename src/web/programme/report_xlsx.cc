#include "web/programme/report_xlsx.h"

#include <cstdio>
#include <vector>

#include "http/i18n.h"
#include "web/xlsx_book.h"

namespace sabt::web::programme {
namespace {

using app::programme::QuarterlyReport;

// One sheet: the title on line 1, the period on line 2, headers on line 4.
class Sheet {
 public:
  Sheet(lxw_workbook* wb, lxw_format* bold, const std::string& name, const std::string& title,
        const std::string& sub, const std::vector<std::string>& headers)
      : ws_(workbook_add_worksheet(wb, name.c_str())), bold_(bold) {
    if (!ws_) return;
    worksheet_write_string(ws_, 0, 0, title.c_str(), bold_);
    worksheet_write_string(ws_, 1, 0, sub.c_str(), nullptr);
    for (size_t i = 0; i < headers.size(); ++i)
      worksheet_write_string(ws_, 3, static_cast<lxw_col_t>(i), headers[i].c_str(), bold_);
    worksheet_set_column(ws_, 0, static_cast<lxw_col_t>(headers.empty() ? 0 : headers.size() - 1), 18, nullptr);
  }
  bool ok() const { return ws_ != nullptr; }
  Sheet& Text(const std::string& s) {
    if (ws_ && !s.empty()) worksheet_write_string(ws_, row_, col_, s.c_str(), nullptr);
    ++col_;
    return *this;
  }
  Sheet& Number(const std::optional<double>& v) {
    if (!ws_) {
    } else if (v) worksheet_write_number(ws_, row_, col_, *v, nullptr);
    else worksheet_write_string(ws_, row_, col_, "—", nullptr);
    ++col_;
    return *this;
  }
  void EndRow() {
    ++row_;
    col_ = 0;
  }

 private:
  lxw_worksheet* ws_;
  lxw_format* bold_;
  lxw_row_t row_ = 4;
  lxw_col_t col_ = 0;
};

}  // namespace

Result<std::string> RenderQuarterlyReportXlsx(const QuarterlyReport& r) {
  auto T = [&](const std::string& key) { return http::T(r.lang, key); };
  const std::string title = T("prr_title") + " — " + r.quarter.Label();
  const std::string sub = T("prr_period") + ": " + r.first_day + " – " + r.last_day + " · " + T("prr_department") +
                          ": " + r.department_name + " (" + r.department + ") · " + T("prr_made") + ": " + r.made_at;
  return MakeWorkbook([&](lxw_workbook* wb) -> Status {
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);

    Sheet acts(wb, bold, T("prr_sheet_activities"), title + " · " + T("prr_activities"), sub,
               {T("prog_field_programme"), T("prog_field_component"), T("prog_col_code"), T("prog_col_activity"),
                T("prog_col_unit"), T("prog_col_partner"), T("prog_field_from"), T("prog_field_to"),
                T("prog_col_status"), T("prog_overdue"), T("prr_changes")});
    for (const auto& p : r.programmes)
      for (const auto& c : p.components)
        for (const auto& a : c.activities) {
          std::string changes;
          for (const auto& ch : a.changes)
            changes += (changes.empty() ? "" : "\n") + ch.day + " " + T("prog_status_" + ch.status) + ": " + ch.reason;
          acts.Text(p.code).Text(c.code + " " + c.title).Text(a.code).Text(a.title).Text(a.unit).Text(a.partner)
              .Text(a.from).Text(a.to).Text(T("prog_status_" + a.status))
              .Text(a.overdue ? T("prr_yes") : T("prr_no")).Text(changes);
          acts.EndRow();
        }

    Sheet decs(wb, bold, T("prr_sheet_decisions"), title + " · " + T("prr_decisions"), sub,
               {T("prog_col_decision"), T("prog_col_group"), T("prr_col_meeting"), T("prog_col_assignee"),
                T("prog_col_deadline"), T("prog_col_status"), T("prog_overdue"), T("prr_col_closed")});
    for (const auto& d : r.decisions) {
      decs.Text(d.text).Text(d.group).Text(d.meeting_day).Text(d.assignee).Text(d.deadline)
          .Text(T("prog_decision_" + d.status)).Text(d.overdue ? T("prr_yes") : T("prr_no")).Text(d.closed_day);
      decs.EndRow();
    }

    std::vector<std::string> ih{T("prog_col_code"), T("prog_col_indicator"), T("prr_col_unit_of"),
                                T("prr_col_baseline"), T("prr_col_target"), T("prr_col_target_date")};
    for (int k = 0; k < 3; ++k) {
      char m[16];
      std::snprintf(m, sizeof m, "%04d-%02d", r.quarter.year, r.quarter.number * 3 - 2 + k);
      ih.push_back(m);
    }
    for (const char* k : {"prr_col_value", "prr_col_previous", "prr_col_trend", "prr_col_met"}) ih.push_back(T(k));
    Sheet inds(wb, bold, T("prr_sheet_indicators"), title + " · " + T("prr_indicators"), sub, ih);
    for (const auto& i : r.indicators) {
      inds.Text(i.code).Text(i.name).Text(T("prog_unit_" + i.unit)).Number(i.baseline).Number(i.target)
          .Text(i.target_date);
      for (const auto& [month, v] : i.months) inds.Number(v);
      inds.Number(i.value).Number(i.previous).Text(i.trend.empty() ? "—" : T("prr_trend_" + i.trend))
          .Text(!i.meets_target ? "—" : *i.meets_target ? T("prr_yes") : T("prr_no"));
      inds.EndRow();
    }

    Sheet hand(wb, bold, T("prr_sheet_handover"), title + " · " + T("prr_handover"), sub,
               {T("eq_act"), T("prog_field_date"), T("eq_col_donor"), T("prog_field_source"), T("prr_col_giver"),
                T("prog_col_unit"), T("prr_col_receiver"), T("eq_col_kind"), T("eq_col_name"), T("eq_col_serial"),
                T("prog_col_status")});
    for (const auto& a : r.acts)
      for (const auto& it : a.items) {
        hand.Text(a.number).Text(a.date).Text(a.donor).Text(a.source.empty() ? "" : T("eq_source_" + a.source))
            .Text(a.giver_name).Text(a.unit).Text(a.receiver_name).Text(T("eq_kind_" + it.kind)).Text(it.name)
            .Text(it.serial_or_plate).Text(T("eq_status_" + it.status));
        hand.EndRow();
      }

    Sheet eq(wb, bold, T("prr_sheet_equipment"), title + " · " + T("prr_equipment"), sub,
             {T("prog_col_unit"), T("eq_col_kind"), T("eq_status_in_use"), T("eq_status_in_repair"),
              T("eq_status_written_off")});
    for (const auto& e : r.equipment) {
      eq.Text(e.unit).Text(T("eq_kind_" + e.kind)).Number(e.in_use).Number(e.in_repair).Number(e.written_off);
      eq.EndRow();
    }
    for (const Sheet* s : {&acts, &decs, &inds, &hand, &eq})
      if (!s->ok()) return Status::Internal("cannot add a worksheet");
    return Status::Ok();
  });
}

}  // namespace sabt::web::programme
