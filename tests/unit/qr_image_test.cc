// The QR code image of the enrolment page (web/qr_image.h), read back with
// zbarimg (zbar-tools, from scripts/install-deps.sh; without it this fails).
#include "web/qr_image.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace sabt::web {
namespace {

std::string ZbarRead(const std::string& png) {
  auto path = std::filesystem::temp_directory_path() / ("sabt-qr-" + std::to_string(getpid()) + ".png");
  {
    std::ofstream out(path, std::ios::binary);
    out << png;
  }
  FILE* p = popen(("zbarimg --raw -q " + path.string() + " 2>/dev/null").c_str(), "r");
  std::string text;
  if (p) {
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    pclose(p);
  }
  std::filesystem::remove(path);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

TEST(QrImageTest, PngHoldsTheTextAndHasAQuietZone) {
  auto png = QrPng("K7M2-PQ4R-9XZT", 4);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  ASSERT_GT(png->size(), 8u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(ZbarRead(*png), "K7M2-PQ4R-9XZT");
  // Width from the IHDR chunk: (21 modules of version 1 + 2 × 4 quiet) × 4 px.
  const auto* b = reinterpret_cast<const unsigned char*>(png->data());
  uint32_t width = (uint32_t{b[16]} << 24) | (uint32_t{b[17]} << 16) | (uint32_t{b[18]} << 8) | b[19];
  EXPECT_EQ(width, (21u + 8u) * 4u);
}

TEST(QrImageTest, DataUriIsBase64Png) {
  auto uri = QrPngDataUri("ABCD", 2);
  ASSERT_TRUE(uri.ok());
  EXPECT_EQ(uri->rfind("data:image/png;base64,iVBORw0KGgo", 0), 0u);
}

TEST(QrImageTest, RefusesEmptyTextAndSillyModuleSizes) {
  EXPECT_FALSE(QrPng("", 4).ok());
  EXPECT_FALSE(QrPng("ABCD", 0).ok());
  EXPECT_FALSE(QrPng("ABCD", 1000).ok());
}

}  // namespace
}  // namespace sabt::web
