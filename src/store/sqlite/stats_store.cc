#include "store/sqlite/stats_store.h"

#include <nlohmann/json.hpp>

namespace sabt::store::sqlite {
namespace {

#define STAT_APPEAL_SELECT                                                                               \
  "SELECT a.id, a.department, a.channel, a.category, a.status, a.received_at, coalesce(a.closed_at, ''), " \
  "a.due_day, f.appeal_id IS NOT NULL, coalesce(f.crime_signs, 0), coalesce(f.keyword_flag, 0), "          \
  "coalesce(f.refer_due, ''), coalesce(f.referred_at, ''), t.appeal_id IS NOT NULL, coalesce(s.place, ''), " \
  "coalesce(json_extract(r.value, '$.arrived_at'), '') "                                                   \
  "FROM appeals a LEFT JOIN appeal_flags f ON f.appeal_id = a.id "                                         \
  "LEFT JOIN trip_appeals t ON t.appeal_id = a.id LEFT JOIN trip_stops s ON s.id = t.stop_id "             \
  "LEFT JOIN sync_records r ON r.kind = 'intake_arrived' AND r.key = a.id "

domain::stats::AppealFacts ReadAppeal(SQLite::Statement& q) {
  domain::stats::AppealFacts a;
  a.id = q.getColumn(0).getString();
  a.department = q.getColumn(1).getString();
  a.channel = q.getColumn(2).getString();
  a.category = q.getColumn(3).getString();
  a.status = q.getColumn(4).getString();
  a.received_at = q.getColumn(5).getString();
  a.closed_at = q.getColumn(6).getString();
  a.due_day = q.getColumn(7).getInt64();
  a.has_flags = q.getColumn(8).getInt() != 0;
  a.crime_signs = q.getColumn(9).getInt() != 0;
  a.keyword_flag = q.getColumn(10).getInt() != 0;
  a.refer_due = q.getColumn(11).getString();
  a.referred_at = q.getColumn(12).getString();
  a.at_stop = q.getColumn(13).getInt() != 0;
  a.stop_place = q.getColumn(14).getString();
  a.arrived_at = q.getColumn(15).getString();
  return a;
}

// Adds delta to one row of `table` and deletes it when it comes to 0.
void Bump(Conn& c, const char* upsert, const char* remove, const StatDelta& d, int64_t period) {
  auto& q = c.Prep(upsert);
  q.bind(1, d.name);
  q.bind(2, d.department);
  q.bind(3, period);
  q.bind(4, d.delta);
  int64_t value = 0;
  if (q.executeStep()) value = q.getColumn(0).getInt64();
  q.reset();
  if (value != 0) return;
  auto& del = c.Prep(remove);
  del.bind(1, d.name);
  del.bind(2, d.department);
  del.bind(3, period);
  del.exec();
}

}  // namespace

Result<std::vector<StatRow>> StatCountersQ(Conn& c, const StatQuery& sq) {
  return Guard("stat counters", [&]() -> Result<std::vector<StatRow>> {
    // A prefix is a range of names: every name starting with "x." sorts in
    // ["x.", "x/") since '/' follows '.'.
    const char* by_name =
        sq.days ? "SELECT name, department, day, value FROM stat_days WHERE name = ?1 AND department IN "
                  "(SELECT value FROM json_each(?3)) AND day BETWEEN ?4 AND ?5"
                : "SELECT name, department, month, value FROM stat_months WHERE name = ?1 AND department IN "
                  "(SELECT value FROM json_each(?3)) AND month BETWEEN ?4 AND ?5";
    const char* by_prefix =
        sq.days ? "SELECT name, department, day, value FROM stat_days WHERE name >= ?1 AND name < ?2 AND "
                  "department IN (SELECT value FROM json_each(?3)) AND day BETWEEN ?4 AND ?5"
                : "SELECT name, department, month, value FROM stat_months WHERE name >= ?1 AND name < ?2 AND "
                  "department IN (SELECT value FROM json_each(?3)) AND month BETWEEN ?4 AND ?5";
    auto& q = c.Prep(sq.prefix ? by_prefix : by_name);
    q.bind(1, sq.name);
    if (sq.prefix) {
      std::string upper = sq.name;
      if (!upper.empty()) upper.back() = static_cast<char>(upper.back() + 1);
      q.bind(2, upper);
    }
    q.bind(3, nlohmann::json(sq.departments).dump());
    q.bind(4, sq.from);
    q.bind(5, sq.to);
    std::vector<StatRow> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                     q.getColumn(3).getInt64()});
    return out;
  });
}

Result<std::optional<domain::stats::AppealFacts>> StatAppealQ(Conn& c, std::string_view id) {
  return Guard("stat appeal", [&]() -> Result<std::optional<domain::stats::AppealFacts>> {
    auto& q = c.Prep(STAT_APPEAL_SELECT "WHERE a.id = ?");
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<domain::stats::AppealFacts>();
    auto a = ReadAppeal(q);
    q.reset();
    return std::optional<domain::stats::AppealFacts>(std::move(a));
  });
}

Result<std::optional<domain::stats::StopFacts>> StatStopQ(Conn& c, std::string_view id) {
  return Guard("stat stop", [&]() -> Result<std::optional<domain::stats::StopFacts>> {
    auto& q = c.Prep("SELECT id, unit, place, started_at FROM trip_stops WHERE id = ?");
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<domain::stats::StopFacts>();
    domain::stats::StopFacts s{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                               q.getColumn(3).getString()};
    q.reset();
    return std::optional<domain::stats::StopFacts>(std::move(s));
  });
}

Status ScanStatRecordsQ(Conn& c, const std::function<Status(const StatRecord&)>& fn) {
  return Guard("scan stat records", [&]() -> Status {
    StatRecord r;
    {
      SQLite::Statement q(c.db(), STAT_APPEAL_SELECT "ORDER BY a.id");
      r.kind = StatRecord::kAppeal;
      while (q.executeStep()) {
        r.appeal = ReadAppeal(q);
        SABT_RETURN_IF_ERROR(fn(r));
      }
    }
    {
      SQLite::Statement q(c.db(),
                          "SELECT id, department, status, received_at, accept_due, annulled FROM submissions "
                          "ORDER BY id");
      r.kind = StatRecord::kSubmission;
      while (q.executeStep()) {
        r.submission = {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                        q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getInt64()};
        SABT_RETURN_IF_ERROR(fn(r));
      }
    }
    {
      SQLite::Statement q(c.db(),
                          "SELECT id, kind, department, status, flags, doc, due_day FROM crime_records ORDER BY id");
      r.kind = StatRecord::kCrime;
      while (q.executeStep()) {
        r.crime = {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getInt64()};
        SABT_RETURN_IF_ERROR(fn(r));
      }
    }
    {
      SQLite::Statement q(c.db(), "SELECT id, unit, started_at FROM trips ORDER BY id");
      r.kind = StatRecord::kTrip;
      while (q.executeStep()) {
        r.trip = {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()};
        SABT_RETURN_IF_ERROR(fn(r));
      }
    }
    {
      SQLite::Statement q(c.db(), "SELECT id, unit, place, started_at FROM trip_stops ORDER BY id");
      r.kind = StatRecord::kStop;
      while (q.executeStep()) {
        r.stop = {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                  q.getColumn(3).getString()};
        SABT_RETURN_IF_ERROR(fn(r));
      }
    }
    return Status::Ok();
  });
}

Status AddStatsQ(Conn& c, const std::vector<StatDelta>& deltas) {
  return Guard("add stats", [&] {
    for (const auto& d : deltas) {
      if (d.delta == 0) continue;
      Bump(c,
           "INSERT INTO stat_days(name, department, day, value) VALUES (?,?,?,?) ON CONFLICT(name, department, day) "
           "DO UPDATE SET value = value + excluded.value RETURNING value",
           "DELETE FROM stat_days WHERE name = ? AND department = ? AND day = ?", d, d.day);
      Bump(c,
           "INSERT INTO stat_months(name, department, month, value) VALUES (?,?,?,?) "
           "ON CONFLICT(name, department, month) DO UPDATE SET value = value + excluded.value RETURNING value",
           "DELETE FROM stat_months WHERE name = ? AND department = ? AND month = ?", d, d.month);
    }
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
