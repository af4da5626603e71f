// Persons and search (issue 16): recall and precision of the top 5 candidates
// over a labelled set of pairs (docs/persons-and-search.md §4 "Threshold").
// Shared by the unit test and `make bench`. Pure: the caller reads the file.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/persons/score.h"

namespace sabt::domain::persons {

struct LabelledPair {
  bool same = false;
  PersonName a, b;
};

// Parses tests/data/person_pairs.tsv text: "same|diff \t s|g|p|d \t s|g|p|d";
// lines starting with '#' and blank lines are skipped. Bad lines are skipped
// and counted in *bad.
std::vector<LabelledPair> ParsePairs(std::string_view text, int* bad);

struct Quality {
  int same_pairs = 0, found = 0;     // recall = found / same_pairs
  int offered = 0, correct = 0;      // precision = correct / offered
  int diff_pairs = 0, diff_offered = 0;  // negatives whose B is offered for A
  double recall() const { return same_pairs ? double(found) / same_pairs : 0; }
  double precision() const { return offered ? double(correct) / offered : 1; }
};

// The pool is every distinct record of the set; identity is the closure of
// the "same" pairs. For every record A of a pair, the candidates are the
// best 5 other records scoring at least kOfferThreshold (ScoreStructured).
Quality Evaluate(const std::vector<LabelledPair>& pairs);

}  // namespace sabt::domain::persons
