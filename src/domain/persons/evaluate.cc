#include "domain/persons/evaluate.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace sabt::domain::persons {
namespace {

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back().push_back(c);
  }
  return out;
}

bool ParseRecord(std::string_view s, PersonName* p) {
  auto f = Split(s, '|');
  if (f.size() != 4) return false;
  *p = {f[0], f[1], f[2], f[3]};
  return true;
}

std::string Id(const PersonName& p) {
  return p.surname + "|" + p.given_name + "|" + p.patronymic + "|" + p.birth_date;
}

int Find(std::vector<int>& parent, int x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<LabelledPair> ParsePairs(std::string_view text, int* bad) {
  std::vector<LabelledPair> out;
  *bad = 0;
  for (const auto& line : Split(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = Split(line, '\t');
    LabelledPair p;
    if (cols.size() != 3 || (cols[0] != "same" && cols[0] != "diff") || !ParseRecord(cols[1], &p.a) ||
        !ParseRecord(cols[2], &p.b)) {
      ++*bad;
      continue;
    }
    p.same = cols[0] == "same";
    out.push_back(std::move(p));
  }
  return out;
}

Quality Evaluate(const std::vector<LabelledPair>& pairs) {
  std::map<std::string, int> index;
  std::vector<PersonName> pool;
  auto add = [&](const PersonName& p) {
    auto [it, fresh] = index.emplace(Id(p), static_cast<int>(pool.size()));
    if (fresh) pool.push_back(p);
    return it->second;
  };
  std::vector<std::pair<int, int>> idx;
  std::vector<PreparedName> prepared;
  for (const auto& p : pairs) idx.emplace_back(add(p.a), add(p.b));
  for (const auto& p : pool) prepared.push_back(Prepare(p));
  std::vector<int> parent(pool.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < pairs.size(); ++i)
    if (pairs[i].same) parent[Find(parent, idx[i].first)] = Find(parent, idx[i].second);

  // Top 5 offered for each record that is the A of some pair.
  std::map<int, std::vector<int>> offered;
  for (const auto& [a, b] : idx) {
    (void)b;
    if (offered.count(a)) continue;
    std::vector<std::pair<double, int>> scored;
    for (int c = 0; c < static_cast<int>(pool.size()); ++c) {
      if (c == a) continue;
      double s = ScoreStructured(prepared[a], prepared[c]).score;
      if (s >= kOfferThreshold) scored.emplace_back(s, c);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    if (scored.size() > 5) scored.resize(5);
    auto& top = offered[a];
    for (const auto& s : scored) top.push_back(s.second);
  }
  Quality q;
  for (const auto& [a, top] : offered) {
    for (int c : top) {
      ++q.offered;
      if (Find(parent, a) == Find(parent, c)) ++q.correct;
    }
  }
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto& top = offered[idx[i].first];
    bool in = std::find(top.begin(), top.end(), idx[i].second) != top.end();
    if (pairs[i].same) {
      ++q.same_pairs;
      if (in) ++q.found;
    } else {
      ++q.diff_pairs;
      if (in) ++q.diff_offered;
    }
  }
  return q;
}

}  // namespace sabt::domain::persons
