#include "app/sync_child.h"

#include <spdlog/spdlog.h>

#include <random>

#include "app/log.h"
#include "domain/field_purge.h"
#include "http/client.h"
#include "journal/appender.h"
#include "journal/checkpoint.h"
#include "app/sync_forward.h"
#include "app/sync_child_pull.h"
#include "journal/merkle.h"
#include "util/base64.h"
#include "util/hex.h"
#include "util/clock.h"
#include "util/zstd.h"
#include "util/json_str.h"

namespace sabt::app {

// Updates some fields of the stored link (read-modify-write on the writer).
Status UpdateLink(App& app, const nlohmann::json& fields) {
  std::string patch = fields.dump();
  return app.writer()
      .Run([patch](WriteContext& ctx) -> Result<nlohmann::json> {
        auto cur = ctx.tx().LocalState("link");
        if (!cur.ok()) return cur.status();
        if (!cur->has_value()) return Status::NotFound("this node is not enrolled");
        auto j = nlohmann::json::parse(**cur, nullptr, false);
        if (j.is_discarded()) return Status::Corruption("sync link is not JSON");
        j.update(nlohmann::json::parse(patch));
        SABT_RETURN_IF_ERROR(ctx.tx().PutLocalState("link", j.dump()));
        return nlohmann::json::object();
      })
      .status();
}

std::string ParentUrl(App& app, const nlohmann::json& link) {
  std::string url = app.config().parent_url.empty() ? JsonStr(link, "parent_url") : app.config().parent_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Result<http::ClientResponse> LinkPost(const std::string& url, const std::string& body, const std::string& type,
                                  int timeout_ms) {
  http::ClientRequest req;
  req.method = "POST";
  req.url = url;
  req.headers["Content-Type"] = type;
  req.body = body;
  req.timeout = std::chrono::milliseconds(timeout_ms);
  return http::Fetch(req);
}

std::string ErrorOf(const http::ClientResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  std::string m = j.is_object() ? JsonStr(j, "message") : std::string();
  return "parent answered " + std::to_string(r.status) + (m.empty() ? "" : ": " + m);
}

Result<int64_t> OwnSize(App& app) {
  if (app.config().role != "district") return app.writer().Head().first;
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return (*tx)->LastSeq(app.config().origin);
}

Result<CompactRange> OwnRange(App& app, store::ReadTx& tx, int64_t upto) {
  auto link = tx.LocalState("link");
  if (!link.ok()) return link.status();
  if (link->has_value()) {
    auto j = nlohmann::json::parse(**link, nullptr, false);
    const nlohmann::json cached = j.is_object() ? j.value("up_frontier", nlohmann::json::object()) : nlohmann::json();
    if (cached.is_object() && cached.value("seq", int64_t{-1}) == upto) {
      auto bytes = HexDecode(JsonStr(cached, "range"));
      if (bytes.ok()) {
        auto r = CompactRange::Deserialize(*bytes);
        if (r.ok() && static_cast<int64_t>(r->size()) == upto) return r;
      }
    }
  }
  CompactRange range;
  if (upto == 0) return range;
  const std::string origin = app.config().origin;
  static const Status kDone = Status::Unavailable("range complete");
  Status st = tx.ScanJournal(0, [&](const store::EntryRow& e, const store::PayloadRow*) -> Status {
    if (e.origin != origin) return Status::Ok();
    range.Append(e.leaf_hash, nullptr);
    return static_cast<int64_t>(range.size()) >= upto ? kDone : Status::Ok();
  });
  if (!st.ok() && st.message() != kDone.message()) return st;
  if (static_cast<int64_t>(range.size()) != upto) return Status::Corruption("own entries up to " + std::to_string(upto) + " are missing");
  return range;
}

Result<nlohmann::json> ReadLink(App& app) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto v = (*tx)->LocalState("link");
  if (!v.ok()) return v.status();
  if (!v->has_value()) return Status::NotFound("this node is not enrolled (run `sabt enroll`)");
  auto j = nlohmann::json::parse(**v, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("sync link is not JSON");
  return j;
}

Result<nlohmann::json> Enroll(const EnrollOptions& o) {
  std::string parent = o.parent_url;
  while (!parent.empty() && parent.back() == '/') parent.pop_back();
  Ed25519Key key = Ed25519Key::Generate();
  const auto& pk = key.public_key();
  nlohmann::json req = {{"code", o.code},
                        {"public_key", Base64Encode(std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()))}};
  auto resp = LinkPost(parent + "/sync/v1/enroll", req.dump(), "application/json", 30000);
  if (!resp.ok()) return resp.status();
  if (resp->status != 200) return Status::Denied("enrolment refused: " + ErrorOf(*resp));
  auto ans = nlohmann::json::parse(resp->body, nullptr, false);
  std::string origin = JsonStr(ans, "origin");
  auto vk = ParseVerifierKey(JsonStr(ans, "verifier_key"));
  if (origin.empty() || !vk.ok() || vk->public_key != pk || vk->name != "sabt/" + origin)
    return Status::Invalid("the parent's enrolment answer does not match the key sent");

  // A district enrolled at central (docs/sync-protocol.md §13) keeps the
  // district role; everything else is a field node.
  const std::string role = JsonStr(ans, "role") == "district" ? "district" : "field";
  NodeConfig cfg;
  cfg.db_url = o.db_url;
  cfg.origin = origin;
  cfg.role = role;
  cfg.key_file = o.key_file;
  auto app = App::Open(cfg);
  if (!app.ok()) return app.status();
  auto size = (*app)->writer().Head().first;
  if (size != 0) return Status::Conflict("enrolment needs an empty database; " + o.db_url + " has a journal");
  auto saved = journal::SaveNodeKey((*app)->KeyPath(), journal::NodeKey{vk->name, key});
  if (!saved.ok()) return saved.status();
  std::string vkey = JsonStr(ans, "verifier_key");
  nlohmann::json link = {{"parent_url", parent},
                         {"origin", origin},
                         {"department", JsonStr(ans, "department")},
                         {"series", JsonStr(ans, "series")},
                         {"parent_origin", JsonStr(ans, "parent_origin")},
                         {"parent_key", JsonStr(ans, "parent_key")},
                         {"role", role},
                         {"acked_seq", 0},
                         {"last_success_at", ""},
                         {"last_error", ""},
                         {"enrolled_at", FormatRfc3339Millis((*app)->clock().NowMillis())}};
  std::string link_text = link.dump();
  auto r = (*app)->writer().Run([vkey, name = vk->name, link_text](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "node.key_registered";
    e.subject = name;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    e.data = {{"verifier_key", vkey}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    SABT_RETURN_IF_ERROR(ctx.tx().PutLocalState("link", link_text));
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  app->reset();
  // Reopen so the node loads its key and adopts the link.
  auto node = App::Open(cfg);
  if (!node.ok()) return node.status();
  Status pulled = Pull(**node);
  if (!pulled.ok()) return Status(pulled.code(), "enrolled as " + origin + ", but the first pull failed: " + pulled.message());
  return link;
}

Result<std::string> BuildBatch(App& app, int64_t from_seq, int max, int64_t* to_seq, bool inline_attachments,
                               bool bundle, std::string* own_frontier, const std::string& pull) {
  if (!app.key()) return Status::Unavailable("this node has no key");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  const std::string origin = app.config().origin;
  // A district's journal also holds its laptops' entries: its batches carry
  // its own entries only, signed over the tree of its own origin (§13).
  const bool mixed = app.config().role == "district";
  int64_t scan_from = from_seq - 1;
  CompactRange range;
  if (mixed) {
    scan_from = 0;
    if (from_seq > 1) {
      auto prev = (*tx)->EntryByOriginSeq(origin, from_seq - 1);
      if (!prev.ok()) return prev.status();
      if (!prev->has_value()) return Status::Corruption("own entry " + std::to_string(from_seq - 1) + " is missing");
      scan_from = (*prev)->idx + 1;
    }
    auto r = OwnRange(app, **tx, from_seq - 1);
    if (!r.ok()) return r.status();
    range = std::move(*r);
  }
  nlohmann::json entries = nlohmann::json::array();
  std::vector<std::string> files;
  int64_t last = from_seq - 1;
  static const Status kEnough = Status::Unavailable("batch full");
  Status st = (*tx)->ScanJournal(scan_from, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
    if (static_cast<int>(entries.size()) >= max) return kEnough;
    if (mixed && e.origin != origin) return Status::Ok();
    if (mixed) range.Append(e.leaf_hash, nullptr);
    if (e.origin != origin || e.seq != last + 1)
      return Status::Corruption("a field journal must hold only its own entries in order (entry " +
                                std::to_string(e.idx) + ")");
    if (inline_attachments && e.kind == "appeal.attachment_added") {
      auto j = nlohmann::json::parse(e.entry, nullptr, false);
      if (j.is_object() && j.contains("data")) files.push_back(JsonStr(j["data"], "sha256"));
    }
    nlohmann::json item = {{"entry", e.entry}};
    if (p) {
      item["salt"] = Base64Encode(p->salt);
      item["payload"] = p->body;
    }
    entries.push_back(std::move(item));
    last = e.seq;
    return Status::Ok();
  });
  if (!st.ok() && st.message() != kEnough.message()) return st;
  if (entries.empty()) return Status::NotFound("nothing to send");
  auto root = mixed ? Result<Hash>(range.Root()) : RootAt(**tx, last);
  if (!root.ok()) return root.status();
  if (mixed && own_frontier) *own_frontier = HexEncode(range.Serialize());
  Checkpoint cp;
  cp.origin = app.key()->name;
  cp.size = static_cast<uint64_t>(last);
  cp.root = *root;
  auto note = SignCheckpoint(cp, app.key()->name, app.key()->key);
  if (!note.ok()) return note.status();
  nlohmann::json batch = {{"v", 1},
                          {"origin", origin},
                          {"from_seq", from_seq},
                          {"sent_at", FormatRfc3339Millis(app.clock().NowMillis())},
                          {"entries", std::move(entries)},
                          {"checkpoint", *note}};
  if (bundle) batch["bundle"] = true;
  if (!pull.empty()) batch["pull"] = pull;
  if (!files.empty()) {
    batch["attachments"] = nlohmann::json::array();
    for (const auto& sha : files) {
      auto blob = (*tx)->AttachmentData(sha);
      if (!blob.ok()) return blob.status();
      if (!blob->has_value()) return Status::NotFound("attached file " + sha + " is no longer on this laptop");
      batch["attachments"].push_back({{"sha256", sha}, {"bytes", Base64Encode((*blob)->data)}});
    }
  }
  *to_seq = last;
  return ZstdCompress(batch.dump(), 19);
}

// Sends one attached file the parent lacks (§3); answers the bytes sent.
Result<int64_t> UploadAttachment(App& app, const std::string& base, const std::string& sha256) {
  std::string data;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto blob = (*tx)->AttachmentData(sha256);
    if (!blob.ok()) return blob.status();
    if (!blob->has_value()) return Status::NotFound("attached file " + sha256 + " is no longer on this laptop");
    data = std::move((*blob)->data);
  }
  const std::string origin = app.config().origin;
  auto note = SignNote("sabt-sync-attachment\n" + origin + "\n" + sha256 + "\n", app.key()->name, app.key()->key);
  if (!note.ok()) return note.status();
  http::ClientRequest req;
  req.method = "POST";
  req.url = base + "/sync/v1/attachments?origin=" + http::UrlEncode(origin) + "&sha256=" + sha256;
  req.headers["Content-Type"] = "application/octet-stream";
  req.headers["X-Sabt-Note"] = Base64Encode(*note);
  req.body = std::move(data);
  req.timeout = std::chrono::milliseconds(600000);
  auto resp = http::Fetch(req);
  if (!resp.ok()) return resp.status();
  if (resp->status != 200) return Status::Unavailable(ErrorOf(*resp));
  return static_cast<int64_t>(req.body.size() + resp->body.size());
}

Result<PushReport> PushAll(App& app, const std::function<void(int64_t, int64_t)>& progress, RoundPull* pull) {
  auto link = ReadLink(app);
  if (!link.ok()) return link.status();
  const std::string base = ParentUrl(app, *link);
  std::string url = base + "/sync/v1/push";
  int64_t uploaded_for = -1;  // from_seq whose missing files were just sent
  bool counter_raised = false;  // a `replayed` pull was signed again once (§7.1)
  PushReport rep;
  rep.acked_seq = link->value("acked_seq", int64_t{0});
  auto own = OwnSize(app);
  if (!own.ok()) return own.status();
  int64_t size = *own;
  int64_t start = rep.acked_seq;
  (void)UpdateLink(app, {{"last_attempt_at", FormatRfc3339Millis(app.clock().NowMillis())}});
  auto fail = [&](Status st) -> Result<PushReport> {
    (void)UpdateLink(app, {{"last_error", st.message()}});
    return st;
  };
  while (rep.acked_seq < size) {
    int64_t to = 0;
    std::string frontier;
    const int max = std::max(1, app.config().sync_batch);
    // The last batch carries the pull (§7.1): the round is one exchange.
    std::string pull_note;
    nlohmann::json have;
    size_t sent_bytes = 0;
    http::ClientRequest req;
    req.method = "POST";
    req.url = url;
    req.headers["Content-Type"] = "application/zstd";
    // The connection opens first; the batch is made during the handshake (§8).
    auto resp = http::FetchPrepared(req, [&](http::ClientRequest& r) -> Status {
      if (pull && !pull->done && rep.acked_seq + max >= size) {
        auto h = PullHave(app, *link);
        if (!h.ok()) return h.status();
        have = std::move(*h);
        auto n = SignPull(app, have);
        if (!n.ok()) return n.status();
        pull_note = std::move(*n);
      }
      auto batch = BuildBatch(app, rep.acked_seq + 1, max, &to, false, false, &frontier, pull_note);
      if (!batch.ok()) return batch.status();
      r.body = std::move(*batch);
      sent_bytes = r.body.size();
      // A silent link must not hold a round for long: 30 s, plus the batch's
      // time on a 16 kbit/s link (a quarter of 2G's nominal rate).
      r.timeout = std::chrono::milliseconds(30000 + static_cast<int64_t>(sent_bytes / 2));
      return Status::Ok();
    });
    if (!resp.ok()) return fail(resp.status());
    rep.wire_bytes += static_cast<int64_t>(sent_bytes + resp->body.size());
    auto ans = AnswerJson(*resp);
    if (resp->status == 409 && ans.is_object() && JsonStr(ans, "error") == "gap") {
      int64_t acked = ans.value("acked_seq", int64_t{0});
      if (acked >= rep.acked_seq) return fail(Status::Corruption("parent reports a gap but acknowledges more"));
      rep.acked_seq = acked;  // the parent lost entries (restored from backup): resend
      continue;
    }
    if (!pull_note.empty() && !counter_raised && RaisePullCounter(app, *resp, ans)) {
      counter_raised = true;
      continue;  // the same batch with a pull request above the parent's counter
    }
    if (resp->status == 422 && ans.is_object() && JsonStr(ans, "error") == "attachment_missing") {
      if (uploaded_for == rep.acked_seq + 1)
        return fail(Status::Unavailable("the parent still lacks attached files after they were sent"));
      for (const auto& sha : ans.value("missing", nlohmann::json::array())) {
        auto sent = UploadAttachment(app, base, sha.is_string() ? sha.get<std::string>() : std::string());
        if (!sent.ok()) return fail(sent.status());
        rep.wire_bytes += *sent;
      }
      uploaded_for = rep.acked_seq + 1;
      continue;  // the same batch again, now with its files on the parent
    }
    if (resp->status != 200 || !ans.is_object()) return fail(Status::Unavailable(ErrorOf(*resp)));
    int64_t acked = ans.value("acked_seq", int64_t{-1});
    // Entries registered while this round runs may be in the batch: compare
    // with the journal as it is now, not as it was when the round began.
    auto own_now = OwnSize(app);
    if (!own_now.ok()) return fail(own_now.status());
    size = std::max(size, *own_now);
    if (acked > size)
      return fail(Status::Corruption("the parent acknowledges seq " + std::to_string(acked) +
                                     " but this journal has only " + std::to_string(size) +
                                     ": this database was restored from an old copy; sync stopped"));
    if (acked < to) return fail(Status::Corruption("the parent did not acknowledge the batch"));
    // The ack is recorded only now, after the parent's answer.
    // The ack history the purge reads (docs/sync-protocol.md §10): hourly,
    // bounded by the grace period, however often this laptop syncs.
    const int64_t now = app.clock().NowMillis();
    nlohmann::json acks = domain::AcksToJson(domain::RecordAck(
        domain::AcksFromJson(link->value("acks", nlohmann::json::array())), domain::Ack{acked, now},
        now - int64_t{app.config().purge_grace_days} * 24 * 3600 * 1000));
    (*link)["acks"] = acks;
    SABT_RETURN_IF_ERROR(UpdateLink(app, {{"acked_seq", acked},
                                          {"acks", acks},
                                          {"acked_at", FormatRfc3339Millis(app.clock().NowMillis())},
                                          {"parent_checkpoint", JsonStr(ans, "checkpoint")},
                                          {"last_error", ""}}));
    // A district keeps the compact range of its own tree at the ack (§13).
    if (!frontier.empty() && acked == to)
      SABT_RETURN_IF_ERROR(UpdateLink(app, {{"up_frontier", {{"seq", to}, {"range", frontier}}}}));
    rep.sent += acked - rep.acked_seq;
    rep.acked_seq = acked;
    // The pull's answer rode with the ack; what changed is recorded now and
    // its entry goes up in this same call (the loop sees it pending).
    if (!pull_note.empty() && ans.contains("pull")) {
      Status recorded = RecordPulled(app, ans["pull"], have);
      if (!recorded.ok()) return fail(recorded);
      pull->done = true;
      auto grown = OwnSize(app);
      if (!grown.ok()) return fail(grown.status());
      size = std::max(size, *grown);
    }
    if (progress) progress(rep.acked_seq - start, size - start);
  }
  rep.pending = size - rep.acked_seq;
  // A round that went through clears the error of an earlier one, even when
  // there was nothing to send.
  SABT_RETURN_IF_ERROR(
      UpdateLink(app, {{"last_success_at", FormatRfc3339Millis(app.clock().NowMillis())}, {"last_error", ""}}));
  return rep;
}

Result<PushReport> SyncRound(App& app, const std::function<void(int64_t, int64_t)>& progress) {
  // A field node's last batch carries the pull (§7.1, §8); a district pulls
  // after forwarding its laptops' batches (§13).
  RoundPull pull;
  const bool district = app.config().role == "district";
  auto first = PushAll(app, progress, district ? nullptr : &pull);
  if (!first.ok()) return first.status();
  if (district) SABT_RETURN_IF_ERROR(ForwardChildren(app, &*first));
  if (pull.done) return first;
  // Nothing was pending, or a parent of protocol 1 (§7.3): the pull alone.
  const int64_t before = app.writer().Head().first;
  SABT_RETURN_IF_ERROR(Pull(app));
  if (app.writer().Head().first == before) return first;
  auto second = PushAll(app, progress);  // the `sync.pulled` entry the pull just recorded
  if (!second.ok()) return second.status();
  second->sent += first->sent;
  second->wire_bytes += first->wire_bytes;
  return second;
}

Result<nlohmann::json> SyncStatus(App& app) {
  nlohmann::json out = {{"role", app.config().role}, {"origin", app.config().origin}};
  auto link = ReadLink(app);
  if (!link.ok()) {
    if (link.status().code() != Code::kNotFound) return link.status();
    out["enrolled"] = false;
    return out;
  }
  auto own = OwnSize(app);
  if (!own.ok()) return own.status();
  int64_t size = *own;
  int64_t acked = link->value("acked_seq", int64_t{0});
  out["enrolled"] = true;
  int64_t forwarding = 0;
  if (app.config().role == "district") {
    auto f = ForwardPending(app);
    if (!f.ok()) return f.status();
    forwarding = *f;
    out["forward_pending"] = forwarding;
  }
  out["parent_url"] = ParentUrl(app, *link);
  out["department"] = JsonStr(*link, "department");
  out["series"] = JsonStr(*link, "series");
  out["journal_size"] = size;
  out["acked_seq"] = acked;
  out["pending"] = std::max<int64_t>(0, size - acked) + forwarding;
  out["last_success_at"] = JsonStr(*link, "last_success_at");
  out["last_attempt_at"] = JsonStr(*link, "last_attempt_at");
  out["last_pull_at"] = JsonStr(*link, "last_pull_at");
  out["last_error"] = JsonStr(*link, "last_error");
  out["purged_seq"] = link->value("purged_seq", int64_t{0});
  SyncService* svc = SyncService::Current();
  out["running"] = svc && svc->running();
  out["progress"] = {{"done", svc ? svc->progress_done() : 0}, {"total", svc ? svc->progress_total() : 0}};
  return out;
}

namespace {
std::atomic<SyncService*> g_service{nullptr};
}

SyncService::SyncService(App& app) : app_(app) {
  g_service = this;
  thread_ = std::thread([this] { Loop(); });
}

SyncService::~SyncService() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  g_service = nullptr;
}

SyncService* SyncService::Current() { return g_service.load(); }

void SyncService::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

void SyncService::Loop() {
  std::mt19937_64 rng(std::random_device{}());
  int failures = 0;
  for (;;) {
    running_ = true;
    done_ = 0;
    total_ = 0;
    Status st = SyncRound(app_, [this](int64_t done, int64_t total) {
                  done_ = done;
                  total_ = total;
                }).status();
    if (st.ok() && app_.config().role == "field") {
      auto purged = PurgeAcknowledged(app_);
      if (!purged.ok()) st = purged.status();
    }
    running_ = false;
    int64_t wait_ms = int64_t{app_.config().sync_interval_seconds} * 1000;
    if (!st.ok()) {
      spdlog::warn("sync: {}", st.ToString());
      (void)UpdateLink(app_, {{"last_error", st.message()}});
      failures = std::min(failures + 1, 8);
      int64_t backoff = std::min<int64_t>(300000, int64_t{2000} << (failures - 1));
      wait_ms = backoff / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(backoff / 2 + 1));
    } else {
      failures = 0;
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_ || wake_; });
    if (stop_) return;
    wake_ = false;
  }
}

}  // namespace sabt::app
