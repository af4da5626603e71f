#include "domain/file_type.h"

#include "util/text.h"

namespace sabt::domain {
namespace {
bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }
}  // namespace

std::string SniffAttachmentType(std::string_view b) {
  using namespace std::string_view_literals;
  if (StartsWith(b, "\xFF\xD8\xFF"sv) && b.size() > 4) return "image/jpeg";
  if (StartsWith(b, "\x89PNG\r\n\x1A\n"sv) && b.size() > 8) return "image/png";
  if (StartsWith(b, "%PDF-"sv)) return "application/pdf";
  if ((StartsWith(b, "II*\0"sv) || StartsWith(b, "MM\0*"sv)) && b.size() > 8) return "image/tiff";
  if (b.size() > 12 && StartsWith(b, "RIFF"sv) && b.substr(8, 4) == "WEBP"sv) return "image/webp";
  return "";
}

std::string SafeFileName(std::string_view name, std::string_view mime) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string cleaned = CleanField(name);
  std::string out;
  for (char c : cleaned)
    if (c != '"' && c != '\\' && c != ';' && static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    out.resize(cut);
  }
  if (out.empty() || out == "." || out == "..") {
    out = "attachment";
    if (mime == "image/jpeg") out += ".jpg";
    else if (mime == "image/png") out += ".png";
    else if (mime == "application/pdf") out += ".pdf";
    else if (mime == "image/tiff") out += ".tif";
    else if (mime == "image/webp") out += ".webp";
  }
  return out;
}

}  // namespace sabt::domain
