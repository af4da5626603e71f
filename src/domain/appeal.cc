#include "domain/appeal.h"

#include "util/clock.h"
#include "util/text.h"

namespace sabt::domain {
namespace {

void CheckText(const std::string& field, std::string* value, bool required, size_t min_len, size_t max_len,
               Problems* problems) {
  *value = CleanField(*value);
  size_t len = Utf8Length(*value);
  if (len == 0) {
    if (required) problems->push_back({field, "required"});
    return;
  }
  if (len < min_len) problems->push_back({field, "too_short"});
  if (len > max_len) problems->push_back({field, "too_long"});
}

}  // namespace

std::string DisplayPhone(const std::string& p) {
  if (p.size() != 13 || p.compare(0, 4, "+992") != 0) return p;
  return p.substr(0, 4) + " " + p.substr(4, 2) + " " + p.substr(6, 3) + " " + p.substr(9, 2) + " " + p.substr(11, 2);
}

bool NormalizePhone(const std::string& in, std::string* out) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return false;
    }
  }
  if (digits.size() == 9 && !plus) {
    *out = "+992" + digits;
    return true;
  }
  if (digits.size() == 12 && digits.compare(0, 3, "992") == 0) {
    *out = "+" + digits;
    return true;
  }
  if (digits.size() < 7 || digits.size() > 15) return false;
  *out = (plus ? "+" : "") + digits;
  return true;
}

std::variant<ValidAppeal, Problems> ValidateAppeal(const AppealInput& in, const AppealReference& ref,
                                                   int64_t now_ms) {
  Problems p;
  ValidAppeal v;
  Applicant& a = v.applicant;
  a.surname = in.surname;
  a.given_name = in.given_name;
  a.patronymic = in.patronymic;
  a.address = in.address;
  a.id_document = in.id_document;
  v.summary = in.summary;
  CheckText("surname", &a.surname, true, 1, kMaxNameLength, &p);
  CheckText("given_name", &a.given_name, true, 1, kMaxNameLength, &p);
  CheckText("patronymic", &a.patronymic, false, 1, kMaxNameLength, &p);
  CheckText("address", &a.address, true, 3, kMaxAddressLength, &p);
  CheckText("id_document", &a.id_document, true, 3, kMaxDocumentLength, &p);
  CheckText("summary", &v.summary, true, kMinSummaryLength, kMaxSummaryLength, &p);

  std::string birth = CleanField(in.birth_date);
  if (birth.empty()) {
    p.push_back({"birth_date", "required"});
  } else {
    auto days = ParseDate(birth);
    int64_t today = now_ms / 86400000;
    if (!days.ok()) {
      p.push_back({"birth_date", "invalid_date"});
    } else if (*days > today) {
      p.push_back({"birth_date", "in_future"});
    } else if (today - *days > 125 * 366) {
      p.push_back({"birth_date", "invalid_date"});
    } else {
      a.birth_date = birth;
    }
  }

  std::string phone = CleanField(in.phone);
  if (phone.empty()) {
    p.push_back({"phone", "required"});
  } else if (!NormalizePhone(phone, &a.phone)) {
    p.push_back({"phone", "invalid_phone"});
  }

  v.channel = CleanField(in.channel);
  if (v.channel.empty()) p.push_back({"channel", "required"});
  else if (!ref.channels.count(v.channel)) p.push_back({"channel", "unknown_value"});
  v.category = CleanField(in.category);
  if (v.category.empty()) p.push_back({"category", "required"});
  else if (!ref.categories.count(v.category)) p.push_back({"category", "unknown_value"});

  std::string received = CleanField(in.received_at);
  if (received.empty()) {
    v.received_at_ms = now_ms;  // taken now
  } else {
    auto ms = ParseLocalDateTime(received);
    if (!ms.ok()) {
      // The API may send an RFC 3339 time with a zone.
      ms = ParseRfc3339(received);
    }
    if (!ms.ok()) p.push_back({"received_at", "invalid_date"});
    else if (*ms > now_ms + kFutureToleranceMs) p.push_back({"received_at", "in_future"});
    else if (*ms < now_ms - kMaxBackdateMs) p.push_back({"received_at", "too_old"});
    else v.received_at_ms = *ms;
  }
  std::string crime = CleanField(in.crime_signs);
  if (crime.empty()) p.push_back({"crime_signs", "required"});
  else if (crime == "yes" || crime == "true") v.crime_signs = true;
  else if (crime == "no" || crime == "false") v.crime_signs = false;
  else p.push_back({"crime_signs", "unknown_value"});
  if (!p.empty()) return p;
  return v;
}

}  // namespace sabt::domain
