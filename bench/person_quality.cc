// `make bench`: recall and precision of the person matching on the labelled
// set (issue 16; docs/persons-and-search.md §4), the same measurement as the
// unit test PersonQuality (domain::persons::Evaluate), printed as one line.
//
//   person_quality [tests/data/person_pairs.tsv]
#include <cstdio>
#include <fstream>
#include <sstream>

#include "domain/persons/evaluate.h"

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "tests/data/person_pairs.tsv";
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "person_quality: cannot read %s\n", path);
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  int bad = 0;
  auto pairs = sabt::domain::persons::ParsePairs(ss.str(), &bad);
  auto q = sabt::domain::persons::Evaluate(pairs);
  std::printf("person matching, top 5: %zu pairs (%d same, %d different, %d bad lines); recall %.3f (%d/%d), "
              "precision %.3f (%d/%d); goal recall >= 0.95 at precision >= 0.90: %s\n",
              pairs.size(), q.same_pairs, q.diff_pairs, bad, q.recall(), q.found, q.same_pairs, q.precision(),
              q.correct, q.offered, q.recall() >= 0.95 && q.precision() >= 0.90 ? "OK" : "MISSED");
  return q.recall() >= 0.95 && q.precision() >= 0.90 ? 0 : 2;
}
