// Demo crime register: reports and cases in every state, made by the demo
// users through the register's own use cases (app/crime.h).
#include <array>
#include <cctype>
#include <cstdio>

#include "app/crime.h"
#include "app/demo/fill.h"
#include "util/clock.h"

namespace sabt::app {
namespace {

constexpr int64_t kDayMs = 86400000;

const std::vector<std::array<const char*, 3>>& Reporters() {
  static const std::vector<std::array<const char*, 3>> r = {
      {"Раҳимов", "Бахтиёр", "Саидович"},   {"Назарова", "Гулнора", "Каримовна"}, {"Шарифзода", "Фирдавс", ""},
      {"Қодирова", "Манижа", "Алиевна"},    {"Сафаров", "Ҷамшед", "Умарович"},    {"Ҳайдарова", "Зарина", ""},
      {"Мирзоев", "Парвиз", "Раҳмонович"},  {"Абдуллоева", "Нигина", "Олимовна"}, {"Каримзода", "Суҳроб", ""},
  };
  return r;
}

// Article, part and an account (marked as demo) that fits it.
const std::vector<std::array<const char*, 3>>& Events() {
  static const std::vector<std::array<const char*, 3>> e = {
      {"244", "1", "[ДЕМО] Аз мошини дар назди хона истода телефон ва ҳамён дуздида шуд."},
      {"248", "1", "[ДЕМО] Дар роҳ ду нафар сумкаи хабардиҳандаро кашида гирифта гурехтанд."},
      {"249", "1", "[ДЕМО] Шахси ношинос бо таҳдиди корд пул талаб кард."},
      {"244", "3", "[ДЕМО] Аз анбори мағоза маҳсулоти зиёд шабона бурда шуд."},
      {"112", "1", "[ДЕМО] Дар бозор ҳангоми ҷанҷол ба хабардиҳанда зарба заданд."},
      {"120", "1", "[ДЕМО] Ҳамсоя бо куштан таҳдид кард."},
  };
  return e;
}

struct Maker {
  App& app;
  DemoRng& rng;
  int serial = 0;

  // A report registered `days_ago` days back by `who` (its check then runs
  // from that day, so older ones are due or overdue).
  Result<nlohmann::json> Register(const Principal& who, int days_ago, bool reporter = true) {
    ++serial;
    const auto& ev = rng.Pick(Events());
    const auto& rp = rng.Pick(Reporters());
    int64_t received = app.clock().NowMillis() - days_ago * kDayMs - static_cast<int64_t>(rng.Below(5 * 3600)) * 1000;
    domain::CrimeReportInput in;
    in.source = reporter ? (rng.Below(4) == 0 ? "phone" : "walk_in") : "on_scene";
    if (reporter) {
      char doc[32];
      std::snprintf(doc, sizeof doc, "D%08d", static_cast<int>(rng.Below(100000000)));
      char phone[32];
      std::snprintf(phone, sizeof phone, "+9929%08d", static_cast<int>(rng.Below(100000000)));
      in.reporter = {rp[0], rp[1], rp[2], "", "[ДЕМО] ноҳияи Сино, кӯчаи " + std::to_string(1 + rng.Below(60)), phone, doc};
    }
    in.received_at = FormatLocalInput(received);
    in.event_at = FormatLocalInput(received - static_cast<int64_t>(1 + rng.Below(20)) * 3600 * 1000);
    in.place_address = "[ДЕМО] ноҳияи Сино, кӯчаи " + std::to_string(1 + rng.Below(80));
    in.account = ev[2];
    in.article = ev[0];
    in.part = ev[1];
    auto o = RegisterCrimeReport(app, who, in);
    if (!o.problems.empty())
      return Status::Internal("demo crime report: field " + o.problems.front().field + " " + o.problems.front().code);
    return o.reply;
  }

  Result<nlohmann::json> Report(const Principal& who, const std::string& id, StepFields f) {
    auto o = TakeReportStep(app, who, id, f);
    if (!o.problems.empty())
      return Status::Internal("demo report step " + f["step"] + ": " + o.problems.front().field + " " + o.problems.front().code);
    if (!o.reply.ok()) return Status::Internal("demo report step " + f["step"] + ": " + o.reply.status().ToString());
    return o.reply;
  }

  Status Case(const Principal& who, const std::string& id, StepFields f) {
    auto o = TakeCaseStep(app, who, id, f);
    if (!o.problems.empty())
      return Status::Internal("demo case step " + f["step"] + ": " + o.problems.front().field + " " + o.problems.front().code);
    if (!o.reply.ok()) return Status::Internal("demo case step " + f["step"] + ": " + o.reply.status().ToString());
    return Status::Ok();
  }
};

std::string Id(const nlohmann::json& j) { return j.value("id", std::string()); }

}  // namespace

Status FillDemoCrime(App& app, DemoRng& rng) {
  std::map<std::string, Principal> who;
  for (const char* u : {"desk", "investigator", "head", "prosecutor", "desk.sug-khj"}) {
    auto p = DemoPrincipal(app, u);
    if (!p.ok()) return p.status();
    who[u] = *p;
  }
  Maker m{app, rng};
  auto reg = [&](const char* user, int days_ago, bool reporter = true) { return m.Register(who[user], days_ago, reporter); };
#define DEMO_TRY(var, expr) \
  auto var = (expr);        \
  if (!var.ok()) return var.status()

  // Under check: fresh, found on scene by the investigator, due today, overdue, extended.
  DEMO_TRY(fresh, reg("desk", 0));
  DEMO_TRY(scene, reg("investigator", 1, false));
  DEMO_TRY(due_today, reg("desk", 3));
  DEMO_TRY(overdue1, reg("desk", 5));
  DEMO_TRY(overdue2, reg("desk", 8));
  DEMO_TRY(extended, reg("desk", 6));
  DEMO_TRY(ext, m.Report(who["head"], Id(*extended), {{"step", "extend"}, {"days", "10"},
                                                       {"reason", "[ДЕМО] Хулосаи экспертиза интизор аст"}}));
  // Decisions on refusals: proposed, approved, approved then annulled.
  DEMO_TRY(pending, reg("desk", 2));
  DEMO_TRY(p1, m.Report(who["investigator"], Id(*pending), {{"step", "refuse"}, {"ground", "no_corpus"},
                                                            {"reason", "[ДЕМО] Таркиби ҷиноят дида намешавад"}}));
  DEMO_TRY(refused, reg("desk", 2));
  DEMO_TRY(p2, m.Report(who["investigator"], Id(*refused), {{"step", "refuse"}, {"ground", "no_event"},
                                                            {"reason", "[ДЕМО] Ҳодисаи ҷиноят набуд"}}));
  DEMO_TRY(a2, m.Report(who["head"], Id(*refused), {{"step", "approve_refusal"}}));
  DEMO_TRY(annulled, reg("desk", 3));
  DEMO_TRY(p3, m.Report(who["investigator"], Id(*annulled), {{"step", "refuse"}, {"ground", "no_event"},
                                                             {"reason", "[ДЕМО] Ҳодисаи ҷиноят набуд"}}));
  DEMO_TRY(a3, m.Report(who["head"], Id(*annulled), {{"step", "approve_refusal"}}));
  DEMO_TRY(n3, m.Report(who["prosecutor"], Id(*annulled), {{"step", "annul_refusal"},
                                                           {"reason", "[ДЕМО] Санҷиш нопурра гузаронида шуд"}}));
  // Transfers by territory: one waiting at SUG-KHJ, one accepted there.
  DEMO_TRY(waiting, reg("desk", 1));
  DEMO_TRY(t1, m.Report(who["head"], Id(*waiting), {{"step", "transfer"}, {"department", "SUG-KHJ"},
                                                    {"reason", "[ДЕМО] Ҷои ҳодиса дар шаҳри Хуҷанд аст"}}));
  DEMO_TRY(moved, reg("desk", 2));
  DEMO_TRY(t2, m.Report(who["head"], Id(*moved), {{"step", "transfer"}, {"department", "SUG-KHJ"},
                                                  {"reason", "[ДЕМО] Ҷои ҳодиса дар шаҳри Хуҷанд аст"}}));
  DEMO_TRY(t3, m.Report(who["desk.sug-khj"], Id(*moved), {{"step", "accept_transfer"}}));
  // Cases: investigating (with a suspect), suspended, in court and solved, closed; a report joined.
  std::vector<std::string> cases;
  for (int i = 0; i < 4; ++i) {
    DEMO_TRY(r, reg("desk", 2 + i));
    DEMO_TRY(c, m.Report(who["investigator"], Id(*r), {{"step", "open_case"}}));
    cases.push_back(c->value("case_id", std::string()));
  }
  SABT_RETURN_IF_ERROR(m.Case(who["investigator"], cases[0],
                              {{"step", "add_person"}, {"role", "suspect"}, {"surname", "Ғуломов"}, {"given_name", "Фаррух"},
                               {"id_document", "DEMO-S-1"}, {"birth_date", "1994-06-11"}}));
  SABT_RETURN_IF_ERROR(m.Case(who["investigator"], cases[1],
                              {{"step", "status"}, {"status", "suspended"}, {"ground", "[ДЕМО] гумонбаршуда муайян нашуд"}}));
  SABT_RETURN_IF_ERROR(m.Case(who["investigator"], cases[2], {{"step", "solved"}, {"solved", "true"},
                                                              {"date", FormatDay(Today(app))}}));
  SABT_RETURN_IF_ERROR(m.Case(who["investigator"], cases[2], {{"step", "status"}, {"status", "in_court"}}));
  SABT_RETURN_IF_ERROR(m.Case(who["investigator"], cases[3],
                              {{"step", "status"}, {"status", "closed"}, {"ground", "[ДЕМО] бо оштӣ хотима ёфт"}}));
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto c = (*tx)->CrimeRecord(cases[0]);
    if (!c.ok() || !c->has_value()) return Status::Internal("demo case is missing");
    DEMO_TRY(joined, reg("desk", 1));
    tx->reset();
    DEMO_TRY(j, m.Report(who["investigator"], Id(*joined), {{"step", "join"}, {"case_number", (*c)->number}}));
  }
  // One report under check in every other district.
  for (const auto& [d, depth] : app.catalog().Get()->tree.Ordered()) {
    if (d->kind != domain::DepartmentKind::kDistrict || d->code == "DSH-SNO") continue;
    std::string user = "desk." + d->code;
    for (auto& ch : user) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto p = DemoPrincipal(app, user);
    if (!p.ok()) continue;  // a district without a demo desk officer
    DEMO_TRY(r, m.Register(*p, static_cast<int>(rng.Below(6))));
  }
#undef DEMO_TRY
  return Status::Ok();
}

}  // namespace sabt::app
