#include "app/demo.h"
#include "app/demo/programme.h"

#include <future>
#include <map>

#include "app/admin.h"
#include "app/appeals.h"
#include "app/crime_classifier.h"
#include "app/demo/fill.h"
#include "app/demo/rng.h"
#include "app/signin/second_factor.h"
#include "domain/role.h"
#include "util/totp.h"
#include "util/csv.h"
#include "util/embedded.h"

namespace sabt::app {
namespace {

using Rng = DemoRng;

Result<std::vector<CsvRow>> EmbeddedCsv(const std::string& path) {
  auto f = embedded::Find(path);
  if (!f) return Status::NotFound("missing embedded file " + path);
  auto rows = ParseCsv(*f);
  if (!rows.ok()) return Status::Corruption(path + ": " + rows.status().message());
  if (!rows->empty()) rows->erase(rows->begin());  // header
  return rows;
}

// Patronymic from the father's name: -ович/-овна (the Russian-style form
// still usual in documents), -евич/-евна after a vowel.
std::string Patronymic(const std::string& father, bool female) {
  static const std::string kVowels[] = {"а", "о", "у", "и", "е", "ӣ", "ӯ", "я"};
  bool vowel = false;
  for (const auto& v : kVowels)
    if (father.size() >= v.size() && father.compare(father.size() - v.size(), v.size(), v) == 0) vowel = true;
  if (vowel) return father + (female ? "евна" : "евич");
  return father + (female ? "овна" : "ович");
}

std::string Feminine(const std::string& surname) {
  const std::string ov = "ов", ev = "ев";
  if (surname.size() > ov.size() &&
      (surname.compare(surname.size() - ov.size(), ov.size(), ov) == 0 ||
       surname.compare(surname.size() - ev.size(), ev.size(), ev) == 0))
    return surname + "а";
  return surname;
}

}  // namespace

Status LoadDefaultReference(App& app) {
  auto snap = app.catalog().Get();
  for (const char* list : {"holidays", "return_grounds", "crime_deadlines", "refusal_grounds"}) {
    std::string l(list);
    bool empty = l == "holidays"          ? snap->holidays.empty()
                 : l == "return_grounds"  ? snap->return_grounds.empty()
                 : l == "crime_deadlines" ? snap->crime_deadlines.empty()
                                          : snap->refusal_grounds.empty();
    if (!empty) continue;
    auto f = embedded::Find(std::string("data/") + list + ".csv");
    if (!f) return Status::NotFound(std::string("data/") + list + ".csv is not embedded");
    SABT_RETURN_IF_ERROR(LoadReferenceCsv(app, list, *f));
  }
  if (snap->submission_reject_grounds.empty()) {
    auto f = embedded::Find("data/submission_reject_grounds.csv");
    if (!f) return Status::NotFound("data/submission_reject_grounds.csv is not embedded");
    SABT_RETURN_IF_ERROR(LoadReferenceCsv(app, "submission_reject_grounds", *f));
  }
  if (snap->crime_keywords.empty()) {
    auto f = embedded::Find("data/crime_keywords.csv");
    if (!f) return Status::NotFound("data/crime_keywords.csv is not embedded");
    SABT_RETURN_IF_ERROR(LoadReferenceCsv(app, "crime_keywords", *f));
  }
  if (snap->settings.empty()) {
    auto f = embedded::Find("data/settings.csv");
    if (!f) return Status::NotFound("data/settings.csv is not embedded");
    SABT_RETURN_IF_ERROR(LoadReferenceCsv(app, "settings", *f));
  }
  if (snap->channels.empty()) {
    auto f = embedded::Find("data/channels.csv");
    if (!f) return Status::NotFound("data/channels.csv is not embedded");
    SABT_RETURN_IF_ERROR(LoadReferenceCsv(app, "channels", *f));
  }
  if (snap->categories.empty()) {
    auto f = embedded::Find("data/appeal_categories.csv");
    if (!f) return Status::NotFound("data/appeal_categories.csv is not embedded");
    SABT_RETURN_IF_ERROR(LoadReferenceCsv(app, "appeal_categories", *f));
  }
  return LoadDefaultClassifier(app);
}

Result<std::vector<DemoLogin>> GenerateDemo(App& app, const DemoOptions& opts) {
  if (app.catalog().Get()->tree.size() > 0)
    return Status::Conflict("this database already has departments; demo data goes only into an empty node");
  Rng rng(opts.seed);
  auto depts = embedded::Find("data/demo/departments.csv");
  if (!depts) return Status::NotFound("data/demo/departments.csv is not embedded");
  SABT_RETURN_IF_ERROR(LoadDepartmentsCsv(app, *depts));
  SABT_RETURN_IF_ERROR(LoadDefaultReference(app));
  // What the public start page tells citizens about each district (demo).
  auto contacts = embedded::Find("data/demo/department_contacts.csv");
  if (!contacts) return Status::NotFound("data/demo/department_contacts.csv is not embedded");
  SABT_RETURN_IF_ERROR(LoadReferenceCsv(app, "department_contacts", *contacts));

  std::vector<DemoLogin> logins;
  auto add = [&](const std::string& username, const std::string& role, const std::string& dept,
                 const std::string& display) -> Status {
    std::string password = "demo-" + username + "-" + std::to_string(1000 + rng.Below(9000));
    auto id = AddUser(app, {username, password, role, dept, display});
    if (!id.ok()) return id.status();
    DemoLogin login{username, password, role, dept, ""};
    // Roles that must have a second factor get one derived from the seed, so
    // the printed otpauth:// URI works in any authenticator app.
    auto parsed = domain::ParseRole(role);
    if (parsed && signin::RequiresTotp(*parsed)) {
      std::string secret = signin::DemoSecret(opts.seed, username);
      SABT_RETURN_IF_ERROR(signin::SetConfirmedSecret(app, *id, secret));
      login.totp_uri = OtpauthUri("Sabt demo", username, secret);
    }
    logins.push_back(login);
    return Status::Ok();
  };
  SABT_RETURN_IF_ERROR(add("desk", "desk_officer", "DSH-SNO", "Фирӯза Назарова (демо)"));
  SABT_RETURN_IF_ERROR(add("mobile", "mobile_officer", "DSH-SNO-M1", "Ҷамшед Қодиров (демо)"));
  SABT_RETURN_IF_ERROR(add("investigator", "investigator", "DSH-SNO", "Суҳроб Ғафуров (демо)"));
  SABT_RETURN_IF_ERROR(add("head", "head", "DSH-SNO", "Азиз Раҳимзода (демо)"));
  SABT_RETURN_IF_ERROR(add("analyst", "analyst", "MIA", "Мадина Шарипова (демо)"));
  SABT_RETURN_IF_ERROR(add("prosecutor", "prosecutor", "DSH", "Ғайрат Ҳасанзода (демо)"));
  SABT_RETURN_IF_ERROR(add("auditor", "auditor", "MIA", "Ҳамида Сафарова (демо)"));
  SABT_RETURN_IF_ERROR(add("admin", "admin", "MIA", "Администратор (демо)"));

  // A desk officer in every pilot district, so appeals spread over the pilot.
  std::vector<std::pair<std::string, std::string>> districts;  // code, desk username
  districts.emplace_back("DSH-SNO", "desk");
  for (const auto& [d, depth] : app.catalog().Get()->tree.Ordered()) {
    if (d->kind != domain::DepartmentKind::kDistrict || d->code == "DSH-SNO") continue;
    std::string user = "desk." + d->code;
    for (auto& c : user) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    SABT_RETURN_IF_ERROR(add(user, "desk_officer", d->code, "Навбатдор " + d->code + " (демо)"));
    districts.emplace_back(d->code, user);
  }

  SABT_RETURN_IF_ERROR(AddProgrammeDemo(app, opts.seed, &logins));  // reform programme, equipment (issue 17)

  auto names = EmbeddedCsv("data/demo/names.csv");
  auto places = EmbeddedCsv("data/demo/places.csv");
  auto texts = EmbeddedCsv("data/demo/appeal_texts.csv");
  if (!names.ok()) return names.status();
  if (!places.ok()) return places.status();
  if (!texts.ok()) return texts.status();
  std::map<std::string, std::vector<std::string>> by_kind, villages;
  for (const auto& r : *names)
    if (r.size() == 2) by_kind[r[0]].push_back(r[1]);
  for (const auto& r : *places)
    if (r.size() == 2) villages[r[0]].push_back(r[1]);
  std::vector<std::pair<std::string, std::string>> summaries;
  for (const auto& r : *texts)
    if (r.size() == 2) summaries.emplace_back(r[0], r[1]);
  for (const char* k : {"surname_m", "surname_zoda", "given_m", "given_f", "father_given"})
    if (by_kind[k].empty()) return Status::Corruption(std::string("demo names lack kind ") + k);

  auto snap = app.catalog().Get();
  std::set<std::string> categories;
  for (const auto& c : snap->categories) categories.insert(c.code);
  std::vector<std::string> channels = {"desk", "desk", "desk", "mobile", "phone", "letter", "online"};

  std::map<std::string, std::string> user_ids;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto users = (*tx)->Users();
    if (!users.ok()) return users.status();
    for (const auto& u : *users) user_ids[u.username] = u.id;
  }

  const int64_t now = app.clock().NowMillis();
  std::vector<std::future<Result<nlohmann::json>>> pending;
  int done = 0;
  for (int i = 0; i < opts.appeals; ++i) {
    const auto& [dept, username] = districts[rng.Below(districts.size())];
    bool female = rng.Below(2) == 0;
    domain::ValidAppeal v;
    auto& a = v.applicant;
    a.surname = rng.Below(3) == 0 ? rng.Pick(by_kind["surname_zoda"])
                                  : (female ? Feminine(rng.Pick(by_kind["surname_m"])) : rng.Pick(by_kind["surname_m"]));
    a.given_name = rng.Pick(by_kind[female ? "given_f" : "given_m"]);
    a.patronymic = Patronymic(rng.Pick(by_kind["father_given"]), female);
    int year = 1950 + static_cast<int>(rng.Below(55));
    char bd[48];
    std::snprintf(bd, sizeof bd, "%04d-%02d-%02d", year, 1 + static_cast<int>(rng.Below(12)),
                  1 + static_cast<int>(rng.Below(28)));
    a.birth_date = bd;
    const auto& vs = villages[dept];
    a.address = (vs.empty() ? std::string("ш. Душанбе") : rng.Pick(vs)) + ", кӯчаи " +
                std::to_string(1 + rng.Below(40)) + ", хонаи " + std::to_string(1 + rng.Below(120));
    char phone[48];
    std::snprintf(phone, sizeof phone, "+9929%08d", static_cast<int>(rng.Below(100000000)));
    a.phone = phone;
    char doc[48];
    std::snprintf(doc, sizeof doc, "A%08d", static_cast<int>(rng.Below(100000000)));
    a.id_document = doc;
    const auto& [cat, text] = summaries[rng.Below(summaries.size())];
    v.category = categories.count(cat) ? cat : *categories.begin();
    v.summary = "[ДЕМО] " + text;
    v.channel = rng.Pick(channels);
    v.received_at_ms = now - static_cast<int64_t>(rng.Below(60ULL * 24 * 3600)) * 1000;
    auto p = std::make_shared<std::promise<Result<nlohmann::json>>>();
    pending.push_back(p->get_future());
    SubmitValidAppeal(app, v, dept, user_ids[username], [p](Result<nlohmann::json> r) { p->set_value(std::move(r)); });
    // Keep the queue bounded and report progress as batches commit.
    if (pending.size() >= 256 || i + 1 == opts.appeals) {
      for (auto& f : pending) {
        auto r = f.get();
        if (!r.ok()) return r.status();
        ++done;
      }
      pending.clear();
      if (opts.progress) opts.progress(done, opts.appeals);
    }
  }
  if (opts.fill) SABT_RETURN_IF_ERROR(FillDemo(app, opts.seed));  // every page has content (app/demo/)
  return logins;
}

}  // namespace sabt::app
