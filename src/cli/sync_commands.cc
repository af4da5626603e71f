// sabt enroll | sync status | sync push | sync pull | sync export | sync import
// (docs/sync-protocol.md).
#include <iostream>
#include <memory>

#include "app/sync_bundle.h"
#include "app/sync_child.h"
#include "app/sync_parent.h"
#include "cli/commands.h"
#include "http/client.h"

namespace sabt::cli {
namespace {

int Fail(const std::string& what, const Status& st) {
  std::cerr << "sabt " << what << ": " << st.ToString() << "\n";
  return 1;
}

// "sabt export: part 3/31: file 2.0 MB" on stderr, one line per part.
app::BundleProgress Progress(const std::string& what) {
  return [what](int64_t done, int64_t total, const std::string& part) {
    std::cerr << "sabt " << what << ": part " << done << "/" << total << ": " << part << "\n";
  };
}

}  // namespace

void RegisterSyncCommands(CLI::App& cli) {
  struct Args {
    app::EnrollOptions enroll;
    std::string db = DefaultDb(), file, url;
  };
  auto args = std::make_shared<Args>();
  args->enroll.db_url = DefaultDb();

  auto* enroll = cli.add_subcommand("enroll", "Enrol this node at its parent (one-time code): a laptop as a field node, or a new district node at central");
  enroll->add_option("--parent", args->enroll.parent_url, "Parent node URL, e.g. http://district:8080")->required();
  enroll->add_option("--code", args->enroll.code, "One-time enrolment code shown by the parent's admin")->required();
  enroll->add_option("--db", args->enroll.db_url, "Database URL of the new node (empty)")->capture_default_str();
  enroll->add_option("--key", args->enroll.key_file, "Device key file to create (default: next to the database)");
  enroll->callback([args] {
    auto link = app::Enroll(args->enroll);
    if (!link.ok()) return SetExitCode(Fail("enroll", link.status()));
    std::cout << "enrolled as " << (*link)["origin"].get<std::string>() << " (department "
              << (*link)["department"].get<std::string>() << ") with parent " << args->enroll.parent_url << "\n";
  });

  auto* sync = cli.add_subcommand("sync", "Sync a field node with its parent");
  sync->require_subcommand(1);

  auto* status = sync->add_subcommand("status", "Pending entries, last acknowledgement, last success");
  status->add_option("--db", args->db, "Database URL")->capture_default_str();
  status->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto s = app::SyncStatus(**a);
    if (!s.ok()) return SetExitCode(Fail("sync status", s.status()));
    std::cout << s->dump(2) << "\n";
  });

  auto* push = sync->add_subcommand(
      "push", "Push pending entries, then pull from the parent (not while this node is serving)");
  auto no_pull = std::make_shared<bool>(false);
  push->add_option("--db", args->db, "Database URL")->capture_default_str();
  push->add_flag("--no-pull", *no_pull, "Only push: do not pull reference data and statuses afterwards");
  push->callback([args, no_pull] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto r = *no_pull ? app::PushAll(**a) : app::SyncRound(**a);
    if (!r.ok()) return SetExitCode(Fail("sync push", r.status()));
    std::cout << "sent " << r->sent << " entries; acknowledged up to seq " << r->acked_seq << "; " << r->wire_bytes
              << " bytes on the wire\n";
  });

  auto* pull = sync->add_subcommand("pull", "Pull reference data, users and statuses from the parent (not while this node is serving)");
  pull->add_option("--db", args->db, "Database URL")->capture_default_str();
  pull->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    Status st = app::Pull(**a);
    if (!st.ok()) return SetExitCode(Fail("sync pull", st));
    std::cout << "pulled from the parent\n";
  });

  auto* purge = sync->add_subcommand("purge", "Erase personal data acknowledged by the parent longer ago than the grace period");
  auto grace = std::make_shared<int>(7);
  purge->add_option("--db", args->db, "Database URL")->capture_default_str();
  purge->add_option("--grace-days", *grace, "Grace period after the parent's ack")->capture_default_str();
  purge->callback([args, grace] {
    app::NodeConfig cfg;
    cfg.db_url = args->db;
    cfg.purge_grace_days = *grace;
    auto a = app::App::Open(cfg);
    if (!a.ok()) return SetExitCode(Fail("sync purge", a.status()));
    auto n = app::PurgeAcknowledged(**a);
    if (!n.ok()) return SetExitCode(Fail("sync purge", n.status()));
    std::cout << "purged the personal data of " << *n << " entries\n";
  });

  auto* exp = sync->add_subcommand("export", "Write the pending entries and their files as a signed bundle file (USB)");
  exp->add_option("--db", args->db, "Database URL")->capture_default_str();
  exp->add_option("--to", args->file, "Bundle file to write")->required();
  exp->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto rep = app::ExportBundle(**a, args->file, Progress("export"));
    if (!rep.ok()) return SetExitCode(Fail("sync export", rep.status()));
    std::cout << "wrote seq " << rep->from_seq << ".." << rep->to_seq << " (" << rep->files << " files, "
              << rep->batches << " batches, " << rep->bytes << " bytes) to " << args->file << "\n";
  });

  auto* imp = sync->add_subcommand("import", "Accept a bundle file on the parent (same checks as a push)");
  imp->add_option("file", args->file, "Bundle file")->required();
  imp->add_option("--db", args->db, "Parent database URL (the parent must not be serving it)")->capture_default_str();
  imp->add_option("--url", args->url, "Or: send the bundle to this running parent node");
  imp->callback([args] {
    app::BundleSink sink;
    int64_t acked = 0;
    bool fresh = false;
    auto take = [&](int status, const nlohmann::json& body) -> Status {
      if (status != 200) return Status::Denied("refused (" + std::to_string(status) + "): " + body.dump());
      if (body.contains("acked_seq")) {
        acked = body.value("acked_seq", int64_t{0});
        fresh = fresh || !body.value("duplicate", false);
      }
      return Status::Ok();
    };
    std::unique_ptr<app::App> node;
    if (!args->url.empty()) {
      sink.file = [&](const std::string& origin, const std::string& sha, const std::string& note, std::string bytes) {
        http::ClientRequest req;
        req.method = "POST";
        req.url = args->url + "/sync/v1/attachments?origin=" + http::UrlEncode(origin) + "&sha256=" + sha;
        req.headers["Content-Type"] = "application/octet-stream";
        req.headers["X-Sabt-Note"] = note;
        req.body = std::move(bytes);
        req.timeout = std::chrono::milliseconds(600000);
        auto r = http::Fetch(req);
        if (!r.ok()) return r.status();
        return take(r->status, nlohmann::json::parse(r->body, nullptr, false));
      };
      sink.batch = [&](std::string batch) {
        http::ClientRequest req;
        req.method = "POST";
        req.url = args->url + "/sync/v1/push";
        req.headers["Content-Type"] = "application/zstd";
        req.body = std::move(batch);
        req.timeout = std::chrono::milliseconds(120000);
        auto r = http::Fetch(req);
        if (!r.ok()) return r.status();
        return take(r->status, nlohmann::json::parse(r->body, nullptr, false));
      };
    } else {
      auto a = OpenNode(args->db);
      if (!a.ok()) return SetExitCode(1);
      node = std::move(*a);
      sink.file = [&](const std::string& origin, const std::string& sha, const std::string& note, std::string bytes) {
        auto ans = app::AcceptAttachment(*node, origin, sha, note, std::move(bytes));
        return take(ans.http_status, ans.body);
      };
      sink.batch = [&](std::string batch) {
        auto ans = app::AcceptBatch(*node, batch);
        return take(ans.http_status, ans.body);
      };
    }
    auto rep = app::ImportBundle(args->file, sink, Progress("import"));
    if (!rep.ok()) return SetExitCode(Fail("sync import", rep.status()));
    std::cout << "accepted " << rep->files << " files and " << rep->batches << " batches; acknowledged up to seq "
              << acked << (fresh ? "" : " (nothing new)") << "\n";
  });
}

}  // namespace sabt::cli
