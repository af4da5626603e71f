#include "domain/persons/score.h"

#include <algorithm>
#include <array>
#include <memory>

namespace sabt::domain::persons {
namespace {

constexpr double kWeights[3] = {0.40, 0.40, 0.20};  // surname, given name, patronymic
constexpr const char* kPartNames[3] = {"surname", "given_name", "patronymic"};

bool GenderConflict(Ending a, Ending b) {
  return (a == Ending::kMale && b == Ending::kFemale) || (a == Ending::kFemale && b == Ending::kMale) ||
         (a == Ending::kPatronymM && b == Ending::kPatronymF) || (a == Ending::kPatronymF && b == Ending::kPatronymM);
}

// The izafet -и of a given name (Ҷамшеди Алӣ): "jamshedi" against "jamshed".
bool IzafetOf(const std::string& longer, const std::string& shorter) {
  return longer.size() == shorter.size() + 1 && longer.back() == 'i' && longer.compare(0, shorter.size(), shorter) == 0;
}

// Birth date factor and its `why` word (§4).
std::pair<double, const char*> BirthFactor(std::string_view q, std::string_view c) {
  if (q.empty() || c.empty()) return {1.0, "missing"};
  if (q == c) return {1.0, "exact"};
  if (q.size() >= 4 && c.size() >= 4 && q.substr(0, 4) == c.substr(0, 4)) return {0.85, "year"};
  return {0.5, "different"};
}


// Combines part results over the parts present on both sides.
Match Combine(const std::array<PartMatch, 3>& parts, const std::array<bool, 3>& present, std::string_view qb,
              std::string_view cb) {
  Match m;
  double sum = 0, weight = 0;
  for (int i = 0; i < 3; ++i) {
    if (!present[i]) {
      m.why.push_back(std::string(kPartNames[i]) + ":missing");
      continue;
    }
    sum += kWeights[i] * parts[i].score;
    weight += kWeights[i];
    m.why.push_back(std::string(kPartNames[i]) + ":" + parts[i].how);
  }
  m.score = weight > 0 ? sum / weight : 0;
  auto [factor, word] = BirthFactor(qb, cb);
  m.score *= factor;
  m.why.push_back(std::string("birth_date:") + word);
  return m;
}

Match ScoreKeys(const NameKey* q, const NameKey* c, std::string_view qb,
                std::string_view cb) {
  std::array<PartMatch, 3> parts;
  std::array<bool, 3> present{};
  for (int i = 0; i < 3; ++i) {
    present[i] = !q[i].empty() && !c[i].empty();
    if (present[i]) parts[i] = ComparePart(q[i], c[i]);
  }
  return Combine(parts, present, qb, cb);
}

}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a == b ? 1.0 : 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  // Names are short: the match flags live on the stack (this runs for every
  // candidate of a search); longer strings take the heap.
  constexpr int kStack = 64;
  bool stack_a[kStack] = {}, stack_b[kStack] = {};
  std::unique_ptr<bool[]> heap;
  bool* ma = stack_a;
  bool* mb = stack_b;
  if (la > kStack || lb > kStack) {
    heap = std::make_unique<bool[]>(static_cast<size_t>(la + lb));  // all false
    ma = heap.get();
    mb = ma + la;
  }
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    for (int j = std::max(0, i - window); j < std::min(lb, i + window + 1); ++j) {
      if (mb[j] || a[i] != b[j]) continue;
      ma[i] = mb[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0;
  int t = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++t;
    ++j;
  }
  const double m = matches;
  const double jaro = (m / la + m / lb + (m - t / 2.0) / m) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1 - jaro);
}

PartMatch ComparePart(const NameKey& q, const NameKey& c) {
  if (q.empty() || c.empty()) return {0, "missing"};
  if (GenderConflict(q.ending, c.ending)) return {0, "gender"};
  if (q.folded == c.folded) return {1.0, "exact"};
  if (q.root == c.root && q.ending == c.ending) return {0.95, "phonetic"};
  if (q.root == c.root || IzafetOf(q.root, c.root) || IzafetOf(c.root, q.root)) return {0.80, "root"};
  double jw = std::max(JaroWinkler(q.phonetic, c.phonetic), JaroWinkler(q.root, c.root));
  if (jw >= 0.88) return {0.9 * jw, "similar"};
  return {0, "different"};
}

PreparedName Prepare(const PersonName& p) {
  PreparedName n;
  n.parts[0] = KeyOf(p.surname);
  n.parts[1] = KeyOf(p.given_name);
  n.parts[2] = KeyOf(p.patronymic);
  n.birth_date = p.birth_date;
  return n;
}

PreparedText PrepareText(std::string_view text) {
  PreparedText t;
  auto split = SplitWords(text);
  for (size_t i = 0; i < split.size() && t.words.size() < 6; ++i) {
    if (IsPatronymicMarker(split[i]) && i + 1 < split.size()) {
      t.words.push_back(KeyOf(split[i] + " " + split[i + 1]));
      t.patronymic_only.push_back(true);
      ++i;
      continue;
    }
    NameKey k = KeyOf(split[i]);
    if (k.empty()) continue;
    t.words.push_back(std::move(k));
    t.patronymic_only.push_back(false);
  }
  return t;
}

Match ScoreStructured(const PersonName& query, const PersonName& candidate) {
  return ScoreStructured(Prepare(query), Prepare(candidate));
}

Match ScoreText(std::string_view text, std::string_view birth_date, const PersonName& candidate) {
  return ScoreText(PrepareText(text), birth_date, Prepare(candidate));
}

Match ScoreStructured(const PreparedName& query, const PreparedName& candidate) {
  const NameKey* c = candidate.parts;
  Match straight = ScoreKeys(query.parts, c, query.birth_date, candidate.birth_date);
  const NameKey q[3] = {query.parts[1], query.parts[0], query.parts[2]};
  Match swapped = ScoreKeys(q, c, query.birth_date, candidate.birth_date);
  if (swapped.score > straight.score + 1e-9) {
    swapped.score *= 0.98;  // the written order is the likelier one on a tie
    swapped.why.push_back("order:swapped");
    return swapped;
  }
  return straight;
}

Match ScoreText(const PreparedText& text, std::string_view birth_date, const PreparedName& candidate) {
  const auto& words = text.words;
  const auto& patronymic_only = text.patronymic_only;
  const NameKey* c = candidate.parts;
  const int n = static_cast<int>(words.size());
  Match best;
  best.why = {"surname:missing", "given_name:missing", "patronymic:missing", "birth_date:missing"};
  if (n == 0) return best;
  // Each part takes one word or none (index n); brute force, at most 7^3.
  std::array<int, 3> pick{};
  bool first = true;
  for (pick[0] = 0; pick[0] <= n; ++pick[0]) {
    for (pick[1] = 0; pick[1] <= n; ++pick[1]) {
      for (pick[2] = 0; pick[2] <= n; ++pick[2]) {
        bool clash = false;
        for (int a = 0; a < 3; ++a)
          for (int b = a + 1; b < 3; ++b) clash = clash || (pick[a] < n && pick[a] == pick[b]);
        if (clash) continue;
        std::array<PartMatch, 3> parts;
        std::array<bool, 3> present{};
        int used = 0;
        bool misplaced = false;
        for (int p = 0; p < 3; ++p) {
          if (pick[p] == n || c[p].empty()) continue;
          if (patronymic_only[pick[p]] && p != 2) misplaced = true;
          present[p] = true;
          parts[p] = ComparePart(words[pick[p]], c[p]);
          ++used;
        }
        if (misplaced || used == 0) continue;
        // A word may stay over only when every part the candidate has is taken.
        int leftover = n - used;
        bool uncovered = false;
        for (int p = 0; p < 3; ++p) uncovered = uncovered || (!c[p].empty() && !present[p]);
        if (leftover > 0 && uncovered) continue;
        // One word over is the patronymic the candidate lacks.
        if (leftover > 0 && c[2].empty()) --leftover;
        Match m = Combine(parts, present, birth_date, candidate.birth_date);
        for (; leftover > 0; --leftover) m.score *= 0.7;
        // The words' order does not matter in free text (officers type both).
        if (first || m.score > best.score + 1e-9) {
          best = std::move(m);
          first = false;
        }
      }
    }
  }
  return best;
}

}  // namespace sabt::domain::persons
