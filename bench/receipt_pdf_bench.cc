// receipt_pdf_bench: how long one printed receipt takes to render
// (web/receipt_pdf.h), on A6 and A5.
//
//   receipt_pdf_bench [--count N] [--sample PREFIX]
//
// --count: renders per size (default 200), after 5 warm-up renders.
// --sample: also writes PREFIX-a6.pdf and PREFIX-a5.pdf, to look at.
//
// Output: "receipt PDF render: X ms/receipt (A6), Y ms (A5)" (wall clock),
// the same in CPU time, and the size of one PDF of each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include "web/receipt_pdf.h"

namespace {

sabt::web::ReceiptPdfData Sample() {
  sabt::web::ReceiptPdfData d;
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
  d.status_url = "http://127.0.0.1:8080/status?number=DSH-SNO%2F2026%2F27&code=N37J-MMKE";
  return d;
}

struct Timing {
  double wall_ms = -1;  // per render; negative if a render failed
  double cpu_ms = -1;
};

Timing Measure(const sabt::web::ReceiptPdfData& d, sabt::web::PaperSize size, int count,
               size_t* bytes) {
  for (int i = 0; i < 5; ++i) {
    if (!sabt::web::RenderReceiptPdf(d, size).ok()) return {};
  }
  std::clock_t cpu_start = std::clock();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    auto pdf = sabt::web::RenderReceiptPdf(d, size);
    if (!pdf.ok()) {
      std::fprintf(stderr, "render failed: %s\n", pdf.status().ToString().c_str());
      return {};
    }
    *bytes = pdf->size();
  }
  std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  double cpu = 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return {took.count() / count, cpu / count};
}

bool WriteSample(const sabt::web::ReceiptPdfData& d, sabt::web::PaperSize size,
                 const std::string& path) {
  auto pdf = sabt::web::RenderReceiptPdf(d, size);
  if (!pdf.ok()) return false;
  std::ofstream(path, std::ios::binary) << *pdf;
  std::printf("wrote %s\n", path.c_str());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int count = 200;
  std::string sample;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--count") {
      count = std::max(1, std::atoi(argv[i + 1]));
    } else if (flag == "--sample") {
      sample = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: receipt_pdf_bench [--count N] [--sample PREFIX]\n");
      return 2;
    }
  }
  const sabt::web::ReceiptPdfData d = Sample();
  if (!sample.empty()) {
    if (!WriteSample(d, sabt::web::PaperSize::kA6, sample + "-a6.pdf") ||
        !WriteSample(d, sabt::web::PaperSize::kA5, sample + "-a5.pdf")) {
      return 1;
    }
  }
  size_t a6_bytes = 0, a5_bytes = 0;
  Timing a6 = Measure(d, sabt::web::PaperSize::kA6, count, &a6_bytes);
  Timing a5 = Measure(d, sabt::web::PaperSize::kA5, count, &a5_bytes);
  if (a6.wall_ms < 0 || a5.wall_ms < 0) return 1;
  std::printf("receipt PDF render: %.2f ms/receipt (A6), %.2f ms (A5)\n", a6.wall_ms, a5.wall_ms);
  std::printf("CPU time: %.2f ms/receipt (A6), %.2f ms (A5)\n", a6.cpu_ms, a5.cpu_ms);
  std::printf("PDF size: %zu bytes (A6), %zu bytes (A5); %d renders each\n", a6_bytes, a5_bytes,
              count);
  return 0;
}
