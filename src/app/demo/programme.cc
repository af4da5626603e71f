#include "app/demo/programme.h"

#include "app/admin.h"
#include "app/programme/equipment.h"
#include "app/programme/indicators.h"
#include "app/programme/programme.h"
#include "util/clock.h"

namespace sabt::app {
namespace {

namespace prog = programme;

// The id from an outcome, or its failure as a status.
Result<std::string> IdOf(const prog::Outcome& o) {
  if (!o.problems.empty()) return Status::Invalid("demo programme: " + o.problems[0].field + " " + o.problems[0].code);
  if (!o.conflict.empty()) return Status::Conflict("demo programme: " + o.conflict);
  if (!o.reply.ok()) return o.reply.status();
  return (*o.reply)["id"].get<std::string>();
}

#define DEMO_ID(var, expr)  \
  auto var##_r = (expr);    \
  if (!var##_r.ok()) return var##_r.status(); \
  std::string var = *var##_r

nlohmann::json Title(const char* tg, const char* ru, const char* en, const char* prefix = "title") {
  std::string p = prefix;
  return {{p + "_tg", tg}, {p + "_ru", ru}, {p + "_en", en}};
}

nlohmann::json With(nlohmann::json a, const nlohmann::json& b) {
  for (const auto& [k, v] : b.items()) a[k] = v;
  a["demo"] = true;
  return a;
}

}  // namespace

Status AddProgrammeDemo(App& app, uint64_t seed, std::vector<DemoLogin>* logins) {
  // Accounts: a coordinator at the ministry and the partner's programme office.
  std::map<std::string, store::UserRow> users;
  uint64_t x = seed ^ 0x9e3779b97f4a7c15ULL;
  for (const auto& [username, role, display] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"coordinator", "programme_coordinator", "Фарҳод Мирзоев (демо)"},
           {"partner", "partner", "OSCE Programme Office (demo)"}}) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    std::string password = "demo-" + username + "-" + std::to_string(1000 + (x >> 33) % 9000);
    auto id = AddUser(app, {username, password, role, "MIA", display});
    if (!id.ok()) return id.status();
    logins->push_back({username, password, role, "MIA", ""});
  }
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto all = (*tx)->Users();
    if (!all.ok()) return all.status();
    for (const auto& u : *all) users[u.username] = u;
  }
  Principal who{users["coordinator"], domain::Role::kProgrammeCoordinator, {}};
  const int64_t today = (app.clock().NowMillis() + kTajikOffsetMinutes * 60000LL) / 86400000;
  auto day = [today](int64_t offset) { return FormatDay(today + offset); };

  // Indicators (formulas over docs/statistics.md §1.3).
  auto indicator = [&](const char* code, nlohmann::json name, const char* formula, const char* unit, double base,
                       double target, const char* dir) {
    return IdOf(prog::SaveIndicator(
        app, who,
        With(name, {{"code", code}, {"formula", formula}, {"unit", unit}, {"baseline", std::to_string(base)},
                    {"target", std::to_string(target)}, {"target_date", "2025-12-31"}, {"direction", dir}})));
  };
  DEMO_ID(ind_mobile, indicator("IND-1", Title("Муроҷиатҳо дар нуқтаҳои сайёр дар як моҳ", "Обращения в мобильных пунктах в месяц", "Appeals received by mobile stations per month", "name"), "appeal.mobile", "count", 0, 120, "up"));
  DEMO_ID(ind_in_time, indicator("IND-2", Title("Ҳиссаи муроҷиатҳое, ки сари вақт ҷавоб гирифтанд", "Доля обращений, отвеченных в срок", "Share of appeals answered in time", "name"), "100 * appeal.answer.in_time / (appeal.answer.in_time + appeal.answer.late)", "percent", 62, 95, "up"));
  DEMO_ID(ind_3days, indicator("IND-3", Title("Ҳиссаи хабарҳо дар бораи ҷиноят, ки дар 3 рӯз ҳал шуданд", "Доля сообщений о преступлениях, решённых за 3 дня", "Share of crime reports decided within 3 days", "name"), "100 * crime.decision.days.le3 / (crime.decision.case + crime.decision.refusal + crime.decision.transfer)", "percent", 40, 80, "up"));
  DEMO_ID(ind_refusal, indicator("IND-4", Title("Сатҳи радди оғози парванда", "Доля отказов в возбуждении дела", "Refusal rate", "name"), "100 * crime.decision.refusal / (crime.decision.case + crime.decision.refusal + crime.decision.transfer)", "percent", 55, 35, "down"));
  DEMO_ID(ind_annulled, indicator("IND-5", Title("Раддҳои бекоркардашуда", "Отменённые отказы", "Annulled refusals", "name"), "crime.refusal_annulled", "count", 12, 4, "down"));
  DEMO_ID(ind_jamoats, indicator("IND-6", Title("Ҷамоатҳои боздидшуда", "Посещённые джамоаты", "Jamoats visited", "name"), "distinct(trip.stop.jamoat.*)", "count", 0, 30, "up"));
  // Offline intake (docs/statistics.md §1.7): average hours from a laptop's intake to registration here.
  DEMO_ID(ind_offline, indicator("IND-7", Title("Вақт аз қабули офлайн то бақайдгирӣ (соат)", "Время от офлайн-приёма до регистрации (часы)", "Time from intake to registration for appeals taken offline (hours)", "name"), "appeal.offline.delay_minutes / 60 / appeal.offline", "hours", 48, 24, "down"));

  // The programme, its components and the Joint Action Plan items.
  DEMO_ID(prp, IdOf(prog::SaveProgramme(app, who, With(Title("Барномаи ислоҳоти милитсия барои солҳои 2021–2025", "Программа реформы милиции на 2021–2025 годы", "Police Reform Programme 2021–2025"), {{"code", "PRP-2021-2025"}, {"from", "2021-01-01"}, {"to", "2025-12-31"}}))));
  auto component = [&](const char* code, nlohmann::json t) {
    return IdOf(prog::SaveComponent(app, who, With(t, {{"programme", prp}, {"code", code}})));
  };
  DEMO_ID(c1, component("C1", Title("Милитсияи ҷамъиятӣ ва қабули сайёр", "Общественная милиция и мобильный приём", "Community policing and mobile reception")));
  DEMO_ID(c2, component("C2", Title("Феҳристи электронии ҷиноятҳо", "Электронный реестр преступлений", "Electronic crime register")));
  DEMO_ID(c3, component("C3", Title("Ҳамоҳангсозии ислоҳот", "Координация реформы", "Coordination of the reform")));
  struct Act {
    std::string comp;
    const char* code;
    nlohmann::json title;
    const char* unit;
    int64_t from, to;
    std::vector<std::pair<const char*, const char*>> steps;  // status, reason
    std::vector<std::string> indicators;
  };
  std::vector<Act> acts = {
      {c1, "JAP-1.1", Title("Ду мошини қабули сайёр дар ноҳияҳои озмоишӣ", "Два автомобиля мобильного приёма в пилотных районах", "Two mobile reception vehicles in the pilot districts"), "DSH", -400, 60,
       {{"in_progress", "Мошинҳо қабул шуданд, таҷҳизонидан оғоз шуд"}}, {ind_mobile, ind_jamoats, ind_offline}},
      {c1, "JAP-1.2", Title("Скутерҳои барқӣ барои нуқтаҳои озмоишӣ", "Электроскутеры для пилотных пунктов", "Electric scooters for the pilot police stations"), "DSH", -300, -30,
       {{"in_progress", "Скутерҳо супорида шуданд"}, {"delayed", "Омӯзиши ронандагон ба таъхир афтод"}}, {}},
      {c2, "JAP-2.1", Title("Феҳристи электронии ҷиноятҳо дар нӯҳ шуъба", "Электронный реестр преступлений в девяти отделах", "Electronic crime register in nine district departments"), "MIA", -200, 150,
       {{"in_progress", "Компютерҳо дар нӯҳ шуъба насб шуданд"}}, {ind_3days, ind_refusal, ind_annulled}},
      {c2, "JAP-2.2", Title("Омӯзиши муфаттишон оид ба феҳрист", "Обучение следователей работе с реестром", "Training investigators on the register"), "MIA", -150, -20, {}, {ind_3days}},
      {c3, "JAP-3.1", Title("Барқарор кардани гурӯҳи кории роҳбарикунанда", "Возобновление работы руководящей рабочей группы", "Re-activating the reform steering working group"), "MIA", -500, -200,
       {{"in_progress", "Фармон дар бораи ҳайати нав омода шуд"}, {"done", "Ҷаласаи аввал баргузор шуд"}}, {}},
      {c3, "JAP-3.2", Title("Толори видеоконфронс дар вазорат", "Зал видеоконференцсвязи в министерстве", "Video-conference room at the ministry"), "MIA", -120, 30,
       {{"in_progress", "Система ва мебел қабул шуданд"}}, {ind_in_time}},
  };
  std::vector<std::string> act_ids;
  for (const auto& a : acts) {
    nlohmann::json ind = nlohmann::json::array();
    for (const auto& i : a.indicators) ind.push_back(i);
    DEMO_ID(id, IdOf(prog::SaveActivity(app, who, With(a.title, {{"component", a.comp}, {"code", a.code}, {"unit", a.unit},
        {"partner", "Дафтари барномаҳои САҲА дар Душанбе / OSCE Programme Office in Dushanbe"},
        {"owner", "coordinator"}, {"from", day(a.from)}, {"to", day(a.to)}, {"indicators", ind}}))));
    for (const auto& [status, reason] : a.steps) {
      auto o = prog::ChangeActivityStatus(app, who, id, status, reason);
      if (!o.reply.ok()) return o.reply.status();
    }
    act_ids.push_back(id);
  }

  // The working groups, their meetings and decisions.
  DEMO_ID(steering, IdOf(prog::SaveGroup(app, who, With(Title("Гурӯҳи кории роҳбарикунандаи ислоҳоти милитсия", "Руководящая рабочая группа по реформе милиции", "Police reform steering working group"), {{"code", "WG-STEER"}, {"unit", "MIA"}, {"members", nlohmann::json::array({"coordinator: котиб / секретарь", "head: аъзо / член", "analyst: аъзо / член"})}}))));
  DEMO_ID(impl, IdOf(prog::SaveGroup(app, who, With(Title("Гурӯҳи кории татбиқи нақшаҳо", "Рабочая группа по реализации планов", "Implementation working group"), {{"code", "WG-IMPL"}, {"unit", "MIA"}, {"members", nlohmann::json::array({"coordinator: раис / председатель", "head: аъзо / член", "investigator: аъзо / член"})}}))));
  DEMO_ID(m1, IdOf(prog::HoldMeeting(app, who, With({}, {{"group", steering}, {"date", day(-90)}, {"agenda", nlohmann::json::array({"Ҳисоботи иҷрои Нақшаи амалҳои муштарак / Отчёт о выполнении Совместного плана действий", "Таҷҳизоти ҳадяшуда / Переданное оборудование"})}, {"minutes", "Иштирок доштанд 9 нафар. Ҳисобот шунида шуд; тақсимоти мошинҳои қабули сайёр тасдиқ шуд. / Присутствовали 9 человек. Заслушан отчёт; утверждено распределение автомобилей мобильного приёма."}}))));
  DEMO_ID(m2, IdOf(prog::HoldMeeting(app, who, With({}, {{"group", impl}, {"date", day(-30)}, {"agenda", nlohmann::json::array({"Феҳристи электронӣ дар нӯҳ шуъба / Электронный реестр в девяти отделах", "Омӯзиши муфаттишон / Обучение следователей"})}, {"minutes", "Ҷадвали омӯзиш баррасӣ шуд. / Рассмотрен график обучения."}}))));
  struct Dec {
    std::string meeting;
    const char* text;
    const char* assignee;
    int64_t deadline;
    const char* close_note;
  };
  std::vector<Dec> decisions = {
      {m1, "Нақшаи тақсимоти скутерҳоро то охири моҳ пешниҳод кунед / Представить план распределения скутеров до конца месяца", "coordinator", -60, "План пешниҳод шуд / План представлен"},
      {m1, "Ҳисоботи семоҳаро ба шарик фиристед / Направить партнёру квартальный отчёт", "coordinator", -10, nullptr},
      {m2, "Ҷадвали омӯзиши муфаттишонро тасдиқ кунед / Утвердить график обучения следователей", "head", -5, nullptr},
      {m2, "Насби компютерҳоро дар ҳамаи нӯҳ шуъба санҷед / Проверить установку компьютеров во всех девяти отделах", "coordinator", 20, nullptr},
  };
  for (const auto& d : decisions) {
    DEMO_ID(id, IdOf(prog::MakeDecision(app, who, With({}, {{"meeting", d.meeting}, {"text", d.text}, {"assignee", d.assignee}, {"deadline", day(d.deadline)}}))));
    if (d.close_note) {
      auto o = prog::FollowUpDecision(app, who, id, d.close_note, true);
      if (!o.reply.ok()) return o.reply.status();
    }
  }

  // Equipment, with its handover acts.
  const char* osce = "Дафтари барномаҳои САҲА дар Душанбе / Программный офис ОБСЕ в Душанбе";
  auto hand_over = [&](const char* number, int64_t date, const char* unit, const char* receiver, nlohmann::json items) {
    return prog::HandOver(app, who, With({}, {{"number", number}, {"date", day(date)}, {"source", "donation"},
        {"donor", osce}, {"giver_name", "Ҷ. Смит / Дж. Смит (демо)"}, {"receiver_unit", unit},
        {"receiver_name", receiver}, {"items", items}}));
  };
  auto vehicles = hand_over("OSCE-2026/01", -200, "DSH", "Азиз Раҳимзода (демо)", {
      {{"kind", "vehicle"}, {"name", "Микроавтобус — нуқтаи қабули сайёр №1"}, {"serial", "VIN-DEMO-0001"}, {"plate", "0101 ТТ 01"}},
      {{"kind", "vehicle"}, {"name", "Микроавтобус — нуқтаи қабули сайёр №2"}, {"serial", "VIN-DEMO-0002"}, {"plate", "0102 ТТ 01"}},
      {{"kind", "vehicle"}, {"name", "Микроавтобус — беморхонаи вазорат"}, {"serial", "VIN-DEMO-0003"}, {"plate", "0103 ТТ 01"}}});
  if (!vehicles.reply.ok()) return vehicles.reply.status();
  // The two mobile reception vehicles go to the stations of Sino and Firdavsi.
  const auto& vids = (*vehicles.reply)["items"];
  for (const auto& [i, unit] : std::vector<std::pair<int, const char*>>{{0, "DSH-SNO-M1"}, {1, "DSH-FRD-M1"}}) {
    auto o = prog::TransferEquipment(app, who, vids[i].get<std::string>(), unit, "", "Ба нуқтаи сайёр / В мобильный пункт");
    if (!o.reply.ok()) return o.reply.status();
  }
  nlohmann::json scooters = nlohmann::json::array();
  for (int i = 1; i <= 5; ++i)
    scooters.push_back({{"kind", "scooter"}, {"name", "Скутери барқӣ / Электроскутер"}, {"serial", "SC-DEMO-000" + std::to_string(i)}});
  auto sc = hand_over("OSCE-2026/02", -150, "DSH", "Азиз Раҳимзода (демо)", scooters);
  if (!sc.reply.ok()) return sc.reply.status();
  const char* stations[] = {"DSH-SNO-M1", "DSH-FRD-M1", "DSH-ISM-M1", "DSH-SHM-M1", "DSH-SNO-M1"};
  for (size_t i = 0; i < 5; ++i) {
    auto o = prog::LinkEquipment(app, who, (*sc.reply)["items"][i].get<std::string>(), "", stations[i]);
    if (!o.reply.ok()) return o.reply.status();
  }
  auto vc = hand_over("OSCE-2026/03", -120, "MIA", "Фарҳод Мирзоев (демо)", {
      {{"kind", "video_conference"}, {"name", "Системаи видеоконфронс / Система ВКС"}, {"serial", "VC-DEMO-01"}},
      {{"kind", "furniture"}, {"name", "Мизи ҷаласа / Стол для заседаний"}, {"serial", "F-DEMO-01"}},
      {{"kind", "furniture"}, {"name", "Курсиҳо, 20 адад / Стулья, 20 шт."}, {"serial", "F-DEMO-02"}}});
  if (!vc.reply.ok()) return vc.reply.status();
  const char* districts[] = {"DSH-SNO", "DSH-FRD", "DSH-ISM", "DSH-SHM", "SUG-KHJ", "KHT-BKH", "KHT-KUL", "DRS-VHD", "GBA-KHR"};
  int n = 4;
  for (const char* d : districts) {
    nlohmann::json items = nlohmann::json::array();
    for (int i = 1; i <= 3; ++i)
      items.push_back({{"kind", "computer"}, {"name", "Компютер / Компьютер"}, {"serial", std::string("PC-") + d + "-" + std::to_string(i)}});
    items.push_back({{"kind", "printer"}, {"name", "Принтер"}, {"serial", std::string("PR-") + d}});
    items.push_back({{"kind", "furniture"}, {"name", "Мизи корӣ ва ҷевон / Рабочий стол и шкаф"}, {"serial", std::string("F-") + d}});
    auto o = hand_over(("OSCE-2026/" + std::string(n < 10 ? "0" : "") + std::to_string(n)).c_str(), -100, d,
                       "Сардори шуъба (демо)", items);
    if (!o.reply.ok()) return o.reply.status();
    ++n;
  }
  return Status::Ok();
}

}  // namespace sabt::app
