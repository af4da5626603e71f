#include "util/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sabt {
namespace {

using Rows = std::vector<CsvRow>;

Rows MustParse(std::string_view text) {
  auto r = ParseCsv(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : Rows{};
}

TEST(TextCsv, Simple) {
  EXPECT_EQ(MustParse("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(MustParse("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));  // no final newline
  EXPECT_EQ(MustParse(""), Rows{});
  EXPECT_EQ(MustParse("x"), (Rows{{"x"}}));
}

TEST(TextCsv, EmptyFields) {
  EXPECT_EQ(MustParse(",\n"), (Rows{{"", ""}}));
  EXPECT_EQ(MustParse("MIA,,ministry\n"), (Rows{{"MIA", "", "ministry"}}));
  EXPECT_EQ(MustParse("a\n\nb\n"), (Rows{{"a"}, {""}, {"b"}}));
  EXPECT_EQ(MustParse("\"\",x\n"), (Rows{{"", "x"}}));
}

TEST(TextCsv, Crlf) {
  EXPECT_EQ(MustParse("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(MustParse("a,\"x\"\r\n"), (Rows{{"a", "x"}}));
}

TEST(TextCsv, QuotedFields) {
  EXPECT_EQ(MustParse("\"a,b\",c\n"), (Rows{{"a,b", "c"}}));
  EXPECT_EQ(MustParse("\"say \"\"hi\"\"\",x\n"), (Rows{{"say \"hi\"", "x"}}));
  EXPECT_EQ(MustParse("\"line1\nline2\",x\nnext,row\n"),
            (Rows{{"line1\nline2", "x"}, {"next", "row"}}));
  EXPECT_EQ(MustParse("\"crlf\r\ninside\"\r\n"), (Rows{{"crlf\r\ninside"}}));
  EXPECT_EQ(MustParse("x,\"\"\"\"\n"), (Rows{{"x", "\""}}));
}

TEST(TextCsv, Utf8AndBom) {
  EXPECT_EQ(MustParse("\xEF\xBB\xBFкод,ном\nDSH,\"Душанбе, шаҳр\"\n"),
            (Rows{{"код", "ном"}, {"DSH", "Душанбе, шаҳр"}}));
}

void ExpectError(std::string_view text, const std::string& line_part) {
  auto r = ParseCsv(text);
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_NE(r.status().message().find(line_part), std::string::npos)
      << "message: " << r.status().message();
}

TEST(TextCsv, QuoteInsideUnquotedFieldReportsLine) {
  ExpectError("a,b\nc,d\ne,f\"g\n", "CSV line 3:");
  ExpectError("ab\"c\n", "CSV line 1:");
}

TEST(TextCsv, TextAfterClosingQuoteReportsLine) {
  ExpectError("a\n\"x\"y,z\n", "CSV line 2:");
}

TEST(TextCsv, UnterminatedQuoteReportsRowStart) {
  ExpectError("h1,h2\nok,1\n\"never closed,2\nmore\n", "CSV line 3:");
}

TEST(TextCsv, LineNumbersCountEmbeddedNewlines) {
  // Row 2 spans lines 2-3; the bad row starts on line 4.
  ExpectError("h\n\"two\nlines\"\nbad\"\n", "CSV line 4:");
  // Error inside a multi-line row: both the row start and the error line.
  ExpectError("h\n\"a\nb\"x\n", "CSV line 2: unexpected character after closing quote (at line 3)");
}

TEST(TextCsv, BareCrIsAnError) {
  ExpectError("a\rb\n", "CSV line 1:");
}

}  // namespace
}  // namespace sabt
