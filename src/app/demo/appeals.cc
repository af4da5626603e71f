// Demo appeals that need attention: overdue ones (some assigned, one with
// signs of a crime that was never referred) and online submissions waiting
// in the queue, through the same registration, step and queue use cases as
// real work.
#include <cstdio>
#include <future>
#include <memory>

#include "app/appeal_steps.h"
#include "app/appeals.h"
#include "app/demo/fill.h"
#include "app/submissions.h"

namespace sabt::app {
namespace {

constexpr int64_t kDayMs = 86400000;

const std::vector<std::array<const char*, 4>>& People() {  // surname, given name, patronymic, village
  static const std::vector<std::array<const char*, 4>> p = {
      {"Давлатов", "Илҳом", "Назарович", "деҳаи Ғозималик"}, {"Раҷабова", "Шаҳло", "Ҳакимовна", "маҳаллаи Испечак"},
      {"Ашуров", "Далер", "", "деҳаи Чортут"},               {"Ёрова", "Мавзуна", "Тоировна", "маҳаллаи Зарафшон"},
      {"Нуриддинов", "Акмал", "Бобоевич", "деҳаи Гулистон"}, {"Холова", "Сарвиноз", "", "маҳаллаи Гипрозем"},
  };
  return p;
}

const std::vector<std::array<const char*, 2>>& Texts() {  // category, summary
  static const std::vector<std::array<const char*, 2>> t = {
      {"complaint", "[ДЕМО] Шикоят аз рафтори корманди посбонии роҳ."},
      {"neighbour_dispute", "[ДЕМО] Ҳамсоя девори ҳавлиро вайрон кард ва ҷанҷол мекунад."},
      {"lost_document", "[ДЕМО] Шиносномаам дар бозор гум шуд, маълумотнома лозим аст."},
      {"domestic", "[ДЕМО] Низои оилавӣ: хоҳиш мекунам, ки нозири ноҳия сӯҳбат гузаронад."},
      {"information_request", "[ДЕМО] Дар бораи ҳолати аризаи қаблӣ маълумот мехоҳам."},
  };
  return t;
}

domain::Applicant Person(DemoRng& rng) {
  const auto& p = rng.Pick(People());
  char phone[32], doc[32];
  std::snprintf(phone, sizeof phone, "+9929%08d", static_cast<int>(rng.Below(100000000)));
  std::snprintf(doc, sizeof doc, "A%08d", static_cast<int>(rng.Below(100000000)));
  return {p[0], p[1], p[2], "1980-04-1" + std::to_string(rng.Below(10)), std::string(p[3]) + ", хонаи " + std::to_string(1 + rng.Below(90)),
          phone, doc};
}

Result<nlohmann::json> Submit(App& app, const domain::ValidAppeal& v, const std::string& dept, const std::string& actor) {
  auto done = std::make_shared<std::promise<Result<nlohmann::json>>>();
  auto f = done->get_future();
  SubmitValidAppeal(app, v, dept, actor, [done](Result<nlohmann::json> r) { done->set_value(std::move(r)); });
  return f.get();
}

Status Step(App& app, const Principal& who, const std::string& id, StepInput in) {
  auto o = TakeStep(app, who, id, in);
  if (!o.problems.empty()) return Status::Internal("demo appeal step " + in.step + ": " + o.problems.front().field);
  return o.reply.ok() ? Status::Ok() : o.reply.status();
}

}  // namespace

Status FillDemoAppeals(App& app, DemoRng& rng) {
  auto desk = DemoPrincipal(app, "desk");
  auto head = DemoPrincipal(app, "head");
  if (!desk.ok()) return desk.status();
  if (!head.ok()) return head.status();
  const int64_t now = app.clock().NowMillis();
  // Overdue: received 55 to 70 days ago, past every category's answer period.
  for (int i = 0; i < 6; ++i) {
    const auto& t = rng.Pick(Texts());
    domain::ValidAppeal v;
    v.applicant = Person(rng);
    v.channel = "desk";
    v.category = t[0];
    v.summary = t[1];
    v.received_at_ms = now - (55 + static_cast<int64_t>(rng.Below(15))) * kDayMs;
    v.crime_signs = i == 5;  // signs of a crime, never referred: the concealment guard lists it
    auto r = Submit(app, v, "DSH-SNO", desk->user.id);
    if (!r.ok()) return r.status();
    std::string id = (*r)["id"].get<std::string>();
    if (i < 3) SABT_RETURN_IF_ERROR(Step(app, *head, id, {"assign", "desk", "", "", "", ""}));
    if (i == 0) SABT_RETURN_IF_ERROR(Step(app, *desk, id, {"start", "", "", "", "", ""}));
    if (i == 3) SABT_RETURN_IF_ERROR(Step(app, *head, id, {"assign", "investigator", "", "", "", ""}));
  }
  // Online submissions waiting for the desk officers of three districts.
  int n = 0;
  for (const char* district : {"DSH-SNO", "DSH-SNO", "DSH-SNO", "DSH-FRD", "SUG-KHJ"}) {
    if (!app.catalog().Get()->tree.Find(district)) continue;
    const auto& t = rng.Pick(Texts());
    auto p = Person(rng);
    OnlineInput in;
    in.appeal = {p.surname, p.given_name, p.patronymic, p.birth_date, p.address, p.phone, p.id_document, "online",
                 t[0],      t[1],         "",           ""};
    in.district = district;
    in.citizen_crime_signs = ++n % 2 == 0 ? "no" : "unknown";
    auto done = std::make_shared<std::promise<SubmitOutcome>>();
    auto f = done->get_future();
    SubmitOnline(app, in, [done](SubmitOutcome o) { done->set_value(std::move(o)); });
    auto o = f.get();
    if (!o.problems.empty())
      return Status::Internal("demo submission: " + o.problems.front().field + " " + o.problems.front().code);
    if (!o.reply.ok()) return o.reply.status();
  }
  return Status::Ok();
}

}  // namespace sabt::app
