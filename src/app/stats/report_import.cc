#include "app/stats/report_import.h"

#include "app/stats/report_def.h"
#include "app/writer.h"

namespace sabt::app::stats {

Result<nlohmann::json> ImportReportDef(App& app, std::string_view json_text, const std::string& actor) {
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return Status::Invalid("the file is not JSON");
  auto def = ParseReportDef(j);
  if (!def.ok()) return def.status();
  std::string id = def->id;
  return app.writer().Run([j, id, actor](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = std::string(kReportEntryKind);
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = j;
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"id", id}, {"entry", ap->index}};
  });
}

}  // namespace sabt::app::stats
