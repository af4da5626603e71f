// Persons and search (issue 16): the script-neutral key of a name part.
// docs/persons-and-search.md §2 is the contract; this file implements it.
// Pure functions, no I/O; thread-safe (ICU use goes through util/text.h).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sabt::domain::persons {

// Ending class of a name part (§2 step 4).
enum class Ending {
  kNone,
  kZoda,         // -зода/-заде/-zoda/-zade
  kMale,         // -ов/-ев/-ov/-ev
  kFemale,       // -ова/-ева/-ova/-eva
  kPatronymM,    // -ович/-евич/-ич, or ибни X
  kPatronymF,    // -овна/-евна/-ична, or духтари X
};

struct NameKey {
  std::string folded;    // ICU-folded text (exact comparison)
  std::string phonetic;  // rewritten Latin skeleton, ending included (§2 step 3)
  std::string root;      // phonetic without its ending
  Ending ending = Ending::kNone;
  bool empty() const { return root.empty(); }
};

// Steps 1-3: the Latin skeleton of one word ("Раҳимзода" -> "rahimzoda",
// "Джамшед" -> "jamshed", "Boboyev" -> "boboev"). Non-letters are dropped.
std::string Skeleton(std::string_view word);

// The key of one name part; a part of several words (a double surname, or
// "ибни Алӣ") keys its words joined, except that the Tajik patronymic markers
// ибни/духтари (and Latin ibni/dukhtari/bin/binti) set the ending instead.
NameKey KeyOf(std::string_view part);

// True for a word that marks the following word as a patronymic.
bool IsPatronymicMarker(std::string_view word);

// Splits free text into words (spaces, commas, semicolons); drops empty
// words and words that contain a digit.
std::vector<std::string> SplitWords(std::string_view text);

// The short name of an ending class, used in explanations.
const char* EndingName(Ending e);

}  // namespace sabt::domain::persons
