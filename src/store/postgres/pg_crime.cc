#include "store/postgres/pg_crime.h"

#include <nlohmann/json.hpp>

namespace sabt::store::postgres {
namespace {

#define CRIME_COLS \
  "id, kind, number, series, year, n, department, status, due_day, target, appeal_id, person_id, flags, entry_idx, doc"

struct Statement {
  const char* name;
  const char* sql;
};

const Statement kCrimeStatements[] = {
    {"classifier_version", "SELECT coalesce(max(version), 0) FROM classifier_articles"},
    {"classifier_articles",
     "SELECT version, article, part, severity, title_tg, title_ru, title_en, sample FROM classifier_articles "
     "WHERE version = $1 ORDER BY length(article), article, length(part), part"},
    {"crime_record", "SELECT " CRIME_COLS " FROM crime_records WHERE id = $1"},
    // Lists are JSON array parameters; '' means "any" (NULLIF keeps '' from
    // ever being cast to jsonb).
    {"crime_records",
     "SELECT " CRIME_COLS " FROM crime_records WHERE kind = $1::text "
     "AND ($2::text = '' OR department IN (SELECT jsonb_array_elements_text(NULLIF($2::text, '')::jsonb))) "
     "AND ($3::text = '' OR status IN (SELECT jsonb_array_elements_text(NULLIF($3::text, '')::jsonb))) "
     "AND ($4::text = '' OR target IN (SELECT jsonb_array_elements_text(NULLIF($4::text, '')::jsonb))) "
     "AND ($5::bigint = 0 OR due_day >= $5::bigint) AND ($6::bigint = 0 OR due_day <= $6::bigint) "
     "AND ($7::text = '' OR strpos(flags, $7::text) > 0) "
     "AND ($8::text = '' OR appeal_id = $8::text) AND ($9::text = '' OR number = $9::text) "
     "AND ($11::bigint = 0 OR entry_idx < $11::bigint) "
     "ORDER BY entry_idx DESC LIMIT $10::bigint"},
    {"insert_classifier",
     "INSERT INTO classifier_articles(version, article, part, severity, title_tg, title_ru, title_en, sample) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    {"upsert_crime_record",
     "INSERT INTO crime_records(" CRIME_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
     "$14, $15) ON CONFLICT (id) DO UPDATE SET status = excluded.status, due_day = excluded.due_day, "
     "target = excluded.target, person_id = excluded.person_id, flags = excluded.flags, doc = excluded.doc"},
    {"clear_crime_records", "DELETE FROM crime_records"},
    {"clear_classifier_articles", "DELETE FROM classifier_articles"},
    {"rows_classifier_articles",
     "SELECT json_build_array(version || '/' || article || '/' || part, severity, title_tg, title_ru, title_en, "
     "sample)::text FROM classifier_articles ORDER BY version, article, part"},
    {"rows_crime_records",
     "SELECT json_build_array(id, kind, number, series, year, n, department, status, due_day, target, appeal_id, "
     "person_id, flags, entry_idx, doc)::text FROM crime_records ORDER BY id"},
};

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }
int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

CrimeRecordRow ReadRecord(const pqxx::row& r) {
  CrimeRecordRow c;
  c.id = Text(r[0]);
  c.kind = Text(r[1]);
  c.number = Text(r[2]);
  c.series = Text(r[3]);
  c.year = static_cast<int>(I64(r[4]));
  c.n = I64(r[5]);
  c.department = Text(r[6]);
  c.status = Text(r[7]);
  c.due_day = I64(r[8]);
  c.target = Text(r[9]);
  c.appeal_id = Text(r[10]);
  c.person_id = Text(r[11]);
  c.flags = Text(r[12]);
  c.entry_idx = I64(r[13]);
  c.doc = Text(r[14]);
  return c;
}

std::string JsonList(const std::vector<std::string>& v) { return v.empty() ? std::string() : nlohmann::json(v).dump(); }

}  // namespace

void PrepareCrime(pqxx::connection& c) {
  for (const auto& s : kCrimeStatements) c.prepare(s.name, s.sql);
}

int64_t PgClassifierVersion(pqxx::transaction_base& tx) {
  return tx.exec_prepared1("classifier_version")[0].as<int64_t>();
}

std::vector<ClassifierRow> PgClassifierArticles(pqxx::transaction_base& tx, int64_t version) {
  std::vector<ClassifierRow> out;
  for (const auto& r : tx.exec_prepared("classifier_articles", version)) {
    ClassifierRow c;
    c.version = I64(r[0]);
    c.article = Text(r[1]);
    c.part = Text(r[2]);
    c.severity = Text(r[3]);
    c.title_tg = Text(r[4]);
    c.title_ru = Text(r[5]);
    c.title_en = Text(r[6]);
    c.sample = I64(r[7]) != 0;
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<CrimeRecordRow> PgCrimeRecord(pqxx::transaction_base& tx, std::string_view id) {
  pqxx::result r = tx.exec_prepared("crime_record", std::string(id));
  if (r.empty()) return std::nullopt;
  return ReadRecord(r[0]);
}

std::vector<CrimeRecordRow> PgCrimeRecords(pqxx::transaction_base& tx, const CrimeQuery& f) {
  std::vector<CrimeRecordRow> out;
  for (const auto& r : tx.exec_prepared("crime_records", f.kind, JsonList(f.departments), JsonList(f.statuses),
                                        JsonList(f.targets), f.due_min, f.due_max,
                                        f.flag.empty() ? std::string() : "," + f.flag + ",", f.appeal_id, f.number,
                                        f.limit, f.before_idx))
    out.push_back(ReadRecord(r));
  return out;
}

void PgInsertClassifier(pqxx::transaction_base& tx, const std::vector<ClassifierRow>& rows) {
  for (const auto& r : rows)
    tx.exec_prepared0("insert_classifier", r.version, r.article, r.part, r.severity, r.title_tg, r.title_ru,
                      r.title_en, r.sample ? 1 : 0);
}

void PgUpsertCrimeRecord(pqxx::transaction_base& tx, const CrimeRecordRow& c) {
  tx.exec_prepared0("upsert_crime_record", c.id, c.kind, c.number, c.series, c.year, c.n, c.department, c.status,
                    c.due_day, c.target, c.appeal_id, c.person_id, c.flags, c.entry_idx, c.doc);
}

}  // namespace sabt::store::postgres
