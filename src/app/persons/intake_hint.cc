#include "app/persons/intake_hint.h"

#include "app/persons/search.h"
#include "domain/persons/blocking.h"
#include "domain/role.h"
#include "util/clock.h"
#include "util/text.h"

namespace sabt::app::persons {
namespace {

constexpr int64_t kWindowMs = int64_t{30} * 24 * 3600 * 1000;

bool IsoDate(const std::string& d) { return d.size() == 10 && ParseDate(d).ok(); }

}  // namespace

Result<std::vector<store::PersonRefRow>> IntakeHint(App& app, const Principal& who, const IntakeApplicant& in) {
  if (!domain::Allows(who.role, domain::Action::kRegisterAppeal)) return Status::Denied("this role may not register");
  IntakeApplicant a{CleanField(in.surname), CleanField(in.given_name), CleanField(in.patronymic),
                    CleanField(in.birth_date), CleanField(in.id_document)};
  if (!a.birth_date.empty() && !IsoDate(a.birth_date)) return Status::Invalid("bad_birth_date");
  for (const auto* f : {&a.surname, &a.given_name, &a.patronymic, &a.id_document})
    if (f->size() > kMaxQuery) return Status::Invalid("query_too_long");
  const bool by_name = !a.surname.empty() && !a.given_name.empty() && !a.birth_date.empty();
  const bool by_document = !domain::persons::DocumentKey(a.id_document).empty();
  if (!by_name && !by_document) return std::vector<store::PersonRefRow>();
  std::string since = FormatRfc3339Millis(app.clock().NowMillis() - kWindowMs);
  return SimilarAppeals(app, who, {a.surname, a.given_name, a.patronymic, a.birth_date}, a.id_document, since);
}

}  // namespace sabt::app::persons
