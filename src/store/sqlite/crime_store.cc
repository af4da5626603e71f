#include "store/sqlite/crime_store.h"

#include <nlohmann/json.hpp>

namespace sabt::store::sqlite {
namespace {

#define CRIME_COLS \
  "id, kind, number, series, year, n, department, status, due_day, target, appeal_id, person_id, flags, entry_idx, doc"

CrimeRecordRow ReadRecord(SQLite::Statement& q) {
  CrimeRecordRow r;
  r.id = q.getColumn(0).getString();
  r.kind = q.getColumn(1).getString();
  r.number = q.getColumn(2).getString();
  r.series = q.getColumn(3).getString();
  r.year = q.getColumn(4).getInt();
  r.n = q.getColumn(5).getInt64();
  r.department = q.getColumn(6).getString();
  r.status = q.getColumn(7).getString();
  r.due_day = q.getColumn(8).getInt64();
  r.target = q.getColumn(9).getString();
  r.appeal_id = q.getColumn(10).getString();
  r.person_id = q.getColumn(11).getString();
  r.flags = q.getColumn(12).getString();
  r.entry_idx = q.getColumn(13).getInt64();
  r.doc = q.getColumn(14).getString();
  return r;
}

std::string JsonList(const std::vector<std::string>& v) { return v.empty() ? std::string() : nlohmann::json(v).dump(); }

}  // namespace

Result<int64_t> ClassifierVersionQ(Conn& c) {
  return Guard("classifier version", [&]() -> Result<int64_t> {
    auto& q = c.Prep("SELECT coalesce(max(version), 0) FROM classifier_articles");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

Result<std::vector<ClassifierRow>> ClassifierArticlesQ(Conn& c, int64_t version) {
  return Guard("classifier", [&]() -> Result<std::vector<ClassifierRow>> {
    auto& q = c.Prep(
        "SELECT version, article, part, severity, title_tg, title_ru, title_en, sample FROM classifier_articles "
        "WHERE version = ? ORDER BY length(article), article, length(part), part");
    q.bind(1, version);
    std::vector<ClassifierRow> out;
    while (q.executeStep()) {
      ClassifierRow r;
      r.version = q.getColumn(0).getInt64();
      r.article = q.getColumn(1).getString();
      r.part = q.getColumn(2).getString();
      r.severity = q.getColumn(3).getString();
      r.title_tg = q.getColumn(4).getString();
      r.title_ru = q.getColumn(5).getString();
      r.title_en = q.getColumn(6).getString();
      r.sample = q.getColumn(7).getInt() != 0;
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<std::optional<CrimeRecordRow>> CrimeRecordQ(Conn& c, std::string_view id) {
  return Guard("crime record", [&]() -> Result<std::optional<CrimeRecordRow>> {
    auto& q = c.Prep("SELECT " CRIME_COLS " FROM crime_records WHERE id = ?");
    q.bind(1, std::string(id));
    if (!q.executeStep()) return std::optional<CrimeRecordRow>();
    return std::optional<CrimeRecordRow>(ReadRecord(q));
  });
}

Result<std::vector<CrimeRecordRow>> CrimeRecordsQ(Conn& c, const CrimeQuery& f) {
  return Guard("crime records", [&]() -> Result<std::vector<CrimeRecordRow>> {
    // Lists are passed as JSON array parameters; "" means "any".
    auto& q = c.Prep("SELECT " CRIME_COLS " FROM crime_records WHERE kind = ?1 "
                     "AND (?2 = '' OR department IN (SELECT value FROM json_each(?2))) "
                     "AND (?3 = '' OR status IN (SELECT value FROM json_each(?3))) "
                     "AND (?4 = '' OR target IN (SELECT value FROM json_each(?4))) "
                     "AND (?5 = 0 OR due_day >= ?5) AND (?6 = 0 OR due_day <= ?6) "
                     "AND (?7 = '' OR instr(flags, ?7) > 0) "
                     "AND (?8 = '' OR appeal_id = ?8) AND (?9 = '' OR number = ?9) "
                     "AND (?11 = 0 OR entry_idx < ?11) "
                     "ORDER BY entry_idx DESC LIMIT ?10");
    q.bind(1, f.kind);
    q.bind(2, JsonList(f.departments));
    q.bind(3, JsonList(f.statuses));
    q.bind(4, JsonList(f.targets));
    q.bind(5, f.due_min);
    q.bind(6, f.due_max);
    q.bind(7, f.flag.empty() ? std::string() : "," + f.flag + ",");
    q.bind(8, f.appeal_id);
    q.bind(9, f.number);
    q.bind(10, f.limit);
    q.bind(11, f.before_idx);
    std::vector<CrimeRecordRow> out;
    while (q.executeStep()) out.push_back(ReadRecord(q));
    return out;
  });
}

Status InsertClassifierQ(Conn& c, const std::vector<ClassifierRow>& rows) {
  return Guard("insert classifier", [&] {
    for (const auto& r : rows) {
      auto& q = c.Prep(
          "INSERT INTO classifier_articles(version, article, part, severity, title_tg, title_ru, title_en, sample) "
          "VALUES (?,?,?,?,?,?,?,?)");
      q.bind(1, r.version);
      q.bind(2, r.article);
      q.bind(3, r.part);
      q.bind(4, r.severity);
      q.bind(5, r.title_tg);
      q.bind(6, r.title_ru);
      q.bind(7, r.title_en);
      q.bind(8, r.sample ? 1 : 0);
      q.exec();
    }
    return Status::Ok();
  });
}

Status UpsertCrimeRecordQ(Conn& c, const CrimeRecordRow& r) {
  return Guard("upsert crime record", [&] {
    auto& q = c.Prep("INSERT INTO crime_records(" CRIME_COLS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                     "ON CONFLICT(id) DO UPDATE SET status = excluded.status, due_day = excluded.due_day, "
                     "target = excluded.target, person_id = excluded.person_id, flags = excluded.flags, "
                     "doc = excluded.doc");
    q.bind(1, r.id);
    q.bind(2, r.kind);
    q.bind(3, r.number);
    q.bind(4, r.series);
    q.bind(5, r.year);
    q.bind(6, r.n);
    q.bind(7, r.department);
    q.bind(8, r.status);
    q.bind(9, r.due_day);
    q.bind(10, r.target);
    q.bind(11, r.appeal_id);
    q.bind(12, r.person_id);
    q.bind(13, r.flags);
    q.bind(14, r.entry_idx);
    q.bind(15, r.doc);
    q.exec();
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
