// Layout of the reply letter on A4 (210 x 297 mm), 20 mm margins:
//
//   department (tg bold, ru grey) ─ thick rule
//   "Рақами бақайдгирӣ / Рег. №" number | "Сана / Дата" date
//   "Ба / Кому": applicant, address
//   heading "ҶАВОБ БА МУРОҶИАТ / ОТВЕТ НА ОБРАЩЕНИЕ"
//   the answer, paragraph by paragraph, onto further pages as needed
//   officer (answered) and head (approved), each with a signature line
//
// Pages are broken between paragraphs; a paragraph longer than a page is
// first cut into pieces at spaces.
#include "web/reply_pdf.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "util/text.h"
#include "web/pdf_draw.h"

namespace sabt::web {
namespace {

using pdf::Mm;
using pdf::TextStyle;

constexpr double kPageW = Mm(210), kPageH = Mm(297), kMargin = Mm(20);
constexpr size_t kPiece = 1200;  // bytes: a piece of a long paragraph always fits on a page

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string p = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    while (!p.empty() && (p.back() == '\r' || p.back() == ' ')) p.pop_back();
    while (p.size() > kPiece) {
      size_t cut = p.rfind(' ', kPiece);
      if (cut == std::string::npos || cut == 0) {
        cut = kPiece;
        while (cut > 0 && (static_cast<unsigned char>(p[cut]) & 0xC0) == 0x80) --cut;
      }
      out.push_back(p.substr(0, cut));
      p.erase(0, cut);
      while (!p.empty() && p.front() == ' ') p.erase(0, 1);
    }
    out.push_back(p);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

class LetterPainter {
 public:
  LetterPainter(cairo_t* cr, const ReplyPdfData& d) : cr_(cr), text_(cr), d_(d) {}

  void Paint() {
    const double x = kMargin, w = kPageW - 2 * kMargin;
    double y = kMargin;
    y += Text(x, y, w, d_.department_tg, {.size = 12, .bold = true, .center = true});
    y += Text(x, y, w, d_.department_ru, {.size = 10, .gray = 0.3, .center = true}) + Mm(2);
    pdf::DrawRule(cr_, x, y, w, 1.2, 0);
    y += Mm(4);

    const double half = (w - Mm(6)) / 2, col2 = x + half + Mm(6);
    double left = Label(x, y, half, "Рақами бақайдгирӣ / Регистрационный номер");
    left += Text(x, y + left, half, d_.number, {.size = 12, .bold = true, .max_lines = 2});
    left += Label(x, y + left + Mm(1), half, "Санаи қабул / Дата приёма") + Mm(1);
    left += Text(x, y + left, half, d_.received_at, {.size = 10});
    double right = Label(col2, y, half, "Сана / Дата");
    right += Text(col2, y + right, half, d_.answered_at, {.size = 12, .bold = true});
    y += std::max(left, right) + Mm(5);

    y += Label(x, y, w, "Ба / Кому");
    y += Text(x, y, w, d_.applicant_name.empty() ? "—" : d_.applicant_name, {.size = 11, .bold = true, .max_lines = 2});
    if (!d_.applicant_address.empty()) y += Text(x, y, w, d_.applicant_address, {.size = 10, .max_lines = 3});
    y += Mm(6);

    y += Text(x, y, w, "ҶАВОБ БА МУРОҶИАТ", {.size = 13, .bold = true, .center = true});
    y += Text(x, y, w, "ОТВЕТ НА ОБРАЩЕНИЕ", {.size = 10, .gray = 0.3, .center = true}) + Mm(5);

    const TextStyle body{.size = 11, .line_spacing = 1.15};
    for (const auto& p : Paragraphs(d_.answer)) {
      if (p.empty()) {
        y += Mm(2);
        continue;
      }
      double h = text_.Draw(x, y, w, p, body, false);
      if (y + h > kPageH - kMargin) y = NewPage();
      y += text_.Draw(x, y, w, p, body, true) + Mm(2);
    }

    // Signatures: keep the block together.
    const double block = Mm(40);
    if (y + Mm(8) + block > kPageH - kMargin) y = NewPage();
    y += Mm(8);
    y += Signature(x, y, w, "Иҷрокунанда / Исполнитель", d_.officer_name, "");
    y += Mm(4);
    Signature(x, y, w, "Тасдиқ кард / Утвердил", d_.head_name.empty() ? "—" : d_.head_name, d_.approved_at);
  }

 private:
  double NewPage() {
    cairo_show_page(cr_);
    return kMargin;
  }

  double Signature(double x, double y, double w, std::string_view label, std::string_view name,
                   std::string_view when) {
    double h = Label(x, y, w * 0.6, label);
    h += Text(x, y + h, w * 0.6, name, {.size = 11, .bold = true, .max_lines = 2});
    if (!when.empty()) h += Text(x, y + h, w * 0.6, when, {.size = 9, .gray = 0.3});
    const double sx = x + w * 0.65, sw = w * 0.35;
    Label(sx, y, sw, "Имзо / Подпись");
    pdf::DrawRule(cr_, sx, y + Mm(10), sw, 0.5, 0.55);
    return std::max(h, Mm(12));
  }

  double Label(double x, double y, double w, std::string_view t) {
    return Text(x, y, w, t, {.size = 8, .gray = 0.42, .max_lines = 2}) + Mm(0.5);
  }

  double Text(double x, double y, double w, std::string_view t, TextStyle s) { return text_.Draw(x, y, w, t, s, true); }

  cairo_t* cr_;
  pdf::TextPainter text_;
  const ReplyPdfData& d_;
};

}  // namespace

Result<std::string> RenderReplyPdf(const ReplyPdfData& d) {
  for (const std::string* f : {&d.department_tg, &d.department_ru, &d.number, &d.received_at, &d.answered_at,
                               &d.applicant_name, &d.applicant_address, &d.answer, &d.officer_name, &d.head_name,
                               &d.approved_at})
    if (!IsValidUtf8(*f)) return Status::Invalid("reply letter: a field is not UTF-8");
  if (d.number.empty()) return Status::Invalid("reply letter: empty number");
  if (d.answer.empty()) return Status::Invalid("reply letter: no answer");
  pdf::PdfMetadata meta{"Ҷавоб ба муроҷиат / Ответ на обращение " + d.number, "Sabt"};
  return pdf::RenderPdfPage(kPageW, kPageH, meta, [&](cairo_t* cr) {
    LetterPainter(cr, d).Paint();
    return Status::Ok();
  });
}

}  // namespace sabt::web
