#include "store/postgres/pg_person_index.h"

#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

namespace sabt::store::postgres {
namespace {

struct Statement {
  const char* name;
  const char* sql;
};

#define PERSON_COLS \
  "p.id, p.surname, p.given_name, p.patronymic, p.birth_date, p.address, p.phone, p.id_document, p.search_key"
#define IN_JSON(n) " IN (SELECT jsonb_array_elements_text($" #n "::text::jsonb))"

const Statement kStatements[] = {
    {"pi_by_keys",
     // Driven from the keys (the planner underestimates a common key's rows
     // and would otherwise scan person_masters whole; docs/benchmarks.md).
     "SELECT " PERSON_COLS ", m.master_id FROM (SELECT DISTINCT c.person_id FROM (SELECT k.person_id FROM person_keys k "
     "WHERE k.key" IN_JSON(1) " LIMIT $2::bigint) c) h JOIN person_masters m ON m.person_id = h.person_id "
     "JOIN persons p ON p.id = h.person_id"},
    {"pi_master_of", "SELECT master_id FROM person_masters WHERE person_id = $1::text"},
    {"pi_of_master",
     "SELECT " PERSON_COLS " FROM persons p JOIN person_masters m ON m.person_id = p.id "
     "WHERE m.master_id = $1::text ORDER BY p.id"},
    {"pi_refs",
     "SELECT person_id, kind, record_id, number, department, role, at FROM person_refs WHERE person_id" IN_JSON(1)
     " AND department" IN_JSON(2) " ORDER BY at DESC, record_id, role"},
    {"pi_masters_in_scope",
     "SELECT " PERSON_COLS ", x.id FROM jsonb_array_elements_text($1::text::jsonb) x(id) "
     "LEFT JOIN persons p ON p.id = x.id WHERE EXISTS (SELECT 1 FROM person_masters m JOIN person_refs r "
     "ON r.person_id = m.person_id WHERE m.master_id = x.id AND r.department" IN_JSON(2) ")"},
    {"pi_refs_of_masters",
     "SELECT m.master_id, r.person_id, r.kind, r.record_id, r.number, r.department, r.role, r.at "
     "FROM person_masters m JOIN person_refs r ON r.person_id = m.person_id WHERE m.master_id" IN_JSON(1)
     " AND r.department" IN_JSON(2) " ORDER BY r.at DESC, r.record_id, r.role"},
    {"pi_merge_at",
     "SELECT entry_idx, into_master, from_master, persons, undone_idx FROM person_merges WHERE entry_idx = $1::bigint"},
    {"pi_merges_into",
     "SELECT entry_idx, into_master, from_master, persons, undone_idx FROM person_merges "
     "WHERE into_master = $1::text AND undone_idx = 0 ORDER BY entry_idx DESC"},
    {"pi_records_by_number",
     "SELECT kind, record_id, number, department, at FROM record_texts WHERE number = upper($1::text) "
     "AND department" IN_JSON(2) " ORDER BY record_id"},
    {"pi_records_by_text",
     "WITH q AS (SELECT to_tsquery('simple', (SELECT string_agg(quote_literal(w) || ':*', ' & ') "
     "FROM jsonb_array_elements_text($1::text::jsonb) w)) AS tsq) "
     "SELECT r.kind, r.record_id, r.number, r.department, r.at FROM record_texts r, q "
     "WHERE r.body_tsv @@ q.tsq AND r.department" IN_JSON(2)
     " ORDER BY ts_rank(r.body_tsv, q.tsq) DESC, r.record_id LIMIT $3::bigint"},
    {"pi_by_ids", "SELECT " PERSON_COLS " FROM persons p WHERE p.id" IN_JSON(1)},
    // Batched index writes: $1 is a JSON array of ids, of [key, id] pairs, or
    // of [person_id, kind, record_id, number, department, role, at].
    {"pi_link",
     "INSERT INTO person_masters(person_id, master_id) SELECT DISTINCT i, i FROM jsonb_array_elements_text($1::text::jsonb) i "
     "ON CONFLICT DO NOTHING"},
    {"pi_del_keys", "DELETE FROM person_keys WHERE person_id" IN_JSON(1)},
    {"pi_ins_keys",
     "INSERT INTO person_keys(key, person_id) SELECT DISTINCT e->>0, e->>1 FROM jsonb_array_elements($1::text::jsonb) e "
     "ON CONFLICT DO NOTHING"},
    {"pi_put_refs",
     "INSERT INTO person_refs(person_id, kind, record_id, number, department, role, at) "
     "SELECT e->>0, e->>1, e->>2, e->>3, e->>4, e->>5, e->>6 FROM jsonb_array_elements($1::text::jsonb) e "
     "ON CONFLICT (person_id, kind, record_id, role) DO UPDATE SET "
     "number = excluded.number, department = excluded.department, at = excluded.at"},
    {"pi_set_master", "UPDATE person_masters SET master_id = $2::text WHERE person_id" IN_JSON(1)},
    {"pi_put_merge",
     "INSERT INTO person_merges(entry_idx, into_master, from_master, persons, undone_idx) "
     "VALUES ($1::bigint, $2, $3, $4, $5::bigint) ON CONFLICT (entry_idx) DO UPDATE SET undone_idx = excluded.undone_idx"},
    {"pi_put_text",
     "INSERT INTO record_texts(record_id, kind, number, department, at, body) VALUES ($1, $2, upper($3::text), $4, $5, $6) "
     "ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind, number = excluded.number, "
     "department = excluded.department, at = excluded.at, body = excluded.body"},
    {"pi_clear_masters", "DELETE FROM person_masters"},
    {"pi_clear_keys", "DELETE FROM person_keys"},
    {"pi_clear_refs", "DELETE FROM person_refs"},
    {"pi_clear_merges", "DELETE FROM person_merges"},
    {"pi_clear_texts", "DELETE FROM record_texts"},
    {"rows_person_masters",
     "SELECT json_build_array(person_id, master_id)::text FROM person_masters ORDER BY person_id"},
    {"rows_person_keys", "SELECT json_build_array(key, person_id)::text FROM person_keys ORDER BY key, person_id"},
    {"rows_person_refs",
     "SELECT json_build_array(person_id, kind, record_id, number, department, role, at)::text FROM person_refs "
     "ORDER BY person_id, kind, record_id, role"},
    {"rows_person_merges",
     "SELECT json_build_array(entry_idx, into_master, from_master, persons, undone_idx)::text FROM person_merges "
     "ORDER BY entry_idx"},
    {"rows_record_texts",
     "SELECT json_build_array(record_id, kind, number, department, at, body)::text FROM record_texts "
     "ORDER BY record_id"},
};

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }
int64_t I64(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }
std::string Json(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

PersonRow ReadPerson(const pqxx::row& r) {
  PersonRow p;
  p.id = Text(r[0]);
  p.surname = Text(r[1]);
  p.given_name = Text(r[2]);
  p.patronymic = Text(r[3]);
  p.birth_date = Text(r[4]);
  p.address = Text(r[5]);
  p.phone = Text(r[6]);
  p.id_document = Text(r[7]);
  p.search_key = Text(r[8]);
  return p;
}

PersonMergeRow ReadMerge(const pqxx::row& r) {
  PersonMergeRow m;
  m.entry_idx = I64(r[0]);
  m.into_master = Text(r[1]);
  m.from_master = Text(r[2]);
  auto j = nlohmann::json::parse(Text(r[3]), nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) m.persons.push_back(v.get<std::string>());
  m.undone_idx = I64(r[4]);
  return m;
}

std::vector<RecordHit> Hits(const pqxx::result& res, const char* match) {
  std::vector<RecordHit> out;
  for (const auto& r : res) out.push_back({Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), match});
  return out;
}

}  // namespace

void PreparePersonIndex(pqxx::connection& c) {
  for (const auto& s : kStatements) c.prepare(s.name, s.sql);
}

std::vector<PersonHit> PgPersonsByKeys(pqxx::transaction_base& tx, const std::vector<std::string>& keys, int64_t limit) {
  std::vector<PersonHit> out;
  for (const auto& r : tx.exec_prepared("pi_by_keys", Json(keys), limit)) out.push_back({ReadPerson(r), Text(r[9])});
  return out;
}

std::optional<std::string> PgPersonMasterOf(pqxx::transaction_base& tx, std::string_view person_id) {
  auto r = tx.exec_prepared("pi_master_of", std::string(person_id));
  if (r.empty()) return std::nullopt;
  return Text(r[0][0]);
}

std::vector<PersonRow> PgPersonsOfMaster(pqxx::transaction_base& tx, std::string_view master_id) {
  std::vector<PersonRow> out;
  for (const auto& r : tx.exec_prepared("pi_of_master", std::string(master_id))) out.push_back(ReadPerson(r));
  return out;
}

std::vector<PersonRefRow> PgPersonRefs(pqxx::transaction_base& tx, const std::vector<std::string>& person_ids,
                                       const std::vector<std::string>& departments) {
  std::vector<PersonRefRow> out;
  for (const auto& r : tx.exec_prepared("pi_refs", Json(person_ids), Json(departments)))
    out.push_back({Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]), Text(r[6])});
  return out;
}

std::vector<PersonHit> PgMastersInScope(pqxx::transaction_base& tx, const std::vector<std::string>& masters,
                                        const std::vector<std::string>& departments) {
  std::vector<PersonHit> out;
  for (const auto& r : tx.exec_prepared("pi_masters_in_scope", Json(masters), Json(departments)))
    out.push_back({ReadPerson(r), Text(r[9])});
  return out;
}

std::vector<MasterRefRow> PgPersonRefsOfMasters(pqxx::transaction_base& tx, const std::vector<std::string>& masters,
                                                const std::vector<std::string>& departments) {
  std::vector<MasterRefRow> out;
  for (const auto& r : tx.exec_prepared("pi_refs_of_masters", Json(masters), Json(departments)))
    out.push_back({Text(r[0]), {Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]), Text(r[6]), Text(r[7])}});
  return out;
}

std::optional<PersonMergeRow> PgPersonMergeAt(pqxx::transaction_base& tx, int64_t entry_idx) {
  auto r = tx.exec_prepared("pi_merge_at", entry_idx);
  if (r.empty()) return std::nullopt;
  return ReadMerge(r[0]);
}

std::vector<PersonMergeRow> PgPersonMergesInto(pqxx::transaction_base& tx, std::string_view master_id) {
  std::vector<PersonMergeRow> out;
  for (const auto& r : tx.exec_prepared("pi_merges_into", std::string(master_id))) out.push_back(ReadMerge(r));
  return out;
}

std::vector<RecordHit> PgRecordsByNumber(pqxx::transaction_base& tx, std::string_view number,
                                         const std::vector<std::string>& departments) {
  return Hits(tx.exec_prepared("pi_records_by_number", std::string(number), Json(departments)), "number");
}

std::vector<RecordHit> PgRecordsByText(pqxx::transaction_base& tx, const std::vector<std::string>& words,
                                       const std::vector<std::string>& departments, int64_t limit) {
  if (words.empty()) return {};
  return Hits(tx.exec_prepared("pi_records_by_text", Json(words), Json(departments), limit), "text");
}

std::vector<PersonRow> PgPersonsByIds(pqxx::transaction_base& tx, const std::vector<std::string>& ids) {
  std::vector<PersonRow> out;
  if (ids.empty()) return out;
  for (const auto& r : tx.exec_prepared("pi_by_ids", Json(ids))) out.push_back(ReadPerson(r));
  return out;
}

void PgIndexPersons(pqxx::transaction_base& tx, const std::vector<PersonKeysRow>& rows) {
  if (rows.empty()) return;
  std::vector<std::string> ids;
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& r : rows) {
    ids.push_back(r.person_id);
    for (const auto& k : r.keys) pairs.push_back({k, r.person_id});
  }
  std::string id_json = Json(ids);
  tx.exec_prepared0("pi_link", id_json);
  tx.exec_prepared0("pi_del_keys", id_json);
  if (!pairs.empty()) tx.exec_prepared0("pi_ins_keys", pairs.dump());
}

void PgPutPersonRefs(pqxx::transaction_base& tx, const std::vector<PersonRefRow>& refs) {
  if (refs.empty()) return;
  // ON CONFLICT DO UPDATE may not touch a row twice in one statement.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, const PersonRefRow*> last;
  for (const auto& r : refs) last[{r.person_id, r.kind, r.record_id, r.role}] = &r;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [key, r] : last)
    rows.push_back({r->person_id, r->kind, r->record_id, r->number, r->department, r->role, r->at});
  tx.exec_prepared0("pi_put_refs", rows.dump());
}

void PgSetPersonMaster(pqxx::transaction_base& tx, const std::vector<std::string>& person_ids,
                       std::string_view master_id) {
  tx.exec_prepared0("pi_set_master", Json(person_ids), std::string(master_id));
}

void PgPutPersonMerge(pqxx::transaction_base& tx, const PersonMergeRow& m) {
  tx.exec_prepared0("pi_put_merge", m.entry_idx, m.into_master, m.from_master, Json(m.persons), m.undone_idx);
}

void PgPutRecordText(pqxx::transaction_base& tx, const RecordTextRow& r) {
  tx.exec_prepared0("pi_put_text", r.record_id, r.kind, r.number, r.department, r.at, r.body);
}

void PgClearPersonIndex(pqxx::transaction_base& tx) {
  for (const char* s : {"pi_clear_masters", "pi_clear_keys", "pi_clear_refs", "pi_clear_merges", "pi_clear_texts"})
    tx.exec_prepared0(s);
}

}  // namespace sabt::store::postgres
