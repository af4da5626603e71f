// The handover act of donated or procured equipment (docs/programme.md §4)
// as an A4 PDF in Tajik and Russian: number and date, the side handing over
// (organisation and name), the side receiving (unit and name), the list of
// items, and both signature lines. Thread-safe: every call draws on its own
// cairo surface.
#pragma once
#include <string>
#include <vector>

#include "util/status.h"

namespace sabt::web {

struct HandoverItem {
  std::string kind_tg, kind_ru;  // e.g. "Автобуси хурд" / "Микроавтобус"
  std::string name;
  std::string serial_or_plate;
};

struct HandoverPdfData {
  std::string number, date;      // date for display, "2026-11-27"
  std::string donor;             // organisation handing over
  std::string giver_name;
  std::string receiver_unit_tg, receiver_unit_ru;
  std::string receiver_name;
  std::string source_tg, source_ru;  // "Хайрия" / "Безвозмездная передача", …
  std::vector<HandoverItem> items;
};

// Invalid when a field is not UTF-8, the number is empty or there are no items.
// Items run onto further pages as needed.
Result<std::string> RenderHandoverPdf(const HandoverPdfData& d);

}  // namespace sabt::web
