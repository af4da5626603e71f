#include "app/persons/search.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "domain/persons/blocking.h"
#include "domain/role.h"
#include "store/person_batch.h"
#include "util/clock.h"
#include "util/text.h"

namespace sabt::app::persons {
namespace {

namespace dp = domain::persons;

constexpr int64_t kCandidateLimit = 800;   // rows read per search (§3)
constexpr int64_t kPairLimit = 200;        // rows read by the exact-pair tier (§3)
constexpr size_t kMaxResults = 20;
constexpr size_t kMaxMastersExamined = 200;

bool ValidDate(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}

int CountDigits(const std::string& s) {
  return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}
bool HasLetter(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
  });
}

// What kind of query this is (§6).
enum class QueryKind { kName, kNumber, kDocument, kPhone };
QueryKind Classify(const std::string& q) {
  int digits = CountDigits(q);
  if (q.find('/') != std::string::npos && digits > 0) return QueryKind::kNumber;
  if (digits >= 7 && !HasLetter(q)) return QueryKind::kPhone;
  if (digits >= 5 && HasLetter(q)) return QueryKind::kDocument;
  return QueryKind::kName;
}

struct Scored {
  double score = 0;
  std::vector<std::string> why;
  store::PersonRow row;
};

// Keying a name part runs ICU. The candidates of one search share their name
// parts (common names are very common), so each distinct part is keyed once.
class KeyMemo {
 public:
  dp::PreparedName Prepare(const store::PersonRow& p) {
    dp::PreparedName n;
    n.parts[0] = Of(p.surname);
    n.parts[1] = Of(p.given_name);
    n.parts[2] = Of(p.patronymic);
    n.birth_date = p.birth_date;
    return n;
  }

 private:
  const dp::NameKey& Of(const std::string& part) {
    auto it = keys_.find(part);
    if (it == keys_.end()) it = keys_.emplace(part, dp::KeyOf(part)).first;
    return it->second;
  }
  std::unordered_map<std::string, dp::NameKey> keys_;
};

// Best row per master among the hits, scored against the query.
std::map<std::string, Scored> ScoreHits(const std::vector<store::PersonHit>& hits, QueryKind kind,
                                        const std::string& q, const std::string& birth_date) {
  std::map<std::string, Scored> best;
  dp::PreparedText text = dp::PrepareText(q);
  KeyMemo memo;
  // Namesakes score alike: a candidate's score depends only on its name
  // parts (and birth date when the query gives one), so each distinct one is
  // scored once per search.
  std::unordered_map<std::string, dp::Match> scored;
  for (const auto& h : hits) {
    Scored s;
    s.row = h.person;
    if (kind == QueryKind::kDocument || kind == QueryKind::kPhone) {
      s.score = 1.0;
      s.why = {kind == QueryKind::kDocument ? "id_document:exact" : "phone:exact"};
    } else {
      const auto& p = h.person;
      std::string name = p.surname + '\x1f' + p.given_name + '\x1f' + p.patronymic + '\x1f' +
                         (birth_date.empty() || p.birth_date.empty() ? std::string() : "b" + p.birth_date);
      auto it = scored.find(name);
      if (it == scored.end()) it = scored.emplace(name, dp::ScoreText(text, birth_date, memo.Prepare(p))).first;
      if (it->second.score < dp::kOfferThreshold) continue;
      s.score = it->second.score;
      s.why = it->second.why;
    }
    auto it = best.find(h.master_id);
    if (it == best.end() || s.score > it->second.score) best[h.master_id] = std::move(s);
  }
  return best;
}

// Masters best first, those with a record in scope, at most kMaxResults.
// Scope is asked for a batch of masters in one query (§3 "Scope in one
// query"): the first kMaxResults, then three times as many, up to
// kMaxMastersExamined in all.
Result<std::vector<PersonResult>> RankInScope(store::ReadTx& tx, std::map<std::string, Scored> best,
                                              const std::vector<std::string>& scope) {
  std::vector<std::pair<std::string, Scored>> order(std::make_move_iterator(best.begin()),
                                                    std::make_move_iterator(best.end()));
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second.score != b.second.score ? a.second.score > b.second.score : a.first < b.first;
  });
  const size_t examine = std::min(order.size(), kMaxMastersExamined);
  std::vector<PersonResult> out;
  auto* batch_reads = store::PersonBatchOf(tx);
  if (batch_reads == nullptr) return store::NoPersonBatch();
  for (size_t at = 0, batch = kMaxResults; at < examine && out.size() < kMaxResults; at += batch, batch *= 3) {
    size_t end = std::min(examine, at + batch);
    std::vector<std::string> masters;
    for (size_t i = at; i < end; ++i) masters.push_back(order[i].first);
    auto in_scope = batch_reads->MastersInScope(masters, scope);
    if (!in_scope.ok()) return in_scope.status();
    std::unordered_map<std::string, store::PersonRow> own;
    for (auto& h : *in_scope) own.emplace(h.master_id, std::move(h.person));
    for (size_t i = at; i < end && out.size() < kMaxResults; ++i) {
      auto& [master, s] = order[i];
      auto it = own.find(master);
      if (it == own.end()) continue;  // only in other departments' records: not shown
      PersonResult r;
      r.master_id = master;
      r.person = it->second.id == master && !it->second.surname.empty() ? std::move(it->second) : std::move(s.row);
      r.score = s.score;
      r.why = std::move(s.why);
      out.push_back(std::move(r));
    }
  }
  return out;
}

Result<std::vector<PersonResult>> FindPersons(store::ReadTx& tx, const std::string& q, const std::string& birth_date,
                                              const std::vector<std::string>& scope, QueryKind kind) {
  std::vector<std::string> keys;
  if (kind == QueryKind::kDocument) keys = {dp::DocumentKey(q)};
  else if (kind == QueryKind::kPhone) keys = {dp::PhoneKey(q)};
  else if (kind == QueryKind::kName) keys = dp::QueryKeys(q);
  keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
  if (keys.empty()) return std::vector<PersonResult>();
  // A name of several words: the exact-pair keys first (§3 "Two tiers"); the
  // prefix keys only when those give fewer than a page of offered persons.
  std::vector<std::string> pairs;
  for (const auto& k : keys)
    if (k.rfind("n:", 0) == 0) pairs.push_back(k);
  if (!pairs.empty() && pairs.size() < keys.size()) {
    auto first = tx.PersonsByKeys(pairs, kPairLimit);
    if (!first.ok()) return first.status();
    auto best = ScoreHits(*first, kind, q, birth_date);
    if (best.size() >= kMaxResults) return RankInScope(tx, std::move(best), scope);
  }
  auto hits = tx.PersonsByKeys(keys, kCandidateLimit);
  if (!hits.ok()) return hits.status();
  return RankInScope(tx, ScoreHits(*hits, kind, q, birth_date), scope);
}

// One audit.viewed entry per master shown to an oversight role.
Status AuditShown(App& app, const Principal& who, const std::vector<std::string>& masters, const std::string& reason) {
  if (!domain::IsOversight(who.role) || masters.empty()) return Status::Ok();
  std::string actor = who.user.id;
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    for (const auto& m : masters) {
      journal::NewEntry e;
      e.kind = "audit.viewed";
      e.subject = m;
      e.actor = actor;
      e.at_ms = ctx.now_ms();
      e.data = {{"record", "person"}};
      e.payload = nlohmann::json{{"reason", reason}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
    }
    return nlohmann::json::object();
  });
  return r.status();
}

Status CheckCaller(const Principal& who, const std::string& q, const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kSearchPersons)) return Status::Denied("this role may not search");
  if (CleanField(q).empty()) return Status::Invalid("query_required");
  if (q.size() > kMaxQuery) return Status::Invalid("query_too_long");
  if (domain::IsOversight(who.role) && CleanField(reason).empty()) return Status::Invalid("reason_required");
  return Status::Ok();
}

// Folded words for full text: letters and digits only.
std::vector<std::string> TextWords(const std::string& q) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : SearchKey(q) + " ") {
    bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
    if (keep) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      if (words.size() < 8) words.push_back(cur);
      cur.clear();
    }
  }
  return words;
}

std::vector<std::string> Masters(const std::vector<PersonResult>& v) {
  std::vector<std::string> out;
  for (const auto& p : v) out.push_back(p.master_id);
  return out;
}

}  // namespace

Result<std::vector<PersonResult>> SearchPersons(App& app, const Principal& who, const std::string& q,
                                                const std::string& birth_date, const std::string& reason) {
  SABT_RETURN_IF_ERROR(CheckCaller(who, q, reason));
  if (!birth_date.empty() && !ValidDate(birth_date)) return Status::Invalid("bad_birth_date");
  auto scope = app.catalog().Get()->tree.Subtree(who.user.department);
  std::string clean = CleanField(q);
  Result<std::vector<PersonResult>> found = std::vector<PersonResult>();
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    found = FindPersons(**tx, clean, birth_date, scope, Classify(clean));
  }
  if (!found.ok()) return found.status();
  SABT_RETURN_IF_ERROR(AuditShown(app, who, Masters(*found), CleanField(reason)));
  return found;
}

Result<SearchResult> SearchAll(App& app, const Principal& who, const std::string& q, const std::string& reason) {
  SABT_RETURN_IF_ERROR(CheckCaller(who, q, reason));
  auto scope = app.catalog().Get()->tree.Subtree(who.user.department);
  std::string clean = CleanField(q);
  QueryKind kind = Classify(clean);
  SearchResult out;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    if (kind == QueryKind::kNumber) {
      auto hits = (*tx)->RecordsByNumber(clean, scope);
      if (!hits.ok()) return hits.status();
      out.records = std::move(*hits);
    } else {
      auto persons = FindPersons(**tx, clean, "", scope, kind);
      if (!persons.ok()) return persons.status();
      out.persons = std::move(*persons);
      std::set<std::string> seen;
      const char* match = kind == QueryKind::kDocument ? "document" : kind == QueryKind::kPhone ? "phone" : "name";
      // The found persons' records, person by person, each newest first.
      std::vector<store::MasterRefRow> refs;
      if (!out.persons.empty()) {
        auto* batch_reads = store::PersonBatchOf(**tx);
        if (batch_reads == nullptr) return store::NoPersonBatch();
        auto got = batch_reads->PersonRefsOfMasters(Masters(out.persons), scope);
        if (!got.ok()) return got.status();
        refs = std::move(*got);
      }
      std::map<std::string, std::vector<const store::PersonRefRow*>> by_master;
      for (const auto& mr : refs) by_master[mr.master_id].push_back(&mr.ref);
      for (const auto& p : out.persons)
        for (const auto* r : by_master[p.master_id])
          if (seen.insert(r->record_id).second)
            out.records.push_back({r->kind, r->record_id, r->number, r->department, r->at, match});
      if (kind == QueryKind::kName) {
        auto text = (*tx)->RecordsByText(TextWords(clean), scope, 50);
        if (!text.ok()) return text.status();
        for (auto& h : *text)
          if (seen.insert(h.id).second) out.records.push_back(std::move(h));
      }
    }
  }
  SABT_RETURN_IF_ERROR(AuditShown(app, who, Masters(out.persons), CleanField(reason)));
  return out;
}

Result<MasterView> GetMaster(App& app, const Principal& who, const std::string& person_id, const std::string& reason) {
  if (!domain::Allows(who.role, domain::Action::kSearchPersons)) return Status::Denied("this role may not read persons");
  if (person_id.empty() || person_id.size() > 64) return Status::NotFound("no such person");
  auto scope = app.catalog().Get()->tree.Subtree(who.user.department);
  MasterView v;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto m = (*tx)->PersonMasterOf(person_id);
    if (!m.ok()) return m.status();
    if (!m->has_value()) return Status::NotFound("no such person");
    v.master_id = **m;
    auto rows = (*tx)->PersonsOfMaster(v.master_id);
    if (!rows.ok()) return rows.status();
    v.rows = std::move(*rows);
    std::vector<std::string> ids;
    for (const auto& r : v.rows) ids.push_back(r.id);
    auto refs = (*tx)->PersonRefs(ids, scope);
    if (!refs.ok()) return refs.status();
    v.refs = std::move(*refs);
    auto merges = (*tx)->PersonMergesInto(v.master_id);
    if (!merges.ok()) return merges.status();
    v.merges = std::move(*merges);
  }
  // Nothing in scope: the person's existence does not leak.
  if (v.refs.empty()) return Status::NotFound("no such person");
  if (domain::IsOversight(who.role)) {
    if (CleanField(reason).empty()) return Status::Invalid("reason_required");
    SABT_RETURN_IF_ERROR(AuditShown(app, who, {v.master_id}, CleanField(reason)));
  }
  return v;
}

Result<std::vector<store::PersonRefRow>> SimilarAppeals(App& app, const Principal& who,
                                                        const dp::PersonName& applicant,
                                                        const std::string& id_document, const std::string& since) {
  if (!domain::Allows(who.role, domain::Action::kRegisterAppeal)) return Status::Denied("this role may not register");
  auto scope = app.catalog().Get()->tree.Subtree(who.user.department);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  std::vector<std::string> keys = dp::QueryKeys(applicant.surname + " " + applicant.given_name);
  if (auto d = dp::DocumentKey(id_document); !d.empty()) keys.push_back(d);
  if (keys.empty()) return std::vector<store::PersonRefRow>();
  auto hits = (*tx)->PersonsByKeys(keys, kCandidateLimit);
  if (!hits.ok()) return hits.status();
  std::set<std::string> masters;
  dp::PreparedName query = dp::Prepare(applicant);
  std::string doc_key = dp::DocumentKey(id_document);
  for (const auto& h : *hits) {
    const auto& p = h.person;
    bool same_doc = !doc_key.empty() && dp::DocumentKey(p.id_document) == doc_key;
    bool same_name =
        !applicant.birth_date.empty() &&
        dp::ScoreStructured(query, dp::Prepare({p.surname, p.given_name, p.patronymic, p.birth_date})).score >=
            dp::kOfferThreshold;
    if (same_doc || same_name) masters.insert(h.master_id);
  }
  std::vector<store::PersonRefRow> out;
  if (masters.empty()) return out;
  auto* batch_reads = store::PersonBatchOf(**tx);
  if (batch_reads == nullptr) return store::NoPersonBatch();
  auto refs = batch_reads->PersonRefsOfMasters({masters.begin(), masters.end()}, scope);
  if (!refs.ok()) return refs.status();
  for (auto& mr : *refs)  // newest first
    if (mr.ref.kind == "appeal" && mr.ref.at >= since) out.push_back(std::move(mr.ref));
  return out;
}

Result<std::vector<store::PersonRefRow>> SimilarAppealsOf(App& app, const Principal& who, const std::string& appeal_id) {
  store::AppealRow appeal;
  store::PersonRow person;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto a = (*tx)->Appeal(appeal_id);
    if (!a.ok()) return a.status();
    if (!a->has_value()) return Status::NotFound("no such appeal");
    appeal = **a;
    auto p = (*tx)->Person(appeal.person_id);
    if (!p.ok()) return p.status();
    if (!p->has_value()) return std::vector<store::PersonRefRow>();
    person = **p;
  }
  auto received = ParseRfc3339(appeal.received_at);
  if (!received.ok()) return std::vector<store::PersonRefRow>();
  std::string since = FormatRfc3339Millis(*received - int64_t{30} * 24 * 3600 * 1000);
  auto similar = SimilarAppeals(app, who, {person.surname, person.given_name, person.patronymic, person.birth_date},
                                person.id_document, since);
  if (!similar.ok()) return similar.status();
  std::erase_if(*similar, [&](const store::PersonRefRow& r) { return r.record_id == appeal_id; });
  return similar;
}

}  // namespace sabt::app::persons
