// The reply letter ("Мактуби ҷавобӣ / Ответ на обращение") as an A4 PDF, in
// Tajik and Russian headings: the department, the registration number, the
// date of the answer, the applicant, the answer text (as many pages as it
// needs), the officer who answered and, once closed, the head who approved.
//
// Thread-safe: every call draws on its own cairo surface.
#pragma once
#include <string>

#include "util/status.h"

namespace sabt::web {

struct ReplyPdfData {
  std::string department_tg, department_ru;
  std::string number;          // registration number
  std::string received_at;     // display form
  std::string answered_at;     // display form (date of the answer)
  std::string applicant_name;  // may be empty (erased)
  std::string applicant_address;
  std::string answer;          // the answer text, paragraphs separated by newlines
  std::string officer_name;    // who answered
  std::string head_name;       // who approved (closed); empty while not closed
  std::string approved_at;     // display form; empty while not closed
};

// Invalid when a field is not UTF-8 or the number or the answer is empty.
Result<std::string> RenderReplyPdf(const ReplyPdfData& d);

}  // namespace sabt::web
