// The concealment guard's keyword matcher: does an appeal's text contain a
// word from the admin-editable crime keyword list (data/crime_keywords.csv,
// Tajik and Russian)? Pure: the caller passes the list it loaded.
//
// Matching is on case-folded NFC text (util/text.h FoldCase), split into
// words of letters and digits (Cyrillic incl. the Tajik letters ғ ӣ қ ӯ ҳ ҷ,
// Latin, digits). A keyword is one or more words; a "stem" keyword matches a
// text word that begins with it (убий → убийство, убийца), a "word" keyword
// only the same word. A keyword of several words matches the same number of
// consecutive text words. Stems shorter than 3 letters match whole words only,
// so a short stem cannot flag half the appeals.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace sabt::domain {

struct CrimeKeyword {
  std::string text;   // as in the list, any case
  bool stem = true;   // false: whole words only
};

class KeywordMatcher {
 public:
  static KeywordMatcher Build(const std::vector<CrimeKeyword>& keywords);
  // True when any keyword occurs in `text`.
  bool Matches(std::string_view text) const;
  // The keywords (folded form) that occur in `text`, in list order.
  std::vector<std::string> Hits(std::string_view text) const;
  bool empty() const { return keys_.empty(); }

 private:
  struct Key {
    std::vector<std::string> words;  // folded
    bool stem = true;
    std::string folded;
  };
  std::vector<Key> keys_;
};

// Splits already folded text into words (letters, digits, combining marks).
std::vector<std::string> SplitWords(std::string_view folded);

}  // namespace sabt::domain
