// Persons and search (issue 16): the explainable match score of a candidate
// person against a query (docs/persons-and-search.md §4). Pure, no I/O.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/persons/name_key.h"

namespace sabt::domain::persons {

// A person as registered, or a structured query (intake form).
struct PersonName {
  std::string surname, given_name, patronymic, birth_date;  // birth_date YYYY-MM-DD or empty
};

struct Match {
  double score = 0;               // [0, 1]
  std::vector<std::string> why;   // "surname:phonetic", "birth_date:exact", ...
};

// A candidate is offered when its score is at least this (§4 "Threshold").
inline constexpr double kOfferThreshold = 0.75;

// How one name part compares with another: score and the `why` word
// ("exact", "phonetic", "root", "similar", "different", "gender").
struct PartMatch {
  double score = 0;
  const char* how = "different";
};
PartMatch ComparePart(const NameKey& query, const NameKey& candidate);

// Jaro-Winkler similarity of two byte strings, in [0, 1].
double JaroWinkler(std::string_view a, std::string_view b);

// A person's keys computed once (keying runs ICU; scoring many candidates
// against one query should not re-key them).
struct PreparedName {
  NameKey parts[3];  // surname, given name, patronymic
  std::string birth_date;
};
PreparedName Prepare(const PersonName& p);

// Free-text words keyed once: a word after ибни/духтари is a patronymic.
struct PreparedText {
  std::vector<NameKey> words;
  std::vector<bool> patronymic_only;
};
PreparedText PrepareText(std::string_view text);

// Part with part; the better of the given order and surname<->given swapped.
Match ScoreStructured(const PersonName& query, const PersonName& candidate);
Match ScoreStructured(const PreparedName& query, const PreparedName& candidate);

// Free text ("Джамшед Рахимзаде", "Rahimzoda Jamshed ibni Ali"): the words
// are assigned to the candidate's parts by the best assignment; a word left
// over multiplies the score by 0.7.
Match ScoreText(std::string_view text, std::string_view birth_date, const PersonName& candidate);
Match ScoreText(const PreparedText& text, std::string_view birth_date, const PreparedName& candidate);

}  // namespace sabt::domain::persons
