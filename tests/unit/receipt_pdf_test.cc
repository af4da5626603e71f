// The printed receipt (web/receipt_pdf.h), checked the way a reader sees it:
// poppler renders and extracts it, zbar reads its QR code. pdftoppm,
// pdftotext, pdfinfo (poppler-utils) and zbarimg (zbar-tools) come from
// scripts/install-deps.sh; without them these tests fail, they never skip.
#include "web/receipt_pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sabt::web {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;

ReceiptPdfData Sample() {
  ReceiptPdfData d;
  d.number = "DSH-SNO/2026/27";
  d.received_at = "2026-11-27 14:30";
  d.department_tg = "Шуъбаи корҳои дохилии ноҳияи Сино, шаҳри Душанбе";
  d.department_ru = "Отдел внутренних дел района Сино, г. Душанбе";
  d.officer_name = "Раҳимзода Ғулом Қаҳҳорович";
  d.category_tg = "Шикоят аз амали кормандон";
  d.category_ru = "Жалоба на действия сотрудников";
  d.deadline = "2026-12-12";
  d.verification_code = "N37J-MMKE";
  d.applicant_name = "Ҳасанзода Ҷӯрабек Қодирович";
  d.entry_index = "1027";
  d.leaf_hash_hex = "3f9a0c5be1d24e7788a1f0c36b2d9e4a5c7f1e0b9d8a6c4e2f1a3b5c7d9e0f12";
  d.key_fingerprint = "8a3c09f211d07b4e5c19";
  d.status_url = "http://127.0.0.1:8080/verify?number=DSH-SNO%2F2026%2F27&code=N37J-MMKE&i=1027&leaf=" +
                 d.leaf_hash_hex + "&k=" + d.key_fingerprint;
  return d;
}

// A fresh directory for one test's files, removed at the end.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sabt-receipt-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  bool ok() const { return !path_.empty(); }

 private:
  std::string path_;
};

// Fails the test (not skips) when a tool the tests read PDFs with is missing.
::testing::AssertionResult HaveTool(const char* tool) {
  std::string cmd = std::string("command -v ") + tool + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << tool << " is not installed; run scripts/install-deps.sh "
         << "(poppler-utils gives pdftoppm/pdftotext/pdfinfo, zbar-tools gives zbarimg)";
}

// Runs a shell command; its standard output, or nullopt if it failed.
std::optional<std::string> RunCommand(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return std::nullopt;
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  if (pclose(p) != 0) return std::nullopt;
  return out;
}

// Renders the PDF page at 200 dpi and returns what zbarimg reads from it.
std::string DecodeQr(const ScratchDir& dir, const std::string& pdf) {
  std::string in = dir.Write("qr.pdf", pdf);
  std::string png = dir.File("qr");
  if (!RunCommand("pdftoppm -r 200 -png -singlefile " + in + " " + png)) return "<pdftoppm failed>";
  auto text = RunCommand("zbarimg --raw -q " + png + ".png 2>/dev/null");
  if (!text) return "<zbarimg found no code>";
  if (!text->empty() && text->back() == '\n') text->pop_back();
  return *text;
}

// The page's text with every run of white space (line breaks too) made one
// space, so that wrapped values read as they were given.
std::string ExtractText(const ScratchDir& dir, const std::string& pdf) {
  std::string in = dir.Write("text.pdf", pdf);
  std::string text = RunCommand("pdftotext -enc UTF-8 " + in + " -").value_or("<pdftotext failed>");
  return std::regex_replace(text, std::regex(R"(\s+)"), " ");
}

struct Box {
  double x0, y0, x1, y1;
};

// The bounding box of every word on the page, from `pdftotext -bbox`.
std::vector<Box> WordBoxes(const ScratchDir& dir, const std::string& pdf) {
  std::string in = dir.Write("bbox.pdf", pdf);
  std::string html = RunCommand("pdftotext -bbox " + in + " -").value_or("");
  static const std::regex kWord(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)")re");
  std::vector<Box> boxes;
  for (std::sregex_iterator it(html.begin(), html.end(), kWord), end; it != end; ++it) {
    boxes.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                     std::stod((*it)[4])});
  }
  return boxes;
}

// Page width and height in points, from pdfinfo.
std::pair<double, double> PageSize(const ScratchDir& dir, const std::string& pdf) {
  std::string info = RunCommand("pdfinfo " + dir.Write("info.pdf", pdf)).value_or("");
  std::smatch m;
  if (!std::regex_search(info, m, std::regex(R"(Page size:\s+([0-9.]+) x ([0-9.]+) pts)"))) {
    return {0, 0};
  }
  return {std::stod(m[1]), std::stod(m[2])};
}

void ExpectWordsInsideMargins(const ScratchDir& dir, const std::string& pdf) {
  auto [w, h] = PageSize(dir, pdf);
  const double margin = 8 * kPointsPerMm - 0.5;
  std::vector<Box> words = WordBoxes(dir, pdf);
  ASSERT_GT(words.size(), 30u);
  for (const Box& b : words) {
    EXPECT_GE(b.x0, margin);
    EXPECT_LE(b.x1, w - margin);
    EXPECT_GE(b.y0, margin);
    EXPECT_LE(b.y1, h - margin);
  }
  // No two words overlap (poppler's boxes span ascent to descent, so lines
  // may touch; allow a hair).
  constexpr double kHair = 1.0;
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t j = i + 1; j < words.size(); ++j) {
      const Box& a = words[i];
      const Box& b = words[j];
      bool apart = a.x1 <= b.x0 + kHair || b.x1 <= a.x0 + kHair || a.y1 <= b.y0 + kHair ||
                   b.y1 <= a.y0 + kHair;
      EXPECT_TRUE(apart) << "words " << i << " and " << j << " overlap at (" << a.x0 << ", "
                         << a.y0 << ") and (" << b.x0 << ", " << b.y0 << ")";
    }
  }
}

std::string Repeat(const std::string& unit, size_t chars) {
  std::string out;
  while (out.size() < chars * 2) out += unit;  // Cyrillic: 2 bytes a letter
  return out;
}

TEST(ReceiptPdfTest, ProducesAPdfOnA6AndA5) {
  ASSERT_TRUE(HaveTool("pdfinfo"));
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  auto a6 = RenderReceiptPdf(Sample(), PaperSize::kA6);
  auto a5 = RenderReceiptPdf(Sample(), PaperSize::kA5);
  ASSERT_TRUE(a6.ok()) << a6.status().ToString();
  ASSERT_TRUE(a5.ok()) << a5.status().ToString();
  for (const std::string* pdf : {&*a6, &*a5}) {
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    EXPECT_GT(pdf->size(), 2000u);
    EXPECT_LT(pdf->size(), 500'000u);
    EXPECT_NE(pdf->find("%%EOF", pdf->size() - 16), std::string::npos);
    std::string info = RunCommand("pdfinfo " + dir.Write("p.pdf", *pdf)).value_or("");
    EXPECT_TRUE(std::regex_search(info, std::regex(R"(\nPages:\s+1\n)"))) << info;
  }
  auto [a6w, a6h] = PageSize(dir, *a6);
  auto [a5w, a5h] = PageSize(dir, *a5);
  EXPECT_NEAR(a6w, 105 * kPointsPerMm, 0.5);
  EXPECT_NEAR(a6h, 148 * kPointsPerMm, 0.5);
  EXPECT_NEAR(a5w, 148 * kPointsPerMm, 0.5);
  EXPECT_NEAR(a5h, 210 * kPointsPerMm, 0.5);
}

TEST(ReceiptPdfTest, QrCodeHoldsTheStatusUrl) {
  ASSERT_TRUE(HaveTool("pdftoppm"));
  ASSERT_TRUE(HaveTool("zbarimg"));
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  ReceiptPdfData d = Sample();
  for (PaperSize size : {PaperSize::kA6, PaperSize::kA5}) {
    auto pdf = RenderReceiptPdf(d, size);
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    EXPECT_EQ(DecodeQr(dir, *pdf), d.status_url);
  }
  // Case matters: a lower-case code is another code.
  d.status_url = "http://127.0.0.1:8080/status?number=dsh-SNO%2F2026%2F27&code=n37j-MMKE";
  auto pdf = RenderReceiptPdf(d, PaperSize::kA6);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(DecodeQr(dir, *pdf), d.status_url);
}

TEST(ReceiptPdfTest, TajikTextIsEmbeddedAndNoPersonalDataBeyondTheName) {
  ASSERT_TRUE(HaveTool("pdftotext"));
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  const ReceiptPdfData d = Sample();
  for (PaperSize size : {PaperSize::kA6, PaperSize::kA5}) {
    auto pdf = RenderReceiptPdf(d, size);
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    const std::string text = ExtractText(dir, *pdf);
    for (const std::string& want :
         {d.number, d.applicant_name, std::string("ТАЛОНИ ОГОҲИНОМА"),
          std::string("ТАЛОН-УВЕДОМЛЕНИЕ"), std::string("Рақами бақайдгирӣ"),
          std::string("Регистрационный номер"), std::string("Мӯҳлати ҷавоб"),
          std::string("Рамзи санҷиш"), std::string("Аризадиҳанда / Заявитель"),
          std::string("Сабт дар маҷалла"), d.verification_code, d.received_at, d.deadline,
          d.officer_name, d.category_tg, d.category_ru, d.department_tg, d.department_ru,
          "#" + d.entry_index, d.leaf_hash_hex, std::string("http://127.0.0.1:8080/verify"),
          std::string("8a3c 09f2 11d0 7b4e 5c19")}) {
      EXPECT_NE(text.find(want), std::string::npos) << "missing: " << want << "\n" << text;
    }
    // The query string is for the QR code; people type the number and code.
    EXPECT_EQ(text.find("code=N37J"), std::string::npos);
    // The entry index is printed once, with one '#'.
    EXPECT_EQ(text.find("##"), std::string::npos);
  }
  // The receipt gets nothing it could print beyond the name: these are the
  // fourteen fields above (the key fingerprint is not personal) and the
  // crime_report flag, which only changes labels. A new field must not be the
  // address, phone, ID…
  struct FourteenTextsAndAFlag {
    std::string texts[14];
    bool flag;
  };
  EXPECT_EQ(sizeof(ReceiptPdfData), sizeof(FourteenTextsAndAFlag))
      << "ReceiptPdfData gained a field: keep personal data other than the name off the receipt";
}

TEST(ReceiptPdfTest, TextStaysInsideTheMargins) {
  ASSERT_TRUE(HaveTool("pdftotext"));
  ASSERT_TRUE(HaveTool("pdfinfo"));
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  for (PaperSize size : {PaperSize::kA6, PaperSize::kA5}) {
    auto pdf = RenderReceiptPdf(Sample(), size);
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    ExpectWordsInsideMargins(dir, *pdf);
  }
}

TEST(ReceiptPdfTest, LongDepartmentAndOfficerNamesWrapAndTheQrStillDecodes) {
  ASSERT_TRUE(HaveTool("pdftoppm"));
  ASSERT_TRUE(HaveTool("zbarimg"));
  ASSERT_TRUE(HaveTool("pdftotext"));
  ScratchDir dir;
  ASSERT_TRUE(dir.ok());
  ReceiptPdfData d = Sample();
  d.department_tg = Repeat("Раёсати корҳои дохилии вилояти Суғд, ", 200);
  d.department_ru = Repeat("Управление внутренних дел Согдийской области, ", 200);
  d.officer_name = Repeat("Ҷӯрабекзодаи Қаҳҳор ", 120);
  d.category_tg = Repeat("Аризаҳо ", 200);
  d.applicant_name = "Ҳасанзода Ҷӯрабек Қодирович " + Repeat("Абдураҳмонзода ", 100);
  d.number = "DSH-SNO/2026/" + std::string(40, '9');  // no space to break at
  for (PaperSize size : {PaperSize::kA6, PaperSize::kA5}) {
    auto pdf = RenderReceiptPdf(d, size);
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    EXPECT_EQ(DecodeQr(dir, *pdf), d.status_url);
    ExpectWordsInsideMargins(dir, *pdf);
    const std::string text = ExtractText(dir, *pdf);
    EXPECT_NE(text.find("Раёсати корҳои дохилии"), std::string::npos);
    // What follows the long fields is still there. (The "…" that ends a cut
    // field is not extractable: pango maps it to the text it stands for.)
    EXPECT_NE(text.find("Сабт дар маҷалла"), std::string::npos) << text;
    EXPECT_NE(text.find(d.verification_code), std::string::npos) << text;
    EXPECT_NE(text.find("Статус обращения"), std::string::npos) << text;
  }
  // Absurdly long input is cut before layout and still renders.
  d.department_ru = Repeat("Управление ", 200'000);
  auto huge = RenderReceiptPdf(d, PaperSize::kA6);
  ASSERT_TRUE(huge.ok()) << huge.status().ToString();
  EXPECT_EQ(DecodeQr(dir, *huge), d.status_url);
}

TEST(ReceiptPdfTest, RejectsTextThatIsNotUtf8AndAnEmptyAddress) {
  ReceiptPdfData d = Sample();
  d.officer_name = "Ра\xD2";  // truncated ҳ
  EXPECT_EQ(RenderReceiptPdf(d, PaperSize::kA6).status().code(), Code::kInvalid);
  d = Sample();
  d.status_url.clear();
  EXPECT_EQ(RenderReceiptPdf(d, PaperSize::kA6).status().code(), Code::kInvalid);
  d = Sample();
  d.status_url = "http://x/" + std::string(5000, 'a');  // beyond QR version 40
  EXPECT_EQ(RenderReceiptPdf(d, PaperSize::kA6).status().code(), Code::kInvalid);
}

TEST(ReceiptPdfTest, RendersFromSeveralThreadsAtOnce) {
  const ReceiptPdfData d = Sample();
  const std::string expected_start = "%PDF-";
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto pdf = RenderReceiptPdf(d, t % 2 ? PaperSize::kA5 : PaperSize::kA6);
        if (pdf.ok() && pdf->compare(0, 5, expected_start) == 0) ++good[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(good[t], 5) << "thread " << t;
}

}  // namespace
}  // namespace sabt::web
