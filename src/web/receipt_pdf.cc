// Layout of the receipt. Everything is designed on an A6 sheet (105 x 148
// mm) and scaled up for A5, so both sizes look the same. Top to bottom:
//
//   title (tg, ru) ─ thick rule ─ registration number (large, bold)
//   received | deadline
//   applicant, category, department, officer | signature line
//   journal entry: #index and the leaf hash (monospace, small)
//   ─ thin rule ─ QR code (left) | verification code and how to check (right)
//
// The QR block sits on the bottom margin. If the text above would reach it,
// every font is made smaller and the layout is tried again.
#include "web/receipt_pdf.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "journal/receipt_proof.h"
#include "util/text.h"
#include "web/pdf_draw.h"

namespace sabt::web {
namespace {

using pdf::Mm;
using pdf::TextStyle;

constexpr double kDesignWidth = Mm(105);  // A6
constexpr double kMargin = Mm(9);
constexpr double kQrSymbolWidth = Mm(30);  // dark part, without the quiet zone
constexpr int kQuietModules = 4;
constexpr const char* kMono = "DejaVu Sans Mono";

// Longer fields are cut before layout (pango would cut them anyway, after
// shaping all of it).
constexpr size_t kMaxFieldBytes = 1024;

constexpr double kInk = 0.0;
constexpr double kSecondInk = 0.3;   // the Russian line under a Tajik value
constexpr double kLabelInk = 0.42;   // field labels
constexpr double kRuleInk = 0.55;

// The address to type in by hand: status_url without its query string.
std::string_view StatusPageAddress(std::string_view url) {
  size_t q = url.find_first_of("?#");
  return q == std::string_view::npos ? url : url.substr(0, q);
}

// The first kMaxFieldBytes of `s`, not splitting a UTF-8 sequence.
std::string_view Clip(std::string_view s) {
  if (s.size() <= kMaxFieldBytes) return s;
  size_t n = kMaxFieldBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

class ReceiptPainter {
 public:
  ReceiptPainter(cairo_t* cr, const ReceiptPdfData& d, const pdf::QrSymbol& qr, double height)
      : cr_(cr), text_(cr), d_(d), qr_(qr), height_(height) {}

  // Lays the receipt out with fonts scaled by `font_scale`, painting it when
  // `draw`. Returns whether the text above the QR block stays clear of it.
  bool Layout(double font_scale, bool draw) {
    fs_ = font_scale;
    draw_ = draw;
    const double x = kMargin;
    const double w = kDesignWidth - 2 * kMargin;
    const double bottom_top = height_ - kMargin - BottomBlock(0, /*draw=*/false);
    if (draw_) BottomBlock(bottom_top, /*draw=*/true);

    double y = kMargin;
    y += Text(x, y, w, "ТАЛОНИ ОГОҲИНОМА", {.size = 11, .bold = true, .center = true});
    y += Text(x, y, w, "ТАЛОН-УВЕДОМЛЕНИЕ",
              {.size = 8.5, .gray = kSecondInk, .center = true}) + Gap(2);
    Rule(x, y, w, 1.0, kInk);
    y += Gap(2.2);

    y += Label(x, y, w, "Рақами бақайдгирӣ / Регистрационный номер");
    y += Text(x, y, w, d_.number, {.size = 16, .bold = true, .max_lines = 2}) + Gap(3);

    const double half = (w - Mm(4)) / 2;
    const double col2 = x + half + Mm(4);
    double left = Label(x, y, half, "Санаи қабул / Дата приёма");
    left += Text(x, y + left, half, d_.received_at, Value());
    double right = Label(col2, y, half, d_.crime_report ? "Мӯҳлати санҷиш / Срок проверки" : "Мӯҳлати ҷавоб / Срок ответа");
    right += Text(col2, y + right, half, d_.deadline, {.size = 8.5, .bold = true, .max_lines = 2});
    y += std::max(left, right) + Gap(2.5);

    y += Field(x, y, w, d_.crime_report ? "Хабардиҳанда / Заявитель" : "Аризадиҳанда / Заявитель", {d_.applicant_name},
               {.size = 9.5, .bold = true, .max_lines = 2});
    y += Field(x, y, w, d_.crime_report ? "Тасниф / Квалификация" : "Навъ / Категория", {d_.category_tg, d_.category_ru},
               Value());
    y += Field(x, y, w, "Шуъба / Отдел", {d_.department_tg, d_.department_ru}, Value());

    const double officer_w = w * 0.58;
    const double sign_x = x + officer_w + Mm(4);
    const double sign_w = x + w - sign_x;
    double officer = Field(x, y, officer_w, "Корманд / Сотрудник", {d_.officer_name}, Value());
    double sign = Label(sign_x, y, sign_w, "Имзо / Подпись");
    Rule(sign_x, y + sign + Gap(5), sign_w, 0.5, kRuleInk);
    y += std::max(officer, sign + Gap(5) + Gap(2.5));

    y += Label(x, y, w, "Сабт дар маҷалла / Запись в журнале");
    y += Text(x, y, w, "#" + d_.entry_index, Value());
    y += Text(x, y + Gap(0.3), w, d_.leaf_hash_hex,
              {.family = kMono, .size = 6, .gray = kSecondInk, .wrap_anywhere = true,
               .max_lines = 3}) + Gap(0.3);
    if (!d_.key_fingerprint.empty()) {
      y += Text(x, y, w, "Калиди маҷалла / Ключ журнала: " + FormatFingerprint(d_.key_fingerprint),
                {.family = kMono, .size = 6, .gray = kSecondInk, .max_lines = 2}) + Gap(0.3);
    }

    return y + Gap(3) <= bottom_top;
  }

 private:
  // The QR code on the bottom-left, the verification code and the
  // instructions on its right, a thin rule over both. Returns its height.
  double BottomBlock(double top, bool draw) {
    const bool saved = draw_;
    draw_ = draw;
    const double module = kQrSymbolWidth / qr_.width;
    const double quiet = kQuietModules * module;
    const double x = kMargin;
    const double w = kDesignWidth - 2 * kMargin;
    const double rule_gap = Gap(2.5);
    // The quiet zone may lie in the margin on the left and the bottom, and
    // keeps text and the rule away on the right and the top.
    const double qr_top = top + rule_gap + quiet;
    const double tx = x + kQrSymbolWidth + quiet;
    const double tw = x + w - tx;

    double ty = top + rule_gap;
    ty += Label(tx, ty, tw, "Рамзи санҷиш / Код проверки");
    ty += Text(tx, ty, tw, d_.verification_code,
               {.family = kMono, .size = 12, .bold = true, .wrap_anywhere = true,
                .max_lines = 2}) + Gap(1.5);
    const TextStyle note{.size = 6, .gray = kInk, .max_lines = 5, .line_spacing = 1.05};
    ty += Text(tx, ty, tw,
               d_.crime_report ? "Ҳолати хабарро бо рамзи QR ё дар сомона бо рақам ва рамзи санҷиш тафтиш кунед:"
                               : "Ҳолати муроҷиатро бо рамзи QR ё дар сомона бо рақам ва рамзи санҷиш "
                                 "тафтиш кунед:",
               note) + Gap(0.8);
    ty += Text(tx, ty, tw, StatusPageAddress(d_.status_url),
               {.family = kMono, .size = 6.5, .bold = true, .wrap_anywhere = true,
                .max_lines = 3}) + Gap(0.8);
    // U+2011, a hyphen that does not break: "QR-" stays with "коду".
    ty += Text(tx, ty, tw,
               d_.crime_report ? "Статус сообщения можно проверить по QR\u2011коду или на сайте, указав номер и "
                                 "код проверки."
                               : "Статус обращения можно проверить по QR\u2011коду или на сайте, указав номер и "
                                 "код проверки.",
               {.size = 6, .gray = kSecondInk, .max_lines = 5, .line_spacing = 1.05});

    if (draw_) {
      Rule(x, top, w, 0.5, kRuleInk);
      pdf::FillQr(cr_, qr_, x, qr_top, module);
    }
    draw_ = saved;
    const double qr_bottom = qr_top + kQrSymbolWidth;
    return std::max(qr_bottom, ty) - top;
  }

  TextStyle Value() const { return {.size = 8.5, .max_lines = 3}; }

  // A label, then each non-empty value on its own line(s); a value equal to
  // the one before is left out. The second value is the Russian one: smaller,
  // in grey. Returns the height including the space after the field.
  double Field(double x, double y, double w, std::string_view label,
               std::initializer_list<std::string_view> values, TextStyle style) {
    double h = Label(x, y, w, label);
    std::string_view previous;
    bool first = true;
    for (std::string_view v : values) {
      if (v.empty() || v == previous) continue;
      TextStyle s = style;
      if (!first) {
        s.size -= 1;
        s.gray = kSecondInk;
      }
      h += Text(x, y + h, w, v, s);
      previous = v;
      first = false;
    }
    if (first) h += Text(x, y + h, w, "—", style);
    return h + Gap(2.5);
  }

  double Label(double x, double y, double w, std::string_view text) {
    return Text(x, y, w, text, {.size = 6, .gray = kLabelInk, .max_lines = 2}) + Gap(0.3);
  }

  double Text(double x, double y, double w, std::string_view text, TextStyle style) {
    style.size *= fs_;
    return text_.Draw(x, y, w, Clip(text), style, draw_);
  }

  void Rule(double x, double y, double w, double thickness, double gray) {
    if (draw_) pdf::DrawRule(cr_, x, y, w, thickness, gray);
  }

  // Vertical space shrinks with the fonts.
  double Gap(double mm) const { return Mm(mm) * fs_; }

  cairo_t* cr_;
  pdf::TextPainter text_;
  const ReceiptPdfData& d_;
  const pdf::QrSymbol& qr_;
  double height_;  // of the page, in design units
  double fs_ = 1;
  bool draw_ = false;
};

Status CheckFields(const ReceiptPdfData& d) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"number", &d.number},
      {"received_at", &d.received_at},
      {"department_tg", &d.department_tg},
      {"department_ru", &d.department_ru},
      {"officer_name", &d.officer_name},
      {"category_tg", &d.category_tg},
      {"category_ru", &d.category_ru},
      {"deadline", &d.deadline},
      {"verification_code", &d.verification_code},
      {"applicant_name", &d.applicant_name},
      {"entry_index", &d.entry_index},
      {"leaf_hash_hex", &d.leaf_hash_hex},
      {"status_url", &d.status_url},
      {"key_fingerprint", &d.key_fingerprint},
  };
  for (const auto& [name, value] : fields) {
    if (!IsValidUtf8(*value)) {
      return Status::Invalid(std::string("receipt: ") + name + " is not UTF-8");
    }
  }
  if (d.number.empty()) return Status::Invalid("receipt: empty number");
  if (d.status_url.empty()) return Status::Invalid("receipt: empty status_url");
  return Status::Ok();
}

}  // namespace

Result<std::string> RenderReceiptPdf(const ReceiptPdfData& d, PaperSize size) {
  SABT_RETURN_IF_ERROR(CheckFields(d));
  Result<pdf::QrSymbol> qr = pdf::EncodeQr(d.status_url);
  if (!qr.ok()) return qr.status();

  const double page_w = size == PaperSize::kA5 ? Mm(148) : Mm(105);
  const double page_h = size == PaperSize::kA5 ? Mm(210) : Mm(148);
  const double scale = page_w / kDesignWidth;
  pdf::PdfMetadata meta{"Талони огоҳинома / Талон-уведомление " + d.number, "Sabt"};

  return pdf::RenderPdfPage(page_w, page_h, meta, [&](cairo_t* cr) {
    cairo_scale(cr, scale, scale);
    ReceiptPainter painter(cr, d, *qr, page_h / scale);
    double font_scale = 1.0;
    constexpr double kMinFontScale = 0.6;
    while (font_scale > kMinFontScale && !painter.Layout(font_scale, /*draw=*/false)) {
      font_scale = std::max(kMinFontScale, font_scale * 0.92);
    }
    painter.Layout(font_scale, /*draw=*/true);
    return Status::Ok();
  });
}

}  // namespace sabt::web
