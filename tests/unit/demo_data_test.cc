// Checks the reference data under data/ and the demo data under data/demo/
// (compiled into the binary, read through util/embedded.h).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "util/csv.h"
#include "util/embedded.h"
#include "util/text.h"

namespace sabt {
namespace {

// A parsed CSV file whose header matched and whose rows all have the header's
// column count. Rows are keyed by column name.
struct Table {
  std::vector<std::map<std::string, std::string>> rows;
};

Table Load(const std::string& path, const std::vector<std::string>& header) {
  Table t;
  auto file = embedded::Find(path);
  EXPECT_TRUE(file.has_value()) << path << " is not embedded";
  if (!file) return t;
  EXPECT_TRUE(IsValidUtf8(*file)) << path;
  auto parsed = ParseCsv(*file);
  EXPECT_TRUE(parsed.ok()) << path << ": " << parsed.status().ToString();
  if (!parsed.ok() || parsed->empty()) return t;
  EXPECT_EQ((*parsed)[0], header) << path;
  for (size_t i = 1; i < parsed->size(); ++i) {
    const CsvRow& row = (*parsed)[i];
    EXPECT_EQ(row.size(), header.size()) << path << " record " << i + 1;
    if (row.size() != header.size()) continue;
    std::map<std::string, std::string> m;
    for (size_t c = 0; c < row.size(); ++c) {
      // Every field is already clean: NFC, trimmed, no controls.
      EXPECT_EQ(CleanField(row[c]), row[c]) << path << " record " << i + 1;
      m[header[c]] = row[c];
    }
    t.rows.push_back(std::move(m));
  }
  return t;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Table Departments() {
  return Load("data/demo/departments.csv",
              {"code", "parent_code", "kind", "name_tg", "name_ru", "name_en"});
}

TEST(DemoData, DepartmentsTree) {
  Table t = Departments();
  ASSERT_FALSE(t.rows.empty());
  std::map<std::string, std::map<std::string, std::string>> by_code;
  for (const auto& r : t.rows) {
    EXPECT_TRUE(by_code.emplace(r.at("code"), r).second) << "duplicate " << r.at("code");
  }
  std::map<std::string, int> kinds;
  std::map<std::string, int> mobiles_per_district;
  for (const auto& r : t.rows) {
    const std::string& kind = r.at("kind");
    const std::string& parent = r.at("parent_code");
    ++kinds[kind];
    EXPECT_TRUE(EndsWith(r.at("name_en"), " (demo)")) << r.at("code");
    EXPECT_FALSE(r.at("name_tg").empty());
    EXPECT_FALSE(r.at("name_ru").empty());
    if (kind == "ministry") {
      EXPECT_EQ(r.at("code"), "MIA");
      EXPECT_TRUE(parent.empty());
      continue;
    }
    auto p = by_code.find(parent);
    ASSERT_NE(p, by_code.end()) << r.at("code") << " has unknown parent " << parent;
    const std::string& parent_kind = p->second.at("kind");
    if (kind == "region") {
      EXPECT_EQ(parent_kind, "ministry") << r.at("code");
    } else if (kind == "district") {
      EXPECT_EQ(parent_kind, "region") << r.at("code");
      EXPECT_EQ(r.at("code").rfind(parent + "-", 0), 0u) << r.at("code");
      mobiles_per_district.emplace(r.at("code"), 0);
    } else if (kind == "mobile") {
      EXPECT_EQ(parent_kind, "district") << r.at("code");
      EXPECT_EQ(r.at("code").rfind(parent + "-M", 0), 0u) << r.at("code");
      ++mobiles_per_district[parent];
    } else {
      ADD_FAILURE() << "bad kind " << kind;
    }
  }
  EXPECT_EQ(kinds["ministry"], 1);
  EXPECT_EQ(kinds["region"], 5);
  for (const char* region : {"SUG", "KHT", "GBA", "DRS", "DSH"}) {
    EXPECT_EQ(by_code.count(region), 1u) << region;
  }
  EXPECT_EQ(kinds["district"], 9);
  EXPECT_EQ(mobiles_per_district.size(), 9u);
  for (const auto& [district, n] : mobiles_per_district) {
    EXPECT_EQ(n, 1) << district;
  }
}

TEST(DemoData, NamesPerKindAndTajikLetters) {
  Table t = Load("data/demo/names.csv", {"kind", "value"});
  const std::set<std::string> kinds = {"surname_m", "surname_zoda", "given_m", "given_f",
                                       "father_given"};
  std::map<std::string, std::set<std::string>> values;
  std::string all;
  for (const auto& r : t.rows) {
    const std::string& v = r.at("value");
    EXPECT_EQ(kinds.count(r.at("kind")), 1u) << r.at("kind");
    EXPECT_TRUE(IsValidUtf8(v)) << v;
    EXPECT_EQ(NormalizeNfc(v), v) << v;
    EXPECT_FALSE(v.empty());
    EXPECT_GE(Utf8Length(v), 3u) << v;
    EXPECT_TRUE(values[r.at("kind")].insert(v).second) << "duplicate " << v;
    if (r.at("kind") == "surname_zoda") {
      EXPECT_TRUE(EndsWith(v, "зода")) << v;
    }
    all += v + " ";
  }
  for (const auto& k : kinds) EXPECT_GE(values[k].size(), 30u) << k;
  // Each Tajik letter occurs (in some case), and names start with capitals.
  std::string folded = FoldCase(all);
  for (const char* letter : {"ғ", "ӣ", "қ", "ӯ", "ҳ", "ҷ"}) {
    EXPECT_NE(folded.find(letter), std::string::npos) << letter;
  }
  for (const char* capital : {"Ғ", "Қ", "Ӯ", "Ҳ", "Ҷ"}) {
    EXPECT_NE(all.find(capital), std::string::npos) << capital;
  }
}

TEST(DemoData, PlacesBelongToPilotDistricts) {
  std::set<std::string> districts;
  for (const auto& r : Departments().rows) {
    if (r.at("kind") == "district") districts.insert(r.at("code"));
  }
  Table t = Load("data/demo/places.csv", {"district_code", "village"});
  std::map<std::string, std::set<std::string>> per_district;
  for (const auto& r : t.rows) {
    EXPECT_EQ(districts.count(r.at("district_code")), 1u) << r.at("district_code");
    EXPECT_TRUE(per_district[r.at("district_code")].insert(r.at("village")).second)
        << "duplicate " << r.at("village");
  }
  EXPECT_EQ(per_district.size(), districts.size());
  for (const auto& [d, places] : per_district) {
    EXPECT_GE(places.size(), 4u) << d;
    EXPECT_LE(places.size(), 8u) << d;
  }
}

std::set<std::string> CategoryCodes() {
  std::set<std::string> codes;
  Table t = Load("data/appeal_categories.csv",
                 {"code", "name_tg", "name_ru", "name_en", "deadline_days", "extra_study"});
  for (const auto& r : t.rows) {
    EXPECT_TRUE(codes.insert(r.at("code")).second) << r.at("code");
    const std::string& extra = r.at("extra_study");
    EXPECT_TRUE(extra == "yes" || extra == "no") << extra;
    EXPECT_EQ(r.at("deadline_days"), extra == "yes" ? "30" : "15") << r.at("code");
  }
  return codes;
}

TEST(DemoData, AppealCategoriesAndTexts) {
  std::set<std::string> codes = CategoryCodes();
  EXPECT_EQ(codes, (std::set<std::string>{"complaint", "application", "report_of_crime",
                                          "lost_document", "neighbour_dispute", "domestic",
                                          "traffic", "information_request"}));
  Table t = Load("data/demo/appeal_texts.csv", {"category", "summary_tg"});
  EXPECT_GE(t.rows.size(), 35u);
  std::set<std::string> used;
  for (const auto& r : t.rows) {
    EXPECT_EQ(codes.count(r.at("category")), 1u) << r.at("category");
    EXPECT_GE(Utf8Length(r.at("summary_tg")), 20u) << r.at("summary_tg");
    used.insert(r.at("category"));
  }
  EXPECT_EQ(used, codes);
}

TEST(DemoData, ClassifierSampleIsMarked) {
  Table t = Load("data/classifier-sample.csv",
                 {"article", "part", "severity", "title_tg", "title_ru", "title_en", "sample"});
  EXPECT_GE(t.rows.size(), 15u);
  const std::set<std::string> severities = {"small", "medium", "grave", "especially_grave"};
  std::set<std::string> keys;
  for (const auto& r : t.rows) {
    EXPECT_EQ(r.at("sample"), "yes");
    EXPECT_TRUE(EndsWith(r.at("title_en"), " (sample, not the official code)")) << r.at("title_en");
    EXPECT_EQ(severities.count(r.at("severity")), 1u) << r.at("severity");
    EXPECT_EQ(r.at("article").find_first_not_of("0123456789"), std::string::npos);
    EXPECT_EQ(r.at("part").find_first_not_of("0123456789"), std::string::npos);
    EXPECT_TRUE(keys.insert(r.at("article") + "." + r.at("part")).second) << r.at("article");
  }
}

TEST(DemoData, Channels) {
  Table t = Load("data/channels.csv", {"code", "name_tg", "name_ru", "name_en"});
  std::set<std::string> codes;
  for (const auto& r : t.rows) codes.insert(r.at("code"));
  EXPECT_EQ(codes, (std::set<std::string>{"desk", "mobile", "phone", "letter", "online"}));
  EXPECT_EQ(t.rows.size(), 5u);
}

}  // namespace
}  // namespace sabt
