#include "web/pdf_draw.h"

#include <cairo-pdf.h>
#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace sabt::web::pdf {
namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct GObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
struct FontDescDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
struct FontOptionsDeleter {
  void operator()(cairo_font_options_t* f) const { cairo_font_options_destroy(f); }
};
struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Status CairoError(const char* what, cairo_status_t st) {
  return Status::Internal(std::string(what) + ": " + cairo_status_to_string(st));
}

}  // namespace

Result<std::string> RenderPdfPage(double width, double height, const PdfMetadata& meta,
                                  const std::function<Status(cairo_t*)>& draw) {
  std::string out;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_pdf_surface_create_for_stream(&AppendToString, &out, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoError("pdf surface", cairo_surface_status(surface.get()));
  }
  if (!meta.title.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, meta.title.c_str());
  }
  if (!meta.creator.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR,
                                   meta.creator.c_str());
  }
  {
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return CairoError("cairo context", cairo_status(cr.get()));
    }
    SABT_RETURN_IF_ERROR(draw(cr.get()));
    cairo_show_page(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
      return CairoError("drawing", cairo_status(cr.get()));
    }
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return CairoError("pdf output", cairo_surface_status(surface.get()));
  }
  return out;
}

TextPainter::TextPainter(cairo_t* cr) : cr_(cr), context_(pango_cairo_create_context(cr)) {
  // Unhinted metrics and unrounded glyph positions: the same text measures
  // the same at any scale, and the PDF is laid out as it will print.
  std::unique_ptr<cairo_font_options_t, FontOptionsDeleter> options(cairo_font_options_create());
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context_, options.get());
  pango_context_set_round_glyph_positions(context_, FALSE);
}

TextPainter::~TextPainter() { g_object_unref(context_); }

double TextPainter::Draw(double x, double y, double width, std::string_view text,
                         const TextStyle& style, bool draw) {
  std::unique_ptr<PangoLayout, GObjectDeleter> layout(pango_layout_new(context_));
  std::unique_ptr<PangoFontDescription, FontDescDeleter> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), style.family);
  pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(),
                                    style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());

  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), style.wrap_anywhere ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  if (style.center) pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
  if (style.max_lines > 0) {
    pango_layout_set_height(layout.get(), -style.max_lines);
    pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
  }
  if (style.line_spacing > 0) {
    pango_layout_set_line_spacing(layout.get(), static_cast<float>(style.line_spacing));
  }
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));

  int w = 0, h = 0;
  pango_layout_get_size(layout.get(), &w, &h);
  if (draw) {
    cairo_save(cr_);
    cairo_set_source_rgb(cr_, style.gray, style.gray, style.gray);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout.get());
    cairo_restore(cr_);
  }
  return static_cast<double>(h) / PANGO_SCALE;
}

void DrawRule(cairo_t* cr, double x, double y, double width, double thickness, double gray) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, gray, gray, gray);
  cairo_rectangle(cr, x, y - thickness / 2, width, thickness);
  cairo_fill(cr);
  cairo_restore(cr);
}

Result<QrSymbol> EncodeQr(std::string_view text) {
  if (text.empty()) return Status::Invalid("QR code: empty text");
  if (text.find('\0') != std::string_view::npos) {
    return Status::Invalid("QR code: text contains a NUL byte");
  }
  std::string z(text);
  errno = 0;
  std::unique_ptr<QRcode, QrDeleter> code(
      QRcode_encodeString(z.c_str(), /*version=*/0, QR_ECLEVEL_M, QR_MODE_8, /*casesensitive=*/1));
  if (!code) {
    if (errno == ERANGE) return Status::Invalid("QR code: text too long");
    return Status::Internal(std::string("QR code: ") + std::strerror(errno));
  }
  QrSymbol qr;
  qr.width = code->width;
  qr.dark.resize(static_cast<size_t>(qr.width) * qr.width);
  for (size_t i = 0; i < qr.dark.size(); ++i) qr.dark[i] = (code->data[i] & 1) != 0;
  return qr;
}

void FillQr(cairo_t* cr, const QrSymbol& qr, double x, double y, double module) {
  cairo_save(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_new_path(cr);
  // One rectangle per horizontal run of dark modules, all in one path filled
  // once, so that no seams show between neighbouring squares.
  for (int row = 0; row < qr.width; ++row) {
    int col = 0;
    while (col < qr.width) {
      if (!qr.dark[static_cast<size_t>(row) * qr.width + col]) {
        ++col;
        continue;
      }
      int end = col;
      while (end < qr.width && qr.dark[static_cast<size_t>(row) * qr.width + end]) ++end;
      cairo_rectangle(cr, x + col * module, y + row * module, (end - col) * module, module);
      col = end;
    }
  }
  cairo_fill(cr);
  cairo_restore(cr);
}

}  // namespace sabt::web::pdf
