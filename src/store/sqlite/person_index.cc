#include "store/sqlite/person_index.h"

#include <nlohmann/json.hpp>

namespace sabt::store::sqlite {
namespace {

std::string Json(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

PersonRow ReadPerson(SQLite::Statement& q, int at) {
  PersonRow p;
  p.id = q.getColumn(at).getString();
  p.surname = q.getColumn(at + 1).getString();
  p.given_name = q.getColumn(at + 2).getString();
  p.patronymic = q.getColumn(at + 3).getString();
  p.birth_date = q.getColumn(at + 4).getString();
  p.address = q.getColumn(at + 5).getString();
  p.phone = q.getColumn(at + 6).getString();
  p.id_document = q.getColumn(at + 7).getString();
  p.search_key = q.getColumn(at + 8).getString();
  return p;
}

#define PERSON_COLS "p.id, p.surname, p.given_name, p.patronymic, p.birth_date, p.address, p.phone, p.id_document, p.search_key"

PersonMergeRow ReadMerge(SQLite::Statement& q) {
  PersonMergeRow m;
  m.entry_idx = q.getColumn(0).getInt64();
  m.into_master = q.getColumn(1).getString();
  m.from_master = q.getColumn(2).getString();
  auto j = nlohmann::json::parse(q.getColumn(3).getString(), nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) m.persons.push_back(v.get<std::string>());
  m.undone_idx = q.getColumn(4).getInt64();
  return m;
}

RecordHit ReadHit(SQLite::Statement& q, const char* match) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getString(), match};
}

// An FTS5 query: each folded word as a quoted prefix, all required.
std::string FtsQuery(const std::vector<std::string>& words) {
  std::string q;
  for (const auto& w : words) {
    std::string quoted = "\"";
    for (char c : w) {
      if (c == '"') quoted += "\"\"";
      else quoted.push_back(c);
    }
    quoted += "\"*";
    if (!q.empty()) q += " AND ";
    q += quoted;
  }
  return q;
}

}  // namespace

Result<std::vector<PersonHit>> PersonsByKeysQ(Conn& c, const std::vector<std::string>& keys, int64_t limit) {
  return Guard("persons by keys", [&]() -> Result<std::vector<PersonHit>> {
    auto& q = c.Prep("SELECT " PERSON_COLS ", m.master_id FROM persons p JOIN person_masters m ON m.person_id = p.id "
                     "WHERE p.id IN (SELECT k.person_id FROM person_keys k "
                     "WHERE k.key IN (SELECT value FROM json_each(?1)) LIMIT ?2)");
    q.bind(1, Json(keys));
    q.bind(2, limit);
    std::vector<PersonHit> out;
    while (q.executeStep()) out.push_back({ReadPerson(q, 0), q.getColumn(9).getString()});
    return out;
  });
}

Result<std::optional<std::string>> PersonMasterOfQ(Conn& c, std::string_view person_id) {
  return Guard("person master", [&]() -> Result<std::optional<std::string>> {
    auto& q = c.Prep("SELECT master_id FROM person_masters WHERE person_id = ?");
    q.bind(1, std::string(person_id));
    if (!q.executeStep()) return std::optional<std::string>();
    return std::optional<std::string>(q.getColumn(0).getString());
  });
}

Result<std::vector<PersonRow>> PersonsOfMasterQ(Conn& c, std::string_view master_id) {
  return Guard("persons of master", [&]() -> Result<std::vector<PersonRow>> {
    auto& q = c.Prep("SELECT " PERSON_COLS " FROM persons p JOIN person_masters m ON m.person_id = p.id "
                     "WHERE m.master_id = ? ORDER BY p.id");
    q.bind(1, std::string(master_id));
    std::vector<PersonRow> out;
    while (q.executeStep()) out.push_back(ReadPerson(q, 0));
    return out;
  });
}

Result<std::vector<PersonRefRow>> PersonRefsQ(Conn& c, const std::vector<std::string>& person_ids,
                                              const std::vector<std::string>& departments) {
  return Guard("person refs", [&]() -> Result<std::vector<PersonRefRow>> {
    auto& q = c.Prep("SELECT person_id, kind, record_id, number, department, role, at FROM person_refs "
                     "WHERE person_id IN (SELECT value FROM json_each(?1)) "
                     "AND department IN (SELECT value FROM json_each(?2)) ORDER BY at DESC, record_id, role");
    q.bind(1, Json(person_ids));
    q.bind(2, Json(departments));
    std::vector<PersonRefRow> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                     q.getColumn(6).getString()});
    return out;
  });
}

Result<std::vector<PersonHit>> MastersInScopeQ(Conn& c, const std::vector<std::string>& masters,
                                               const std::vector<std::string>& departments) {
  return Guard("masters in scope", [&]() -> Result<std::vector<PersonHit>> {
    auto& q = c.Prep("SELECT " PERSON_COLS ", x.value FROM json_each(?1) x LEFT JOIN persons p ON p.id = x.value "
                     "WHERE EXISTS (SELECT 1 FROM person_masters m JOIN person_refs r ON r.person_id = m.person_id "
                     "WHERE m.master_id = x.value AND r.department IN (SELECT value FROM json_each(?2)))");
    q.bind(1, Json(masters));
    q.bind(2, Json(departments));
    std::vector<PersonHit> out;
    while (q.executeStep()) out.push_back({ReadPerson(q, 0), q.getColumn(9).getString()});
    return out;
  });
}

Result<std::vector<MasterRefRow>> PersonRefsOfMastersQ(Conn& c, const std::vector<std::string>& masters,
                                                       const std::vector<std::string>& departments) {
  return Guard("person refs of masters", [&]() -> Result<std::vector<MasterRefRow>> {
    auto& q = c.Prep("SELECT m.master_id, r.person_id, r.kind, r.record_id, r.number, r.department, r.role, r.at "
                     "FROM person_masters m JOIN person_refs r ON r.person_id = m.person_id "
                     "WHERE m.master_id IN (SELECT value FROM json_each(?1)) "
                     "AND r.department IN (SELECT value FROM json_each(?2)) ORDER BY r.at DESC, r.record_id, r.role");
    q.bind(1, Json(masters));
    q.bind(2, Json(departments));
    std::vector<MasterRefRow> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(),
                     {q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                      q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(),
                      q.getColumn(7).getString()}});
    return out;
  });
}

Result<std::optional<PersonMergeRow>> PersonMergeAtQ(Conn& c, int64_t entry_idx) {
  return Guard("person merge", [&]() -> Result<std::optional<PersonMergeRow>> {
    auto& q = c.Prep("SELECT entry_idx, into_master, from_master, persons, undone_idx FROM person_merges "
                     "WHERE entry_idx = ?");
    q.bind(1, entry_idx);
    if (!q.executeStep()) return std::optional<PersonMergeRow>();
    return std::optional<PersonMergeRow>(ReadMerge(q));
  });
}

Result<std::vector<PersonMergeRow>> PersonMergesIntoQ(Conn& c, std::string_view master_id) {
  return Guard("person merges", [&]() -> Result<std::vector<PersonMergeRow>> {
    auto& q = c.Prep("SELECT entry_idx, into_master, from_master, persons, undone_idx FROM person_merges "
                     "WHERE into_master = ? AND undone_idx = 0 ORDER BY entry_idx DESC");
    q.bind(1, std::string(master_id));
    std::vector<PersonMergeRow> out;
    while (q.executeStep()) out.push_back(ReadMerge(q));
    return out;
  });
}

Result<std::vector<RecordHit>> RecordsByNumberQ(Conn& c, std::string_view number,
                                                const std::vector<std::string>& departments) {
  return Guard("records by number", [&]() -> Result<std::vector<RecordHit>> {
    auto& q = c.Prep("SELECT kind, record_id, number, department, at FROM record_texts "
                     "WHERE number = upper(?1) AND department IN (SELECT value FROM json_each(?2)) ORDER BY record_id");
    q.bind(1, std::string(number));
    q.bind(2, Json(departments));
    std::vector<RecordHit> out;
    while (q.executeStep()) out.push_back(ReadHit(q, "number"));
    return out;
  });
}

Result<std::vector<RecordHit>> RecordsByTextQ(Conn& c, const std::vector<std::string>& words,
                                              const std::vector<std::string>& departments, int64_t limit) {
  return Guard("records by text", [&]() -> Result<std::vector<RecordHit>> {
    std::vector<RecordHit> out;
    if (words.empty()) return out;
    auto& q = c.Prep("SELECT r.kind, r.record_id, r.number, r.department, r.at FROM record_text_fts f "
                     "JOIN record_texts r ON r.rowid = f.rowid WHERE record_text_fts MATCH ?1 "
                     "AND r.department IN (SELECT value FROM json_each(?2)) ORDER BY f.rank LIMIT ?3");
    q.bind(1, FtsQuery(words));
    q.bind(2, Json(departments));
    q.bind(3, limit);
    while (q.executeStep()) out.push_back(ReadHit(q, "text"));
    return out;
  });
}

Status IndexPersonQ(Conn& c, std::string_view person_id, const std::vector<std::string>& keys) {
  return Guard("index person", [&] {
    std::string id(person_id);
    auto& link = c.Prep("INSERT INTO person_masters(person_id, master_id) VALUES (?1, ?1) ON CONFLICT DO NOTHING");
    link.bind(1, id);
    link.exec();
    auto& del = c.Prep("DELETE FROM person_keys WHERE person_id = ?");
    del.bind(1, id);
    del.exec();
    for (const auto& k : keys) {
      auto& ins = c.Prep("INSERT INTO person_keys(key, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
      ins.bind(1, k);
      ins.bind(2, id);
      ins.exec();
      ins.reset();
    }
    return Status::Ok();
  });
}

Status PutPersonRefQ(Conn& c, const PersonRefRow& r) {
  return Guard("person ref", [&] {
    auto& q = c.Prep(
        "INSERT INTO person_refs(person_id, kind, record_id, number, department, role, at) VALUES (?,?,?,?,?,?,?) "
        "ON CONFLICT(person_id, kind, record_id, role) DO UPDATE SET number = excluded.number, "
        "department = excluded.department, at = excluded.at");
    q.bind(1, r.person_id);
    q.bind(2, r.kind);
    q.bind(3, r.record_id);
    q.bind(4, r.number);
    q.bind(5, r.department);
    q.bind(6, r.role);
    q.bind(7, r.at);
    q.exec();
    return Status::Ok();
  });
}

Status SetPersonMasterQ(Conn& c, const std::vector<std::string>& person_ids, std::string_view master_id) {
  return Guard("set person master", [&] {
    auto& q = c.Prep("UPDATE person_masters SET master_id = ?2 WHERE person_id IN (SELECT value FROM json_each(?1))");
    q.bind(1, Json(person_ids));
    q.bind(2, std::string(master_id));
    q.exec();
    return Status::Ok();
  });
}

Status PutPersonMergeQ(Conn& c, const PersonMergeRow& m) {
  return Guard("person merge", [&] {
    auto& q = c.Prep(
        "INSERT INTO person_merges(entry_idx, into_master, from_master, persons, undone_idx) VALUES (?,?,?,?,?) "
        "ON CONFLICT(entry_idx) DO UPDATE SET undone_idx = excluded.undone_idx");
    q.bind(1, m.entry_idx);
    q.bind(2, m.into_master);
    q.bind(3, m.from_master);
    q.bind(4, Json(m.persons));
    q.bind(5, m.undone_idx);
    q.exec();
    return Status::Ok();
  });
}

Status PutRecordTextQ(Conn& c, const RecordTextRow& r) {
  return Guard("record text", [&] {
    auto& q = c.Prep(
        "INSERT INTO record_texts(record_id, kind, number, department, at, body) VALUES (?,?,upper(?),?,?,?) "
        "ON CONFLICT(record_id) DO UPDATE SET kind = excluded.kind, number = excluded.number, "
        "department = excluded.department, at = excluded.at, body = excluded.body");
    q.bind(1, r.record_id);
    q.bind(2, r.kind);
    q.bind(3, r.number);
    q.bind(4, r.department);
    q.bind(5, r.at);
    q.bind(6, r.body);
    q.exec();
    return Status::Ok();
  });
}

void ClearPersonIndexQ(Conn& c) {
  c.Exec("DELETE FROM person_masters; DELETE FROM person_keys; DELETE FROM person_refs; DELETE FROM person_merges; "
         "DELETE FROM record_texts;");
}

void OptimizeRecordTextQ(Conn& c) {
  // FTS5 (before SQLite 3.44's secure-delete) only marks a deleted row's
  // terms; 'optimize' rewrites the index without them and frees the old
  // segments, whose pages secure_delete zeroes.
  c.Exec("INSERT INTO record_text_fts(record_text_fts) VALUES('optimize')");
}

}  // namespace sabt::store::sqlite
