// Layout on A4 (210 x 297 mm), 20 mm margins:
//
//   "САНАДИ ҚАБУЛУ СУПОРИШ / АКТ ПРИЁМА-ПЕРЕДАЧИ" № number, date
//   Супорид / Передал: donor, name        Қабул кард / Принял: unit, name
//   table: № | Намуд / Вид | Номгӯй / Наименование | Рақами силсилавӣ ё давлатӣ / Серийный или гос. номер
//   "Ҳамагӣ / Всего: n" and both signature lines
#include "web/programme/handover_pdf.h"

#include <algorithm>

#include "util/text.h"
#include "web/pdf_draw.h"

namespace sabt::web {
namespace {

using pdf::Mm;
using pdf::TextStyle;

constexpr double kPageW = Mm(210), kPageH = Mm(297), kMargin = Mm(20);

class ActPainter {
 public:
  ActPainter(cairo_t* cr, const HandoverPdfData& d) : cr_(cr), text_(cr), d_(d) {}

  void Paint() {
    const double x = kMargin, w = kPageW - 2 * kMargin;
    double y = kMargin;
    y += Text(x, y, w, "САНАДИ ҚАБУЛУ СУПОРИШ", {.size = 14, .bold = true, .center = true});
    y += Text(x, y, w, "АКТ ПРИЁМА-ПЕРЕДАЧИ", {.size = 11, .gray = 0.3, .center = true});
    y += Text(x, y, w, "№ " + d_.number + "   " + d_.date, {.size = 11, .center = true}) + Mm(2);
    if (!d_.source_tg.empty())
      y += Text(x, y, w, d_.source_tg + " / " + d_.source_ru, {.size = 9, .gray = 0.3, .center = true});
    pdf::DrawRule(cr_, x, y + Mm(1), w, 1.2, 0);
    y += Mm(5);
    const double half = (w - Mm(6)) / 2, col2 = x + half + Mm(6);
    double left = Label(x, y, half, "Супорид / Передал");
    left += Text(x, y + left, half, d_.donor, {.size = 11, .bold = true, .max_lines = 3});
    left += Text(x, y + left, half, d_.giver_name, {.size = 10, .max_lines = 2});
    double right = Label(col2, y, half, "Қабул кард / Принял");
    right += Text(col2, y + right, half, d_.receiver_unit_tg, {.size = 11, .bold = true, .max_lines = 2});
    right += Text(col2, y + right, half, d_.receiver_unit_ru, {.size = 9, .gray = 0.3, .max_lines = 2});
    right += Text(col2, y + right, half, d_.receiver_name, {.size = 10, .max_lines = 2});
    y += std::max(left, right) + Mm(6);
    y = Header(y);
    int n = 0;
    for (const auto& it : d_.items) {
      const TextStyle cell{.size = 9, .max_lines = 3};
      std::string kind = it.kind_tg + " / " + it.kind_ru;
      double h = std::max({text_.Draw(0, 0, kCol[1], kind, cell, false),
                           text_.Draw(0, 0, kCol[2], it.name, cell, false),
                           text_.Draw(0, 0, kCol[3], it.serial_or_plate, cell, false)}) + Mm(2);
      if (y + h > kPageH - kMargin) {
        cairo_show_page(cr_);
        y = Header(kMargin);
      }
      double cx = x;
      Text(cx, y, kCol[0], std::to_string(++n), cell);
      cx += kCol[0];
      Text(cx, y, kCol[1] - Mm(2), kind, cell);
      cx += kCol[1];
      Text(cx, y, kCol[2] - Mm(2), it.name, cell);
      cx += kCol[2];
      Text(cx, y, kCol[3], it.serial_or_plate.empty() ? "—" : it.serial_or_plate, cell);
      y += h;
      pdf::DrawRule(cr_, x, y - Mm(1), w, 0.3, 0.6);
    }
    y += Mm(2);
    y += Text(x, y, w, "Ҳамагӣ / Всего: " + std::to_string(d_.items.size()), {.size = 10, .bold = true});
    if (y + Mm(30) > kPageH - kMargin) {
      cairo_show_page(cr_);
      y = kMargin;
    }
    y += Mm(10);
    Signature(x, y, half, "Супорид / Передал", d_.giver_name);
    Signature(col2, y, half, "Қабул кард / Принял", d_.receiver_name);
  }

 private:
  static constexpr double kCol[4] = {Mm(10), Mm(45), Mm(70), Mm(45)};

  double Header(double y) {
    const TextStyle head{.size = 8, .bold = true, .gray = 0.2, .max_lines = 3};
    double cx = kMargin, h = 0;
    const char* titles[4] = {"№", "Намуд / Вид", "Номгӯй / Наименование",
                             "Рақами силсилавӣ ё давлатӣ / Серийный или гос. номер"};
    for (int i = 0; i < 4; ++i) {
      h = std::max(h, Text(cx, y, kCol[i] - Mm(2), titles[i], head));
      cx += kCol[i];
    }
    pdf::DrawRule(cr_, kMargin, y + h + Mm(0.5), kPageW - 2 * kMargin, 0.8, 0);
    return y + h + Mm(2);
  }
  void Signature(double x, double y, double w, std::string_view label, std::string_view name) {
    double h = Label(x, y, w, label);
    h += Text(x, y + h, w, name, {.size = 10, .bold = true, .max_lines = 2});
    Label(x, y + h + Mm(2), w, "Имзо / Подпись");
    pdf::DrawRule(cr_, x, y + h + Mm(12), w * 0.8, 0.5, 0.55);
  }
  double Label(double x, double y, double w, std::string_view t) {
    return Text(x, y, w, t, {.size = 8, .gray = 0.42, .max_lines = 2}) + Mm(0.5);
  }
  double Text(double x, double y, double w, std::string_view t, TextStyle s) { return text_.Draw(x, y, w, t, s, true); }

  cairo_t* cr_;
  pdf::TextPainter text_;
  const HandoverPdfData& d_;
};

}  // namespace

Result<std::string> RenderHandoverPdf(const HandoverPdfData& d) {
  std::vector<const std::string*> fields = {&d.number, &d.date, &d.donor, &d.giver_name, &d.receiver_unit_tg,
                                            &d.receiver_unit_ru, &d.receiver_name, &d.source_tg, &d.source_ru};
  for (const auto& it : d.items)
    for (const std::string* f : {&it.kind_tg, &it.kind_ru, &it.name, &it.serial_or_plate}) fields.push_back(f);
  for (const std::string* f : fields)
    if (!IsValidUtf8(*f)) return Status::Invalid("handover act: a field is not UTF-8");
  if (d.number.empty()) return Status::Invalid("handover act: empty number");
  if (d.items.empty()) return Status::Invalid("handover act: no items");
  pdf::PdfMetadata meta{"Санади қабулу супориш / Акт приёма-передачи " + d.number, "Sabt"};
  return pdf::RenderPdfPage(kPageW, kPageH, meta, [&](cairo_t* cr) {
    ActPainter(cr, d).Paint();
    return Status::Ok();
  });
}

}  // namespace sabt::web
