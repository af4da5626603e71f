// The citizen's printed receipt ("талони огоҳинома / талон-уведомление") as
// a one-page PDF, in Tajik and Russian: the registration number, dates,
// department, officer, category, the verification code, the applicant's name
// (the only personal data on it), the journal entry (index and leaf hash) and
// the fingerprint of the journal key, and a QR code of the /verify address
// that carries all of them.
//
// Thread-safe: every call draws on its own cairo surface.
#pragma once
#include <string>

#include "util/status.h"

namespace sabt::web {

struct ReceiptPdfData {
  std::string number;             // e.g. "DSH-SNO/2026/27"
  std::string received_at;        // for display, Dushanbe time: "2026-11-27 14:30"
  std::string department_tg;
  std::string department_ru;
  std::string officer_name;
  std::string category_tg;
  std::string category_ru;
  std::string deadline;           // for display: "2026-12-12"
  std::string verification_code;  // e.g. "N37J-MMKE"
  std::string applicant_name;
  std::string entry_index;        // journal index, as text
  std::string leaf_hash_hex;      // 64 lower-case hex digits
  std::string status_url;         // the full address put into the QR code (/verify with number, code, index, leaf, key)
  std::string key_fingerprint;    // of the node key, 20 hex (docs/verification.md §4); printed in groups of four
  // A crime report's receipt (docs/api.md "The reporter's receipt"): the
  // reporter, the qualification (in category_*) and the check's due date.
  bool crime_report = false;
};

enum class PaperSize { kA5, kA6 };

// Returns the PDF bytes. Invalid when a field is not UTF-8, when the number
// or status_url is empty, or when status_url is too long for a QR code.
// Text too long for its place is wrapped, then cut with "…".
Result<std::string> RenderReceiptPdf(const ReceiptPdfData& d, PaperSize size);

}  // namespace sabt::web
