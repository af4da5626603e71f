// Person search at scale (issue 16 item 4; docs/benchmarks.md "Person search").
// Run by bench/person_search_bench.sh on a database that `sabt init` made.
//
//   person_search_bench --db URL --persons N [--seed S] [--queries Q] [--batch B] [--naive 0|1]
//
// 1. Generates N persons with Tajik name distributions (deterministic: seed S).
//    Surnames are made as in Tajikistan, from a forefather's given name and a
//    suffix (-ов/-ова, -зода, -ӣ, -ён, -пур, none); given names and roots are
//    drawn Zipf-like (s = 1), so common names are very common. Patronymics
//    from the father's name (-ович/-овна), missing for a quarter.
// 2. Writes them through the store as the projector does: UpsertPerson with
//    the row of PersonFromJson, then persons::IndexPersonRows (the code of
//    IndexPersonRow: the same keys and master link as a registration) and
//    PutPersonRefs (an appeal in one of the districts) for 1000 persons at a
//    time (--index-batch; on PostgreSQL a few multi-row statements per call),
//    B persons per transaction. Times the person rows and the index
//    separately (two passes).
// 3. Q queries (default 400): persons drawn from the set, each written in
//    another spelling (Russian Cyrillic, Tajik Latin, ICAO upper case, Tajik
//    with the patronymic; surname and given name swapped in half), through
//    app::persons::SearchPersons as a national head (all departments in
//    scope): p50/p95/p99/max in ms, and how often the person was returned.
// 4. The naive query by hand beside it: SQLite FTS5 over the raw names
//    (surname, given name, patronymic; unicode61, all words required), or
//    on PostgreSQL pg_trgm similarity over "surname given_name" with a GIN
//    index: build time, p50/p95, found.
// Prints key=value lines for the script.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>
#ifndef SABT_NO_POSTGRES
#include <pqxx/pqxx>
#endif

#include "app/app.h"
#include "app/demo/rng.h"
#include "app/persons/index_projector.h"
#include "app/persons/search.h"
#include "app/projector.h"
#include "domain/role.h"
#include "store/person_batch.h"

namespace {

using sabt::app::DemoRng;
using Clock = std::chrono::steady_clock;

const std::vector<std::string> kMale = {
    "Муҳаммад", "Алӣ", "Аҳмад", "Маҳмуд", "Умар", "Юсуф", "Иброҳим", "Исмоил", "Карим", "Раҳим",
    "Сафар", "Назар", "Шариф", "Ҷалол", "Қодир", "Ғаффор", "Ҳасан", "Ҳусейн", "Саид", "Бобо",
    "Давлат", "Амир", "Раҳмон", "Абдулло", "Нурулло", "Ҳабибулло", "Фарҳод", "Ҷамшед", "Баҳодур", "Рустам",
    "Сӯҳроб", "Фирдавс", "Шоҳрух", "Далер", "Комрон", "Фаррух", "Парвиз", "Зафар", "Манучеҳр", "Исфандиёр",
    "Бахтиёр", "Шуҳрат", "Ӯктам", "Ёқуб", "Олим", "Наим", "Салим", "Ҳаким", "Мирзо", "Султон",
    "Нозим", "Хуршед", "Меҳроб", "Суҳайл", "Азиз", "Маъруф", "Ризо", "Идрис", "Ёдгор", "Тоҳир",
    "Носир", "Зоир", "Шамсиддин", "Нуриддин", "Ҷамолиддин", "Файзулло", "Саидҷон", "Абдураҳмон", "Абдулҳамид", "Муҳиддин",
    "Ғайрат", "Қаҳҳор", "Латиф", "Мавлон", "Неъмат", "Одил", "Пӯлод", "Рауф", "Сино", "Тағой",
    "Усмон", "Фозил", "Хайрулло", "Ҳамид", "Чорӣ", "Шавкат", "Эраҷ", "Юнус", "Ятим", "Бурҳон",
    "Восеъ", "Гулом", "Дилшод", "Ибодулло", "Кабир", "Лутфулло", "Мансур", "Наврӯз", "Орзу", "Рашид",
    "Сайвали", "Толиб", "Убайдулло", "Фаридун", "Хусрав", "Ҳилол", "Шерали", "Эмомалӣ", "Юсуфҷон", "Акбар",
    "Асад", "Ашӯр", "Бозор", "Вали", "Ғуломҷон", "Зоҳир", "Ислом", "Камол", "Лоиқ", "Муъмин"};
const std::vector<std::string> kFemale = {
    "Мадина", "Нигина", "Зарина", "Малика", "Гулнора", "Шаҳло", "Фарзона", "Ситора", "Дилноза", "Мунира",
    "Нилуфар", "Парвина", "Тахмина", "Ҷамила", "Зебо", "Гулчеҳра", "Мавзуна", "Сабоҳат", "Фотима", "Оиша",
    "Зулайхо", "Манижа", "Рухшона", "Сурайё", "Хуршеда", "Меҳрона", "Шабнам", "Гулбаҳор", "Дилором", "Нодира",
    "Барно", "Гулрухсор", "Заррина", "Латофат", "Мастура", "Наргис", "Озода", "Раъно", "Саодат", "Таҳмина",
    "Умеда", "Фируза", "Ҳалима", "Чеҳра", "Шоира", "Юлдуз", "Ясмина", "Адолат", "Бунафша", "Гавҳар",
    "Дилафрӯз", "Зинат", "Комила", "Лола", "Мижгона", "Нозанин", "Паризод", "Рухсора", "Самира", "Тоҷинисо"};

// Zipf-like draw over a list: weight 1/(rank+1).
class Zipf {
 public:
  explicit Zipf(size_t n) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) cdf_.push_back(sum += 1.0 / static_cast<double>(i + 1));
    for (auto& c : cdf_) c /= sum;
  }
  size_t Draw(DemoRng& rng) const {
    double u = static_cast<double>(rng.Next() >> 11) / 9007199254740992.0;
    return static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin()) % cdf_.size();
  }

 private:
  std::vector<double> cdf_;
};

bool EndsWith(const std::string& s, const std::string& t) {
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}
bool EndsWithVowel(const std::string& s) {
  for (const char* v : {"а", "о", "у", "и", "е", "ӣ", "ӯ", "я", "ё"})
    if (EndsWith(s, v)) return true;
  return false;
}

struct Person {
  std::string surname, given, patronymic, birth_date, phone, document;
};

Person Generate(DemoRng& rng, int64_t i, const Zipf& male, const Zipf& female) {
  Person p;
  const bool woman = rng.Below(2) == 0;
  std::string root = kMale[male.Draw(rng)];
  size_t suffix = rng.Below(100);
  if (suffix < 35) {
    std::string base = root;
    if (EndsWith(base, "ӣ")) base = base.substr(0, base.size() - std::string("ӣ").size()) + "и";
    p.surname = base + (EndsWithVowel(base) ? "ев" : "ов") + (woman ? "а" : "");
  } else if (suffix < 70) {
    p.surname = root + "зода";
  } else if (suffix < 82) {
    p.surname = EndsWithVowel(root) ? root + "ён" : root + "ӣ";
  } else if (suffix < 90) {
    p.surname = root + "иён";
  } else if (suffix < 93) {
    p.surname = root + "пур";
  } else {
    p.surname = root;
  }
  p.given = woman ? kFemale[female.Draw(rng)] : kMale[male.Draw(rng)];
  if (rng.Below(4) != 0) {
    std::string father = kMale[male.Draw(rng)];
    if (EndsWith(father, "ӣ")) father = father.substr(0, father.size() - std::string("ӣ").size()) + "и";
    p.patronymic = father + (EndsWithVowel(father) ? (woman ? "евна" : "евич") : (woman ? "овна" : "ович"));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 1940 + static_cast<int>(rng.Below(68)),
                1 + static_cast<int>(rng.Below(12)), 1 + static_cast<int>(rng.Below(28)));
  p.birth_date = buf;
  std::snprintf(buf, sizeof buf, "+992 9%d %03d %02d %02d", static_cast<int>(rng.Below(10)),
                static_cast<int>(rng.Below(1000)), static_cast<int>(rng.Below(100)), static_cast<int>(rng.Below(100)));
  p.phone = buf;
  std::snprintf(buf, sizeof buf, "A%09lld", static_cast<long long>(i));
  p.document = buf;
  return p;
}

std::string PersonId(int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "bench-p%09lld", static_cast<long long>(i));
  return buf;
}

// --- Spellings of a Tajik Cyrillic name -------------------------------------
// One UTF-8 letter at a time through a table; letters not in it pass through.
std::string Map(const std::string& s, const std::map<std::string, std::string>& table) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len = (static_cast<unsigned char>(s[i]) < 0x80) ? 1 : (static_cast<unsigned char>(s[i]) < 0xE0) ? 2 : 3;
    std::string ch = s.substr(i, len);
    auto it = table.find(ch);
    out += it == table.end() ? ch : it->second;
    i += len;
  }
  return out;
}

const std::map<std::string, std::string> kToRussian = {
    {"Ҳ", "Х"}, {"ҳ", "х"}, {"Ҷ", "Дж"}, {"ҷ", "дж"}, {"Қ", "К"}, {"қ", "к"}, {"Ғ", "Г"},
    {"ғ", "г"}, {"Ӯ", "У"}, {"ӯ", "у"}, {"Ӣ", "И"}, {"ӣ", "и"}};
const std::map<std::string, std::string> kToTajikLatin = {
    {"А", "A"}, {"а", "a"}, {"Б", "B"}, {"б", "b"}, {"В", "V"}, {"в", "v"}, {"Г", "G"}, {"г", "g"},
    {"Ғ", "Gh"}, {"ғ", "gh"}, {"Д", "D"}, {"д", "d"}, {"Е", "E"}, {"е", "e"}, {"Ё", "Yo"}, {"ё", "yo"},
    {"Ж", "Zh"}, {"ж", "zh"}, {"З", "Z"}, {"з", "z"}, {"И", "I"}, {"и", "i"}, {"Ӣ", "I"}, {"ӣ", "i"},
    {"Й", "Y"}, {"й", "y"}, {"К", "K"}, {"к", "k"}, {"Қ", "Q"}, {"қ", "q"}, {"Л", "L"}, {"л", "l"},
    {"М", "M"}, {"м", "m"}, {"Н", "N"}, {"н", "n"}, {"О", "O"}, {"о", "o"}, {"П", "P"}, {"п", "p"},
    {"Р", "R"}, {"р", "r"}, {"С", "S"}, {"с", "s"}, {"Т", "T"}, {"т", "t"}, {"У", "U"}, {"у", "u"},
    {"Ӯ", "U"}, {"ӯ", "u"}, {"Ф", "F"}, {"ф", "f"}, {"Х", "Kh"}, {"х", "kh"}, {"Ҳ", "H"}, {"ҳ", "h"},
    {"Ч", "Ch"}, {"ч", "ch"}, {"Ҷ", "J"}, {"ҷ", "j"}, {"Ш", "Sh"}, {"ш", "sh"}, {"Ъ", ""}, {"ъ", ""},
    {"Э", "E"}, {"э", "e"}, {"Ю", "Yu"}, {"ю", "yu"}, {"Я", "Ya"}, {"я", "ya"}};
// ICAO 9303 from the Russian spelling, upper case.
const std::map<std::string, std::string> kToIcao = {
    {"А", "A"}, {"а", "A"}, {"Б", "B"}, {"б", "B"}, {"В", "V"}, {"в", "V"}, {"Г", "G"}, {"г", "G"},
    {"Д", "D"}, {"д", "D"}, {"Е", "E"}, {"е", "E"}, {"Ё", "E"}, {"ё", "E"}, {"Ж", "ZH"}, {"ж", "ZH"},
    {"З", "Z"}, {"з", "Z"}, {"И", "I"}, {"и", "I"}, {"Й", "I"}, {"й", "I"}, {"К", "K"}, {"к", "K"},
    {"Л", "L"}, {"л", "L"}, {"М", "M"}, {"м", "M"}, {"Н", "N"}, {"н", "N"}, {"О", "O"}, {"о", "O"},
    {"П", "P"}, {"п", "P"}, {"Р", "R"}, {"р", "R"}, {"С", "S"}, {"с", "S"}, {"Т", "T"}, {"т", "T"},
    {"У", "U"}, {"у", "U"}, {"Ф", "F"}, {"ф", "F"}, {"Х", "KH"}, {"х", "KH"}, {"Ц", "TS"}, {"ц", "TS"},
    {"Ч", "CH"}, {"ч", "CH"}, {"Ш", "SH"}, {"ш", "SH"}, {"Щ", "SHCH"}, {"щ", "SHCH"}, {"Ъ", "IE"}, {"ъ", "IE"},
    {"Ы", "Y"}, {"ы", "Y"}, {"Ь", ""}, {"ь", ""}, {"Э", "E"}, {"э", "E"}, {"Ю", "IU"}, {"ю", "IU"},
    {"Я", "IA"}, {"я", "IA"}};

std::string Russian(const std::string& s) {
  std::string r = Map(s, kToRussian);
  if (EndsWith(r, "зода")) r = r.substr(0, r.size() - std::string("зода").size()) + "заде";
  return r;
}

std::string Variant(const Person& p, int kind, bool swap) {
  std::string s, g;
  switch (kind) {
    case 0: s = Russian(p.surname), g = Russian(p.given); break;
    case 1: s = Map(p.surname, kToTajikLatin), g = Map(p.given, kToTajikLatin); break;
    case 2: s = Map(Russian(p.surname), kToIcao), g = Map(Russian(p.given), kToIcao); break;
    default: s = p.surname, g = p.given; break;
  }
  std::string q = swap ? g + " " + s : s + " " + g;
  if (kind == 3 && !p.patronymic.empty()) q += " " + p.patronymic;
  return q;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// CPU time of this thread, ms: what a query costs apart from waiting for a
// core on a loaded machine.
double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Latency {
  std::vector<double> ms;
  int found = 0;
  double At(double q) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
  }
  void Print(const char* name) {
    std::printf("%s_p50_ms=%.3f\n%s_p95_ms=%.3f\n%s_p99_ms=%.3f\n%s_max_ms=%.3f\n%s_found=%d\n%s_queries=%zu\n", name,
                At(0.50), name, At(0.95), name, At(0.99), name, At(1.0), name, found, name, ms.size());
  }
};

int Fail(const sabt::Status& st) {
  std::fprintf(stderr, "person_search_bench: %s\n", st.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Person search benchmark (issue 16)"};
  std::string db;
  int64_t n = 1000000, batch = 20000, index_batch = 1000;
  uint64_t seed = 16;
  int queries = 400, naive = 1, build = 1;
  cli.add_option("--db", db)->required();
  cli.add_option("--persons", n);
  cli.add_option("--seed", seed);
  cli.add_option("--queries", queries);
  cli.add_option("--batch", batch);
  cli.add_option("--index-batch", index_batch, "persons per IndexPersonRows / PutPersonRefs call (1: as one registration)");
  cli.add_option("--naive", naive);
  cli.add_option("--build", build, "0: the database already holds the same --persons and --seed (measure again)");
  CLI11_PARSE(cli, argc, argv);
  const bool pg = db.rfind("postgres", 0) == 0;

  sabt::app::NodeConfig cfg;
  cfg.db_url = db;
  auto app = sabt::app::App::Open(cfg);
  if (!app.ok()) return Fail(app.status());
  auto& store = (*app)->store();
  auto snap = (*app)->catalog().Get();
  std::vector<std::string> districts;
  std::string root;
  for (const auto& [d, depth] : snap->tree.Ordered()) {
    if (d->parent.empty() && root.empty()) root = d->code;
    if (d->kind == sabt::domain::DepartmentKind::kDistrict) districts.push_back(d->code);
  }
  if (districts.empty() || root.empty()) return Fail(sabt::Status::Invalid("no departments: run sabt init first"));

  Zipf male(kMale.size()), female(kFemale.size());
  // Pass 1: person rows; pass 2: the index (keys, master, ref) for them.
  auto write_pass = [&](bool index) -> sabt::Result<double> {
    DemoRng rng(seed);
    auto t0 = Clock::now();
    for (int64_t start = 0; start < n; start += batch) {
      auto tx = store.BeginWrite();
      if (!tx.ok()) return tx.status();
      std::vector<std::string> ids;
      std::vector<sabt::store::PersonRefRow> refs;
      auto flush = [&]() -> sabt::Status {  // the index of `ids`, in one batch
        SABT_RETURN_IF_ERROR(sabt::app::persons::IndexPersonRows(**tx, ids));
        auto* writes = sabt::store::PersonBatchWriterOf(**tx);
        if (writes == nullptr) return sabt::store::NoPersonBatch();
        SABT_RETURN_IF_ERROR(writes->PutPersonRefs(refs));
        ids.clear();
        refs.clear();
        return sabt::Status::Ok();
      };
      for (int64_t i = start; i < std::min(n, start + batch); ++i) {
        Person p = Generate(rng, i, male, female);
        std::string id = PersonId(i);
        if (!index) {
          nlohmann::json j = {{"surname", p.surname}, {"given_name", p.given}, {"patronymic", p.patronymic},
                              {"birth_date", p.birth_date}, {"address", ""}, {"phone", p.phone},
                              {"id_document", p.document}};
          SABT_RETURN_IF_ERROR((*tx)->UpsertPerson(sabt::app::PersonFromJson(id, j)));
        } else {
          char num[48];
          std::snprintf(num, sizeof num, "BENCH/2026/%lld", static_cast<long long>(i + 1));
          ids.push_back(id);
          refs.push_back({id, "appeal", "bench-a" + id.substr(7), num,
                          districts[static_cast<size_t>(i) % districts.size()], "applicant", "2026-11-01T10:00:00.000Z"});
          if (static_cast<int64_t>(ids.size()) >= index_batch) SABT_RETURN_IF_ERROR(flush());
        }
      }
      if (!ids.empty()) SABT_RETURN_IF_ERROR(flush());
      SABT_RETURN_IF_ERROR((*tx)->Commit());
    }
    return Ms(Clock::now() - t0) / 1000.0;
  };
  std::printf("persons=%lld\n", static_cast<long long>(n));
  if (build) {
    auto rows_s = write_pass(false);
    if (!rows_s.ok()) return Fail(rows_s.status());
    auto index_s = write_pass(true);
    if (!index_s.ok()) return Fail(index_s.status());
    std::printf("rows_build_s=%.1f\nindex_build_s=%.1f\n", *rows_s, *index_s);
#ifndef SABT_NO_POSTGRES
    if (pg) {  // fresh statistics, as autovacuum would gather them (as the owner)
      const char* owner = std::getenv("SABT_PG_OWNER_URL");
      pqxx::connection c(owner && *owner ? owner : db.c_str());
      pqxx::nontransaction w(c);
      w.exec0("ANALYZE persons, person_keys, person_masters, person_refs");
    }
#endif
  }

  if (queries <= 0) return 0;  // build only (the script builds at nice 10, then measures)
  // The query set: persons drawn from the generated set, other spellings.
  std::vector<std::pair<std::string, std::string>> qs;  // query, person id
  {
    DemoRng pick(seed ^ 0x5eedULL);
    std::vector<int64_t> chosen;
    for (int k = 0; k < queries; ++k) chosen.push_back(static_cast<int64_t>(pick.Below(static_cast<size_t>(n))));
    std::sort(chosen.begin(), chosen.end());
    DemoRng rng(seed);
    size_t c = 0;
    for (int64_t i = 0; i < n && c < chosen.size(); ++i) {
      Person p = Generate(rng, i, male, female);
      while (c < chosen.size() && chosen[c] == i) {
        qs.push_back({Variant(p, static_cast<int>(c % 4), (c / 4) % 2 == 1), PersonId(i)});
        ++c;
      }
    }
  }

  sabt::app::Principal head;
  head.role = sabt::domain::Role::kHead;
  head.user.department = root;
  head.user.username = "bench";
  Latency index, index_cpu;
  for (size_t k = 0; k < std::min<size_t>(20, qs.size()); ++k)  // warm-up, not measured
    (void)sabt::app::persons::SearchPersons(**app, head, qs[k].first, "", "");
  for (const auto& [q, id] : qs) {
    auto t0 = Clock::now();
    double c0 = CpuMs();
    auto r = sabt::app::persons::SearchPersons(**app, head, q, "", "");
    index_cpu.ms.push_back(CpuMs() - c0);
    index.ms.push_back(Ms(Clock::now() - t0));
    if (!r.ok()) return Fail(r.status());
    for (const auto& x : *r)
      if (x.master_id == id) ++index.found;
  }
  index.Print("index");
  index_cpu.Print("index_cpu");
  std::printf("example_queries=%s | %s | %s | %s\n", qs[0].first.c_str(), qs[1].first.c_str(), qs[2].first.c_str(),
              qs[3].first.c_str());

  if (!naive) return 0;
  // The naive query by hand, on the raw names.
  Latency raw;
  if (!pg) {
    std::string path = db.substr(std::string("sqlite:").size());
    SQLite::Database sq(path, SQLite::OPEN_READWRITE);
    sq.exec("PRAGMA journal_mode=WAL");
    auto t0 = Clock::now();
    sq.exec("DROP TABLE IF EXISTS bench_person_names");
    sq.exec("CREATE VIRTUAL TABLE bench_person_names USING fts5(name, tokenize='unicode61 remove_diacritics 2')");
    sq.exec("INSERT INTO bench_person_names(rowid, name) SELECT rowid, surname || ' ' || given_name || ' ' || patronymic "
            "FROM persons");
    std::printf("naive_build_s=%.1f\n", Ms(Clock::now() - t0) / 1000.0);
    SQLite::Statement st(sq, "SELECT p.id FROM bench_person_names f JOIN persons p ON p.rowid = f.rowid "
                             "WHERE bench_person_names MATCH ?1 LIMIT 20");
    for (const auto& [q, id] : qs) {
      std::string match;
      size_t at = 0;
      while (at < q.size()) {
        size_t sp = q.find(' ', at);
        std::string w = q.substr(at, sp == std::string::npos ? std::string::npos : sp - at);
        if (!w.empty()) match += (match.empty() ? "\"" : " \"") + w + "\"";
        if (sp == std::string::npos) break;
        at = sp + 1;
      }
      auto t1 = Clock::now();
      st.reset();
      st.bind(1, match);
      bool hit = false;
      while (st.executeStep()) hit = hit || st.getColumn(0).getString() == id;
      raw.ms.push_back(Ms(Clock::now() - t1));
      raw.found += hit;
    }
  } else {
#ifndef SABT_NO_POSTGRES
    const char* owner = std::getenv("SABT_PG_OWNER_URL");
    pqxx::connection c(owner && *owner ? owner : db.c_str());
    auto t0 = Clock::now();
    {
      pqxx::nontransaction w(c);
      w.exec0("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      w.exec0("DROP INDEX IF EXISTS bench_person_names_trgm");
      w.exec0("CREATE INDEX bench_person_names_trgm ON persons USING gin ((surname || ' ' || given_name) gin_trgm_ops)");
    }
    std::printf("naive_build_s=%.1f\n", Ms(Clock::now() - t0) / 1000.0);
    c.prepare("naive", "SELECT id FROM persons WHERE (surname || ' ' || given_name) % $1 "
                       "ORDER BY similarity(surname || ' ' || given_name, $1) DESC LIMIT 20");
    for (const auto& [q, id] : qs) {
      auto t1 = Clock::now();
      pqxx::nontransaction r(c);
      bool hit = false;
      for (const auto& row : r.exec_prepared("naive", q)) hit = hit || row[0].as<std::string>() == id;
      raw.ms.push_back(Ms(Clock::now() - t1));
      raw.found += hit;
    }
#endif
  }
  raw.Print("naive");
  return 0;
}
