#include "web/qr_image.h"

#include <cairo.h>

#include <memory>

#include "util/base64.h"
#include "web/pdf_draw.h"

namespace sabt::web {
namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

Result<std::string> QrPng(std::string_view text, int module_px) {
  if (module_px < 1 || module_px > 64) return Status::Invalid("QR image: module size out of range");
  auto qr = pdf::EncodeQr(text);
  if (!qr.ok()) return qr.status();
  constexpr int kQuiet = 4;  // modules of white around the symbol
  const int side = (qr->width + 2 * kQuiet) * module_px;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return Status::Internal("QR image: no surface");
  std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_paint(cr.get());
  pdf::FillQr(cr.get(), *qr, kQuiet * module_px, kQuiet * module_px, module_px);
  cairo_surface_flush(surface.get());
  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), Append, &png) != CAIRO_STATUS_SUCCESS)
    return Status::Internal("QR image: PNG encoding failed");
  return png;
}

Result<std::string> QrPngDataUri(std::string_view text, int module_px) {
  auto png = QrPng(text, module_px);
  if (!png.ok()) return png.status();
  return "data:image/png;base64," + Base64Encode(*png);
}

}  // namespace sabt::web
