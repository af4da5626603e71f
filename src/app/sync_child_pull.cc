#include "app/sync_child_pull.h"

#include "app/sync_child.h"
#include "app/sync_forward.h"
#include "app/sync_pull.h"
#include "journal/appender.h"
#include "journal/checkpoint.h"
#include "util/clock.h"
#include "util/json_str.h"
#include "util/zstd.h"

namespace sabt::app {

nlohmann::json AnswerJson(const http::ClientResponse& r) {
  auto type = r.headers.find("content-type");
  if (type != r.headers.end() && type->second.rfind("application/zstd", 0) == 0) {
    auto raw = ZstdDecompress(r.body, 64u << 20);
    if (!raw.ok()) return nlohmann::json::value_t::discarded;
    return nlohmann::json::parse(*raw, nullptr, false);
  }
  return nlohmann::json::parse(r.body, nullptr, false);
}

bool RaisePullCounter(App& app, const http::ClientResponse& r, const nlohmann::json& answer) {
  if (r.status != 403 || !answer.is_object() || JsonStr(answer, "error") != "replayed") return false;
  const auto it = answer.find("counter");
  if (it == answer.end() || !it->is_number_integer()) return false;
  auto link = ReadLink(app);
  if (!link.ok()) return false;
  const int64_t parent = it->get<int64_t>();
  if (parent < link->value("pull_counter", int64_t{0})) return false;
  return UpdateLink(app, {{"pull_counter", parent}}).ok();
}

Result<nlohmann::json> PullHave(App& app, const nlohmann::json& link) {
  nlohmann::json have = link.value("pull_have", nlohmann::json::object());
  if (!have.is_object()) have = nlohmann::json::object();
  // A district gets no statuses (§13); a laptop sends the version of its own,
  // which its own steps change (§7).
  nlohmann::json mine = nlohmann::json::array();
  if (app.config().role != "district") {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto page = (*tx)->Appeals({JsonStr(link, "department")}, 0, 100000);
    if (!page.ok()) return page.status();
    mine = AppealStatuses(page->rows, JsonStr(link, "series"));
  }
  have["appeals"] = SectionVersion(nlohmann::json{{"appeals", std::move(mine)}}, "appeals");
  return have;
}

Result<std::string> SignPull(App& app, const nlohmann::json& have) {
  if (!app.key()) return Status::Unavailable("this node has no key");
  // Strictly increasing, even when the clock is set back (§7.1).
  auto fresh = ReadLink(app);
  if (!fresh.ok()) return fresh.status();
  const int64_t counter = std::max(app.clock().NowMillis(), fresh->value("pull_counter", int64_t{0}) + 1);
  SABT_RETURN_IF_ERROR(UpdateLink(app, {{"pull_counter", counter}}));
  return SignNote(PullNoteText(app.config().origin, counter, have), app.key()->name, app.key()->key);
}

Status RecordPulled(App& app, nlohmann::json answer, const nlohmann::json& have) {
  if (!answer.is_object()) return Status::Invalid("pull answer is not a JSON object");
  auto link = ReadLink(app);
  if (!link.ok()) return link.status();
  nlohmann::json held = link->value("pull_have", nlohmann::json::object());
  if (!held.is_object()) held = nlohmann::json::object();
  // Only what changed is recorded: a section equal to the last one received,
  // or (appeals) to the laptop's own statuses, is left out (§7).
  for (const char* s : kPullSections) {
    const std::string v = SectionVersion(answer, s);
    if (v.empty()) continue;
    const bool same = v == JsonStr(held, s) || (std::string_view(s) == "appeals" && v == JsonStr(have, s));
    held[s] = v;
    if (!same) continue;
    answer.erase(s);
    if (std::string_view(s) == "users") answer.erase("password_hashes");
  }
  const std::string now = FormatRfc3339Millis(app.clock().NowMillis());
  bool any = false;
  for (const char* s : kPullSections) any = any || answer.contains(s);
  if (!any) return UpdateLink(app, {{"pull_have", held}, {"last_pull_at", now}});
  std::optional<nlohmann::json> payload;
  if (answer.contains("users")) payload = nlohmann::json{{"password_hashes", answer.value("password_hashes", nlohmann::json::object())}};
  answer.erase("password_hashes");
  std::string subject = app.config().origin;
  auto r = app.writer().Run([answer, payload, subject](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "sync.pulled";
    e.subject = subject;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    e.data = answer;
    e.payload = payload;
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  return UpdateLink(app, {{"pull_have", held}, {"last_pull_at", now}});
}

namespace {

// Protocol 1 (§7.2): the parent's challenge, then the pull; all sections.
Result<nlohmann::json> PullV1(App& app, const std::string& base) {
  auto ch = LinkPost(base + "/sync/v1/challenge", "", "text/plain", 30000);
  if (!ch.ok()) return ch.status();
  if (ch->status != 200) return Status::Unavailable(ErrorOf(*ch));
  std::string challenge = ch->body;
  while (!challenge.empty() && (challenge.back() == '\n' || challenge.back() == '\r')) challenge.pop_back();
  auto note = SignNote("sabt-sync-pull\n" + app.config().origin + "\n" + challenge + "\n", app.key()->name, app.key()->key);
  if (!note.ok()) return note.status();
  nlohmann::json req = {{"origin", app.config().origin}, {"note", *note}};
  auto resp = LinkPost(base + "/sync/v1/pull", req.dump(), "application/json", 60000);
  if (!resp.ok()) return resp.status();
  if (resp->status != 200) return Status::Unavailable(ErrorOf(*resp));
  auto ans = AnswerJson(*resp);
  if (ans.is_discarded() || !ans.is_object()) return Status::Invalid("pull answer is not JSON");
  return ans;
}

}  // namespace

Status Pull(App& app) {
  auto link = ReadLink(app);
  if (!link.ok()) return link.status();
  if (!app.key()) return Status::Unavailable("this node has no key");
  const std::string base = ParentUrl(app, *link);
  auto have = PullHave(app, *link);
  if (!have.ok()) return have.status();
  Result<http::ClientResponse> resp = Status::Unavailable("no pull sent");
  nlohmann::json ans;
  // Once more after a `replayed` whose counter is above this laptop's (§7.1).
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto note = SignPull(app, *have);
    if (!note.ok()) return note.status();
    nlohmann::json req = {{"origin", app.config().origin}, {"note", *note}};
    resp = LinkPost(base + "/sync/v1/pull", req.dump(), "application/json", 60000);
    if (!resp.ok()) return resp.status();
    ans = AnswerJson(*resp);
    if (!RaisePullCounter(app, *resp, ans)) break;
  }
  if (resp->status == 403 && ans.is_object() && JsonStr(ans, "error") == "bad_signature") {
    // A parent of protocol 1 does not know the counter note (§7.3).
    auto v1 = PullV1(app, base);
    if (!v1.ok()) return v1.status();
    return RecordPulled(app, std::move(*v1), *have);
  }
  if (resp->status != 200) return Status::Unavailable(ErrorOf(*resp));
  if (ans.is_discarded() || !ans.is_object()) return Status::Invalid("pull answer is not JSON");
  return RecordPulled(app, std::move(ans), *have);
}

}  // namespace sabt::app
