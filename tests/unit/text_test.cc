#include "util/text.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace sabt {
namespace {

struct TajikLetter {
  const char* upper;
  const char* lower;
  const char* key;  // Russian-spelling letter used by SearchKey
};

// Written with escapes so that the test does not depend on how an editor
// stores the literal letters.
const TajikLetter kTajikLetters[] = {
    {"\u0492", "\u0493", "\u0433"},  // Ғ ғ -> г
    {"\u04E2", "\u04E3", "\u0438"},  // Ӣ ӣ -> и
    {"\u049A", "\u049B", "\u043A"},  // Қ қ -> к
    {"\u04EE", "\u04EF", "\u0443"},  // Ӯ ӯ -> у
    {"\u04B2", "\u04B3", "\u0445"},  // Ҳ ҳ -> х
    {"\u04B6", "\u04B7", "\u0447"},  // Ҷ ҷ -> ч
};

TEST(TextUtf8, Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Раҳимзода Ғуломов"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));                   // U+1F600
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));          // NUL is valid
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));                          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));                      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));                      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));                  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xD2"));                              // truncated ғ
  EXPECT_FALSE(IsValidUtf8("\x80"));                              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(TextUtf8, Length) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("Ҷамшед"), 6u);
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1u);
  for (const auto& l : kTajikLetters) {
    EXPECT_EQ(Utf8Length(l.upper), 1u);
    EXPECT_EQ(Utf8Length(l.lower), 1u);
  }
}

TEST(TextNfc, ComposesMacronLetters) {
  // ӣ and ӯ (and capitals) have canonical decompositions with U+0304.
  EXPECT_EQ(NormalizeNfc("\u0438\u0304"), "\u04E3");  // и + macron -> ӣ
  EXPECT_EQ(NormalizeNfc("\u0418\u0304"), "\u04E2");  // И + macron -> Ӣ
  EXPECT_EQ(NormalizeNfc("\u0443\u0304"), "\u04EF");  // у + macron -> ӯ
  EXPECT_EQ(NormalizeNfc("\u0423\u0304"), "\u04EE");  // У + macron -> Ӯ
  EXPECT_EQ(NormalizeNfc("\u0438\u0306"), "\u0439");  // и + breve -> й
  EXPECT_EQ(NormalizeNfc("\u0435\u0308"), "\u0451");  // е + diaeresis -> ё
  EXPECT_EQ(NormalizeNfc("Сомони\u0304"), "Сомонӣ");
}

TEST(TextNfc, TajikLettersAreStable) {
  for (const auto& l : kTajikLetters) {
    EXPECT_EQ(NormalizeNfc(l.upper), l.upper);
    EXPECT_EQ(NormalizeNfc(l.lower), l.lower);
  }
}

TEST(TextNfc, IllFormedBecomesReplacementChar) {
  std::string out = NormalizeNfc("a\xFF" "b");
  EXPECT_EQ(out, "a\uFFFDb");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(TextFoldCase, TajikCapitals) {
  for (const auto& l : kTajikLetters) {
    EXPECT_EQ(FoldCase(l.upper), l.lower) << l.upper;
    EXPECT_EQ(FoldCase(l.lower), l.lower) << l.lower;
  }
  EXPECT_EQ(FoldCase("ҒАФУРОВ Ӯғилой ҶАМШЕД"), "ғафуров ӯғилой ҷамшед");
  EXPECT_EQ(FoldCase("RAHIMZODA"), "rahimzoda");
  EXPECT_EQ(FoldCase("Straße"), "strasse");  // full folding
  EXPECT_EQ(FoldCase("\u0418\u0304"), "\u04E3");  // decomposed Ӣ -> ӣ (NFC)
}

TEST(TextSearchKey, EveryTajikLetter) {
  for (const auto& l : kTajikLetters) {
    EXPECT_EQ(SearchKey(l.upper), l.key) << l.upper;
    EXPECT_EQ(SearchKey(l.lower), l.key) << l.lower;
  }
  // Decomposed ӣ / ӯ give the same key as the composed letters.
  EXPECT_EQ(SearchKey("\u0438\u0304"), "и");
  EXPECT_EQ(SearchKey("\u0423\u0304"), "у");
}

TEST(TextSearchKey, Examples) {
  EXPECT_EQ(SearchKey("Раҳимзода Ғуломов"), "рахимзода гуломов");
  EXPECT_EQ(SearchKey("  ҚОДИРОВ \t Ҷалол\n"), "кодиров чалол");
  EXPECT_EQ(SearchKey("Исмоили Сомонӣ"), "исмоили сомони");
  EXPECT_EQ(SearchKey("Ӯғилой"), "угилои");  // й -> и: breve removed (documented)
  EXPECT_EQ(SearchKey("Ёқуб"), "екуб");      // ё -> е
}

TEST(TextSearchKey, RussianSpellingsMatchTajik) {
  EXPECT_EQ(SearchKey("Рахимзода"), SearchKey("Раҳимзода"));
  EXPECT_EQ(SearchKey("Кодиров"), SearchKey("Қодиров"));
  EXPECT_EQ(SearchKey("Гафуров"), SearchKey("Ғафуров"));
  EXPECT_EQ(SearchKey("Чалолов"), SearchKey("Ҷалолов"));
  EXPECT_EQ(SearchKey("Джалолов"), SearchKey("Ҷалолов"));  // дж digraph
  EXPECT_EQ(SearchKey("ДЖАМШЕД"), SearchKey("Ҷамшед"));
  EXPECT_EQ(SearchKey("Некруз"), SearchKey("Некрӯз"));
  EXPECT_EQ(SearchKey("Наби"), SearchKey("Набӣ"));
  EXPECT_EQ(SearchKey("ХАСАНОВ"), SearchKey("ҳасанов"));
  EXPECT_NE(SearchKey("Каримов"), SearchKey("Раҳимов"));
}

TEST(TextSearchKey, LatinFoldsToLowerAscii) {
  EXPECT_EQ(SearchKey("RAHIMZODA Firdavs"), "rahimzoda firdavs");
  EXPECT_EQ(SearchKey("Ūghiloy Somonī"), "ughiloy somoni");
  EXPECT_EQ(SearchKey("Ismoil\u00A0\u00A0Jamshed"), "ismoil jamshed");
}

TEST(TextCleanField, TrimsAndCollapses) {
  EXPECT_EQ(CleanField(""), "");
  EXPECT_EQ(CleanField("   "), "");
  EXPECT_EQ(CleanField("  Раҳимзода   Ғуломов  "), "Раҳимзода Ғуломов");
  EXPECT_EQ(CleanField("\tҶамшед\r\n\nҚодиров\u00A0"), "Ҷамшед Қодиров");
  EXPECT_EQ(CleanField("\u3000a\u2028b\u2003c\u202F"), "a b c");
}

TEST(TextCleanField, StripsControlsAndHiddenFormatChars) {
  EXPECT_EQ(CleanField("a\x01" "b\x7F" "c"), "abc");
  EXPECT_EQ(CleanField("a \x01 b"), "a b");
  EXPECT_EQ(CleanField("\uFEFFҲамида"), "Ҳамида");
  EXPECT_EQ(CleanField("Ҳа\u200Bмида"), "Ҳамида");
  EXPECT_EQ(CleanField("\u202Eабв\u202C"), "абв");  // bidi override
  EXPECT_EQ(CleanField("\u0085x\u0085"), "x");     // NEL is whitespace
  EXPECT_EQ(CleanField("a\u200Cb"), "a\u200Cb");   // ZWNJ kept
}

TEST(TextCleanField, NormalizesToNfc) {
  EXPECT_EQ(CleanField(" Сомони\u0304 "), "Сомонӣ");
  // A control between base and mark is removed first, then NFC composes.
  EXPECT_EQ(CleanField("\u0438\x01\u0304"), "\u04E3");
}

TEST(TextCleanField, Idempotent) {
  for (const char* s : {"  a  b ", "\u0438\u0304 x", "Ҷ\tҚ\n", "\u202E x \u200B"}) {
    std::string once = CleanField(s);
    EXPECT_EQ(CleanField(once), once);
  }
}

TEST(TextTransliterate, TajikLetters) {
  EXPECT_EQ(TransliterateTajik("ҳ ҷ қ ғ ӣ ӯ"), "h j q gh ī ū");
  EXPECT_EQ(TransliterateTajik("Ҳ Ҷ Қ Ғ Ӣ Ӯ"), "H J Q Gh Ī Ū");
  EXPECT_EQ(TransliterateTajik("\u0438\u0304"), "ī");  // decomposed input
}

TEST(TextTransliterate, Names) {
  EXPECT_EQ(TransliterateTajik("Раҳимзода Ғуломов"), "Rahimzoda Ghulomov");
  EXPECT_EQ(TransliterateTajik("Ҷамшед Раҳимзода, Хуҷанд"), "Jamshed Rahimzoda, Khujand");
  EXPECT_EQ(TransliterateTajik("Исмоили Сомонӣ"), "Ismoili Somonī");
  EXPECT_EQ(TransliterateTajik("Шоҳмансур"), "Shohmansur");
  EXPECT_EQ(TransliterateTajik("Ӯғилой"), "Ūghiloy");
  EXPECT_EQ(TransliterateTajik("ҒАФУРОВ"), "GHAFUROV");
  EXPECT_EQ(TransliterateTajik("Ёқуб Юсуф Яҳё"), "Yoqub Yusuf Yahyo");
  EXPECT_EQ(TransliterateTajik("шуъба"), "shu'ba");
  EXPECT_EQ(TransliterateTajik("Passport AB1234"), "Passport AB1234");
}

TEST(TextConcurrency, ManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 200; ++i) {
        if (TransliterateTajik("Раҳимзода") != "Rahimzoda") ++failures[t];
        if (SearchKey("Раҳимзода") != "рахимзода") ++failures[t];
        if (CleanField(" Ҷ  Қ ") != "Ҷ Қ") ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace sabt
