#include "store/postgres/pg_stats.h"

#include <nlohmann/json.hpp>

namespace sabt::store::postgres {
namespace {

#define STAT_APPEAL_SELECT                                                                               \
  "SELECT a.id, a.department, a.channel, a.category, a.status, a.received_at, coalesce(a.closed_at, ''), " \
  "a.due_day, f.appeal_id IS NOT NULL, coalesce(f.crime_signs, 0) <> 0, coalesce(f.keyword_flag, 0) <> 0, "  \
  "coalesce(f.refer_due, ''), coalesce(f.referred_at, ''), t.appeal_id IS NOT NULL, coalesce(s.place, ''), " \
  "coalesce(r.value::jsonb ->> 'arrived_at', '') "                                                         \
  "FROM appeals a LEFT JOIN appeal_flags f ON f.appeal_id = a.id "                                         \
  "LEFT JOIN trip_appeals t ON t.appeal_id = a.id LEFT JOIN trip_stops s ON s.id = t.stop_id "             \
  "LEFT JOIN sync_records r ON r.kind = 'intake_arrived' AND r.key = a.id "

constexpr int64_t kPage = 5000;

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kStatStatements[] = {
    {"stat_months_name",
     "SELECT name, department, month, value FROM stat_months WHERE name = $1::text AND department IN "
     "(SELECT jsonb_array_elements_text($3::text::jsonb)) AND month BETWEEN $4::bigint AND $5::bigint "
     "AND $2::text IS NOT NULL"},
    {"stat_months_prefix",
     "SELECT name, department, month, value FROM stat_months WHERE name >= $1::text AND name < $2::text AND "
     "department IN (SELECT jsonb_array_elements_text($3::text::jsonb)) AND month BETWEEN $4::bigint AND $5::bigint"},
    {"stat_days_name",
     "SELECT name, department, day, value FROM stat_days WHERE name = $1::text AND department IN "
     "(SELECT jsonb_array_elements_text($3::text::jsonb)) AND day BETWEEN $4::bigint AND $5::bigint "
     "AND $2::text IS NOT NULL"},
    {"stat_days_prefix",
     "SELECT name, department, day, value FROM stat_days WHERE name >= $1::text AND name < $2::text AND "
     "department IN (SELECT jsonb_array_elements_text($3::text::jsonb)) AND day BETWEEN $4::bigint AND $5::bigint"},
    {"stat_appeal", STAT_APPEAL_SELECT "WHERE a.id = $1::text"},
    {"stat_stop", "SELECT id, unit, place, started_at FROM trip_stops WHERE id = $1::text"},
    {"stat_scan_appeals", STAT_APPEAL_SELECT "WHERE a.id > $1::text ORDER BY a.id LIMIT $2::bigint"},
    {"stat_scan_submissions",
     "SELECT id, department, status, received_at, accept_due, annulled FROM submissions WHERE id > $1::text "
     "ORDER BY id LIMIT $2::bigint"},
    {"stat_scan_crime",
     "SELECT id, kind, department, status, flags, doc, due_day FROM crime_records WHERE id > $1::text "
     "ORDER BY id LIMIT $2::bigint"},
    {"stat_scan_trips", "SELECT id, unit, started_at FROM trips WHERE id > $1::text ORDER BY id LIMIT $2::bigint"},
    {"stat_scan_stops",
     "SELECT id, unit, place, started_at FROM trip_stops WHERE id > $1::text ORDER BY id LIMIT $2::bigint"},
    {"stat_bump_day",
     "INSERT INTO stat_days(name, department, day, value) VALUES ($1, $2, $3, $4) "
     "ON CONFLICT (name, department, day) DO UPDATE SET value = stat_days.value + excluded.value RETURNING value"},
    {"stat_drop_day", "DELETE FROM stat_days WHERE name = $1 AND department = $2 AND day = $3 AND value = 0"},
    {"stat_bump_month",
     "INSERT INTO stat_months(name, department, month, value) VALUES ($1, $2, $3, $4) "
     "ON CONFLICT (name, department, month) DO UPDATE SET value = stat_months.value + excluded.value "
     "RETURNING value"},
    {"stat_drop_month", "DELETE FROM stat_months WHERE name = $1 AND department = $2 AND month = $3 AND value = 0"},
    {"clear_stat_days", "DELETE FROM stat_days"},
    {"clear_stat_months", "DELETE FROM stat_months"},
    {"rows_stat_days",
     "SELECT json_build_array(name || '/' || department || '/' || day, value)::text FROM stat_days "
     "ORDER BY name, department, day"},
    {"rows_stat_months",
     "SELECT json_build_array(name || '/' || department || '/' || month, value)::text FROM stat_months "
     "ORDER BY name, department, month"},
};

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }
int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }
bool Bool(const pqxx::field& f) { return !f.is_null() && f.as<bool>(); }

domain::stats::AppealFacts ReadAppeal(const pqxx::row& r) {
  domain::stats::AppealFacts a;
  a.id = Text(r[0]);
  a.department = Text(r[1]);
  a.channel = Text(r[2]);
  a.category = Text(r[3]);
  a.status = Text(r[4]);
  a.received_at = Text(r[5]);
  a.closed_at = Text(r[6]);
  a.due_day = I64(r[7]);
  a.has_flags = Bool(r[8]);
  a.crime_signs = Bool(r[9]);
  a.keyword_flag = Bool(r[10]);
  a.refer_due = Text(r[11]);
  a.referred_at = Text(r[12]);
  a.at_stop = Bool(r[13]);
  a.stop_place = Text(r[14]);
  a.arrived_at = Text(r[15]);
  return a;
}

// Pages through one table by id, calling visit for each row.
Status Pages(pqxx::transaction_base& tx, const char* statement,
             const std::function<Status(const pqxx::row&)>& visit) {
  std::string after;
  for (;;) {
    pqxx::result page = tx.exec_prepared(statement, after, kPage);
    for (const auto& row : page) SABT_RETURN_IF_ERROR(visit(row));
    if (static_cast<int64_t>(page.size()) < kPage) return Status::Ok();
    after = Text(page[page.size() - 1][0]);
  }
}

}  // namespace

void PrepareStats(pqxx::connection& c) {
  for (const auto& s : kStatStatements) c.prepare(s.name, s.sql);
}

std::vector<StatRow> PgStatCounters(pqxx::transaction_base& tx, const StatQuery& q) {
  std::string upper = q.name;
  if (q.prefix && !upper.empty()) upper.back() = static_cast<char>(upper.back() + 1);
  const char* st = q.days ? (q.prefix ? "stat_days_prefix" : "stat_days_name")
                          : (q.prefix ? "stat_months_prefix" : "stat_months_name");
  std::vector<StatRow> out;
  for (const auto& r : tx.exec_prepared(st, q.name, upper, nlohmann::json(q.departments).dump(), q.from, q.to))
    out.push_back({Text(r[0]), Text(r[1]), I64(r[2]), I64(r[3])});
  return out;
}

std::optional<domain::stats::AppealFacts> PgStatAppeal(pqxx::transaction_base& tx, std::string_view id) {
  auto r = tx.exec_prepared("stat_appeal", std::string(id));
  if (r.empty()) return std::nullopt;
  return ReadAppeal(r[0]);
}

std::optional<domain::stats::StopFacts> PgStatStop(pqxx::transaction_base& tx, std::string_view id) {
  auto r = tx.exec_prepared("stat_stop", std::string(id));
  if (r.empty()) return std::nullopt;
  return domain::stats::StopFacts{Text(r[0][0]), Text(r[0][1]), Text(r[0][2]), Text(r[0][3])};
}

Status PgScanStatRecords(pqxx::transaction_base& tx, const std::function<Status(const StatRecord&)>& fn) {
  StatRecord rec;
  rec.kind = StatRecord::kAppeal;
  SABT_RETURN_IF_ERROR(Pages(tx, "stat_scan_appeals", [&](const pqxx::row& r) {
    rec.appeal = ReadAppeal(r);
    return fn(rec);
  }));
  rec.kind = StatRecord::kSubmission;
  SABT_RETURN_IF_ERROR(Pages(tx, "stat_scan_submissions", [&](const pqxx::row& r) {
    rec.submission = {Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), I64(r[5])};
    return fn(rec);
  }));
  rec.kind = StatRecord::kCrime;
  SABT_RETURN_IF_ERROR(Pages(tx, "stat_scan_crime", [&](const pqxx::row& r) {
    rec.crime = {Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]), I64(r[6])};
    return fn(rec);
  }));
  rec.kind = StatRecord::kTrip;
  SABT_RETURN_IF_ERROR(Pages(tx, "stat_scan_trips", [&](const pqxx::row& r) {
    rec.trip = {Text(r[0]), Text(r[1]), Text(r[2])};
    return fn(rec);
  }));
  rec.kind = StatRecord::kStop;
  return Pages(tx, "stat_scan_stops", [&](const pqxx::row& r) {
    rec.stop = {Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3])};
    return fn(rec);
  });
}

void PgAddStats(pqxx::transaction_base& tx, const std::vector<StatDelta>& deltas) {
  for (const auto& d : deltas) {
    if (d.delta == 0) continue;
    auto day = tx.exec_prepared1("stat_bump_day", d.name, d.department, d.day, d.delta);
    if (day[0].as<int64_t>() == 0) tx.exec_prepared0("stat_drop_day", d.name, d.department, d.day);
    auto month = tx.exec_prepared1("stat_bump_month", d.name, d.department, d.month, d.delta);
    if (month[0].as<int64_t>() == 0) tx.exec_prepared0("stat_drop_month", d.name, d.department, d.month);
  }
}

void PgClearStats(pqxx::transaction_base& tx) {
  tx.exec_prepared0("clear_stat_days");
  tx.exec_prepared0("clear_stat_months");
}

}  // namespace sabt::store::postgres
