// Small drawing helpers over cairo + pango for printed documents (the
// citizen's receipt, src/web/receipt_pdf.h). Everything works on a caller's
// cairo_t; nothing here keeps state between calls, so separate threads may
// draw separate documents at once.
//
// Units are PDF points (1/72 inch). Text functions can measure without
// drawing (draw = false) so that a layout can be tried before it is painted.
#pragma once
#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sabt::web::pdf {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double Mm(double mm) { return mm * kPointsPerMm; }

struct PdfMetadata {
  std::string title;
  std::string creator;
};

// Creates a one-page PDF surface of width x height points that writes into
// memory, lets `draw` paint it, finishes the document and returns its bytes.
Result<std::string> RenderPdfPage(double width, double height, const PdfMetadata& meta,
                                  const std::function<Status(cairo_t*)>& draw);

struct TextStyle {
  const char* family = "DejaVu Sans";
  double size = 8;           // points
  bool bold = false;
  double gray = 0;           // 0 = black, 1 = white
  bool center = false;
  bool wrap_anywhere = false;  // break between any two characters (hex, codes)
  int max_lines = 0;           // > 0: at most that many lines, then "…"
  double line_spacing = 0;     // 0: the font's own; else a factor (1.1 …)
};

// Lays out and draws text on one cairo context, sharing one pango context
// between all of it. Make it after the cairo context's transformation is set.
class TextPainter {
 public:
  explicit TextPainter(cairo_t* cr);
  ~TextPainter();
  TextPainter(const TextPainter&) = delete;
  TextPainter& operator=(const TextPainter&) = delete;

  // Lays out plain UTF-8 `text` in a box of `width` at (x, y) (top-left),
  // draws it when `draw`, and returns the height it takes.
  double Draw(double x, double y, double width, std::string_view text, const TextStyle& style,
              bool draw);

 private:
  cairo_t* cr_;
  PangoContext* context_;
};

// A horizontal rule of `thickness` points from x to x + width at y.
void DrawRule(cairo_t* cr, double x, double y, double width, double thickness, double gray);

// A QR symbol without its quiet zone: `width` x `width` modules, row-major,
// true = dark.
struct QrSymbol {
  int width = 0;
  std::vector<bool> dark;
};

// Encodes `text` byte for byte (8-bit mode, case-sensitive) at error
// correction level M, in the smallest version that holds it.
Result<QrSymbol> EncodeQr(std::string_view text);

// Fills the dark modules of `qr` as black squares of `module` points, the
// top-left module at (x, y), with antialiasing off. The caller keeps four
// modules of white around it (the quiet zone).
void FillQr(cairo_t* cr, const QrSymbol& qr, double x, double y, double module);

}  // namespace sabt::web::pdf
