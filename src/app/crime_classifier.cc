#include "app/crime_classifier.h"

#include "util/embedded.h"

namespace sabt::app {

ClassifierImport ImportClassifier(App& app, std::string_view csv, const std::string& actor, int64_t expected_version) {
  ClassifierImport out;
  auto parsed = domain::ParseClassifierCsv(csv);
  if (auto* p = std::get_if<std::vector<domain::LineProblem>>(&parsed)) {
    out.problems = std::move(*p);
    out.reply = Status::Invalid("invalid classifier file");
    return out;
  }
  nlohmann::json rows = nlohmann::json::array();
  bool sample = false;
  for (const auto& a : std::get<std::vector<domain::Article>>(parsed)) {
    sample = sample || a.sample;
    rows.push_back({{"article", a.article},
                    {"part", a.part},
                    {"severity", std::string(domain::SeverityId(a.severity))},
                    {"title_tg", a.title_tg},
                    {"title_ru", a.title_ru},
                    {"title_en", a.title_en},
                    {"sample", a.sample}});
  }
  out.reply = app.writer().Run([rows, sample, actor, expected_version](WriteContext& ctx) -> Result<nlohmann::json> {
    // The version is taken inside the writer: two imports cannot share one.
    auto v = ctx.tx().ClassifierVersion();
    if (!v.ok()) return v.status();
    if (expected_version >= 0 && *v != expected_version)
      return Status::Conflict("the classifier changed since the preview");
    journal::NewEntry e;
    e.kind = "classifier.imported";
    e.subject = "classifier";
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"version", *v + 1}, {"sample", sample}, {"rows", rows}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"version", *v + 1}, {"rows", rows.size()}};
  });
  return out;
}

const store::ClassifierRow* Classifier::Find(const std::string& article, const std::string& part) const {
  for (const auto& a : articles)
    if (a.article == article && a.part == part) return &a;
  return nullptr;
}

Result<Classifier> LoadClassifier(store::ReadTx& tx, int64_t version) {
  Classifier c;
  if (version <= 0) {
    auto v = tx.ClassifierVersion();
    if (!v.ok()) return v.status();
    version = *v;
  }
  c.version = version;
  if (version == 0) return c;
  auto rows = tx.ClassifierArticles(version);
  if (!rows.ok()) return rows.status();
  c.articles = std::move(*rows);
  for (const auto& a : c.articles) c.sample = c.sample || a.sample;
  return c;
}

Result<Classifier> LoadClassifier(App& app, int64_t version) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return LoadClassifier(**tx, version);
}

Status LoadDefaultClassifier(App& app) {
  auto c = LoadClassifier(app);
  if (!c.ok()) return c.status();
  if (c->version > 0) return Status::Ok();
  auto f = embedded::Find("data/classifier-sample.csv");
  if (!f) return Status::NotFound("data/classifier-sample.csv is not embedded");
  auto r = ImportClassifier(app, *f, "system");
  if (!r.problems.empty()) return Status::Corruption("data/classifier-sample.csv: line " +
                                                     std::to_string(r.problems[0].line) + ": " + r.problems[0].message);
  return r.reply.status();
}

}  // namespace sabt::app
