// The concealment guard's keyword matcher (domain/crime_keywords.h).
#include <gtest/gtest.h>

#include "domain/crime_keywords.h"
#include "domain/file_type.h"

namespace sabt::domain {
namespace {

KeywordMatcher Sample() {
  return KeywordMatcher::Build({{"ғорат", true},
                                {"убий", true},
                                {"маводи мухаддир", true},
                                {"ҷиноят", true},
                                {"нож", false},
                                {"ор", true}});
}

TEST(CrimeKeywordsTest, TajikStemMatchesAnInflectedWordWithSpecialLetters) {
  auto m = Sample();
  EXPECT_TRUE(m.Matches("Ҳамсоя молҳоямро ғорат кард."));
  EXPECT_TRUE(m.Matches("ҒОРАТГАРОН ба хона даромаданд"));    // capitals fold, longer word
  EXPECT_TRUE(m.Matches("Дар бораи ҷиноятҳо хабар медиҳам"));
}

TEST(CrimeKeywordsTest, RussianStemMatchesInflectionsInAnyCase) {
  auto m = Sample();
  EXPECT_TRUE(m.Matches("Сосед угрожал убийством"));
  EXPECT_TRUE(m.Matches("УБИЙСТВО на улице"));
}

TEST(CrimeKeywordsTest, StemsMatchOnlyAtTheStartOfAWord) {
  auto m = Sample();
  EXPECT_FALSE(m.Matches("Ин кори беғоратӣ буд"));  // "ғорат" inside a word
  EXPECT_FALSE(m.Matches("горат"));                 // г is not ғ
  EXPECT_FALSE(m.Matches("Загорать на солнце"));
}

TEST(CrimeKeywordsTest, WholeWordKeywordsDoNotMatchLongerWords) {
  auto m = Sample();
  EXPECT_TRUE(m.Matches("у него был нож."));
  EXPECT_FALSE(m.Matches("ножницы пропали из кабинета"));
}

TEST(CrimeKeywordsTest, ShortStemsMatchWholeWordsOnly) {
  auto m = Sample();
  EXPECT_FALSE(m.Matches("Орзу дорам, ки роҳ таъмир шавад"));
  EXPECT_TRUE(m.Matches("ор ва номус"));
}

TEST(CrimeKeywordsTest, PhrasesMatchConsecutiveWords) {
  auto m = Sample();
  EXPECT_TRUE(m.Matches("фурӯши маводи мухаддир дар мактаб"));
  EXPECT_FALSE(m.Matches("маводи сохтмонӣ ва мухаддир"));
}

TEST(CrimeKeywordsTest, DecomposedInputIsNormalisedBeforeMatching) {
  // "роҳзанӣ" typed with "и" + U+0304 COMBINING MACRON instead of "ӣ".
  auto m = KeywordMatcher::Build({{"роҳзанӣ", true}});
  EXPECT_TRUE(m.Matches("Дар роҳ роҳзани\xCC\x84 шуд"));
  EXPECT_FALSE(m.Matches("Дар роҳ роҳзан буд"));
}

TEST(CrimeKeywordsTest, TextWithoutKeywordsDoesNotMatchAndHitsNameTheKeyword) {
  auto m = Sample();
  EXPECT_FALSE(m.Matches("Ҳамсоя шабона садои баланд мебарорад."));
  auto hits = m.Hits("Ғорат ва убийство");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0], "ғорат");
  EXPECT_EQ(hits[1], "убий");
  EXPECT_TRUE(KeywordMatcher::Build({}).empty());
}

TEST(FileTypeTest, TypeComesFromTheContentNotTheName) {
  EXPECT_EQ(SniffAttachmentType(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)), "image/png");
  EXPECT_EQ(SniffAttachmentType("%PDF-1.4\n"), "application/pdf");
  EXPECT_EQ(SniffAttachmentType(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10)), "image/jpeg");
  EXPECT_EQ(SniffAttachmentType(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(SniffAttachmentType(std::string("II*\0\x08\0\0\0\0", 9)), "image/tiff");
  EXPECT_EQ(SniffAttachmentType("this is a text file named photo.jpg"), "");
  EXPECT_EQ(SniffAttachmentType(""), "");
}

TEST(FileTypeTest, FileNamesAreReducedToASafeLastComponent) {
  EXPECT_EQ(SafeFileName("C:\\scans\\ариза.pdf", "application/pdf"), "ариза.pdf");
  EXPECT_EQ(SafeFileName("../../etc/\"x\";.png", "image/png"), "x.png");
  EXPECT_EQ(SafeFileName("", "image/jpeg"), "attachment.jpg");
}

}  // namespace
}  // namespace sabt::domain
