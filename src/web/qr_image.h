// A QR code as a PNG image, for showing on a web page (the enrolment code on
// /admin/devices). Drawn on the server with libqrencode and cairo; no script.
#pragma once
#include <string>
#include <string_view>

#include "util/status.h"

namespace sabt::web {

// PNG bytes of `text` as a QR code (8-bit mode, level M), `module_px` pixels
// per module, with the four-module white quiet zone around it.
Result<std::string> QrPng(std::string_view text, int module_px);

// "data:image/png;base64,…" of QrPng(text, module_px), for an <img src>.
Result<std::string> QrPngDataUri(std::string_view text, int module_px);

}  // namespace sabt::web
