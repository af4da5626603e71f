// Persons and search (issue 16): blocking keys that bring candidates for the
// score (docs/persons-and-search.md §3). Pure, no I/O.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/persons/score.h"

namespace sabt::domain::persons {

// Keys of a registered person: n:, p:, s: from surname and given name, d: of
// the ID document and t: of the phone when present. Sorted, no duplicates;
// empty for a blanked (erased) person.
std::vector<std::string> PersonKeys(const PersonName& name, std::string_view id_document, std::string_view phone);

// Keys to look up for free text: n:/p: of every pair of words, or s: of a
// single word. Sorted, no duplicates.
std::vector<std::string> QueryKeys(std::string_view text);

// "d:" + the document folded to letters and digits ("A 12-34567" -> "d:a1234567"),
// or "" when it has fewer than 5 digits.
std::string DocumentKey(std::string_view id_document);

// "t:" + the last 9 digits of a phone ("+992 (93) 123-45-67" -> "t:931234567"),
// or "" when it has fewer than 7 digits.
std::string PhoneKey(std::string_view phone);

}  // namespace sabt::domain::persons
