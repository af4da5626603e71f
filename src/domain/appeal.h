// Appeal intake: the rule that turns raw form/API input into a valid appeal
// or a list of field problems. Pure: the caller passes the clock reading and
// the reference lists (channels, categories) it loaded.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "domain/problem.h"

namespace sabt::domain {

// Raw input, exactly as received (already UTF-8 checked by the HTTP layer).
struct AppealInput {
  std::string surname, given_name, patronymic, birth_date, address, phone, id_document;
  std::string channel, category, summary, received_at;  // received_at: datetime-local, Tajik time
  std::string crime_signs;  // "yes" | "no": the officer's classification, required
};

struct Applicant {
  std::string surname, given_name, patronymic, birth_date, address, phone, id_document;
};

struct ValidAppeal {
  Applicant applicant;
  std::string channel, category, summary;
  int64_t received_at_ms = 0;
  bool crime_signs = false;  // contains signs of a crime (concealment guard)
};

struct AppealReference {
  std::set<std::string> channels;
  std::set<std::string> categories;
};

// Field limits, in Unicode code points.
constexpr size_t kMaxNameLength = 100;
constexpr size_t kMaxAddressLength = 300;
constexpr size_t kMaxDocumentLength = 60;
constexpr size_t kMinSummaryLength = 5;
constexpr size_t kMaxSummaryLength = 4000;
// An intake may be entered after the fact (a letter, a phone call taken on
// paper) but never in the future; 5 minutes of clock tolerance.
constexpr int64_t kFutureToleranceMs = 5 * 60 * 1000;
constexpr int64_t kMaxBackdateMs = int64_t{366} * 24 * 3600 * 1000;

std::variant<ValidAppeal, Problems> ValidateAppeal(const AppealInput& in, const AppealReference& ref,
                                                   int64_t now_ms);

// Phone numbers are kept as "+992" and nine digits when they are Tajik, and
// as entered (digits, one leading '+') otherwise.
bool NormalizePhone(const std::string& in, std::string* out);
// A stored phone number as people read it: a Tajik number "+992931234567"
// as "+992 93 123 45 67"; any other number as stored.
std::string DisplayPhone(const std::string& normalized);

}  // namespace sabt::domain
