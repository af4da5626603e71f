#include "app/sync_bundle.h"

#include <filesystem>
#include <fstream>
#include <set>

#include "app/sync_child.h"
#include "journal/checkpoint.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

// A part is at most a file (≤ 20 MiB) or a batch (≤ 1 MiB compressed); a
// larger size in a part header means a damaged bundle.
constexpr int64_t kMaxPart = 32 << 20;

std::string Megabytes(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

Status WritePart(std::ofstream& out, const nlohmann::json& header, std::string_view bytes) {
  out << header.dump() << '\n';
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out << '\n';
  return out ? Status::Ok() : Status::Io("cannot write the bundle");
}

}  // namespace

Result<BundleReport> ExportBundle(App& app, const std::string& path, const BundleProgress& progress) {
  if (!app.key()) return Status::Unavailable("this node has no key");
  auto link = ReadLink(app);
  if (!link.ok()) return link.status();
  const std::string origin = app.config().origin;
  BundleReport rep;
  rep.from_seq = link->value("acked_seq", int64_t{0}) + 1;
  rep.to_seq = app.writer().Head().first;
  if (rep.from_seq > rep.to_seq) return Status::NotFound("nothing to send");
  // The files of the attachment entries to send, each once, in entry order.
  std::vector<std::string> files;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    std::set<std::string> seen;
    Status st = (*tx)->ScanJournal(rep.from_seq - 1, [&](const store::EntryRow& e, const store::PayloadRow*) -> Status {
      if (e.seq > rep.to_seq || e.kind != "appeal.attachment_added") return Status::Ok();
      auto j = nlohmann::json::parse(e.entry, nullptr, false);
      std::string sha = j.is_object() && j.contains("data") ? JsonStr(j["data"], "sha256") : "";
      if (!sha.empty() && seen.insert(sha).second) files.push_back(sha);
      return Status::Ok();
    });
    if (!st.ok()) return st;
  }
  const int64_t per_batch = std::max(1, app.config().sync_batch);
  const int64_t batches = (rep.to_seq - rep.from_seq + per_batch) / per_batch;
  const int64_t parts = static_cast<int64_t>(files.size()) + batches;

  const std::string partial = path + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Io("cannot write " + partial);
  auto fail = [&](Status st) -> Result<BundleReport> {
    out.close();
    std::filesystem::remove(partial);
    return st;
  };
  nlohmann::json header = {{"v", 2},
                           {"origin", origin},
                           {"from_seq", rep.from_seq},
                           {"to_seq", rep.to_seq},
                           {"exported_at", FormatRfc3339Millis(app.clock().NowMillis())},
                           {"files", files.size()},
                           {"batches", batches}};
  out << kBundleMagicV2 << header.dump() << '\n';
  int64_t done = 0;
  for (const auto& sha : files) {
    std::string data;
    {
      auto tx = app.store().Read();
      if (!tx.ok()) return fail(tx.status());
      auto blob = (*tx)->AttachmentData(sha);
      if (!blob.ok()) return fail(blob.status());
      if (!blob->has_value()) return fail(Status::NotFound("attached file " + sha + " is no longer on this laptop"));
      data = std::move((*blob)->data);
    }
    auto note = SignNote("sabt-sync-attachment\n" + origin + "\n" + sha + "\n", app.key()->name, app.key()->key);
    if (!note.ok()) return fail(note.status());
    Status st = WritePart(out, {{"part", "file"}, {"sha256", sha}, {"size", data.size()}, {"note", Base64Encode(*note)}},
                          data);
    if (!st.ok()) return fail(st);
    ++rep.files;
    rep.bytes += static_cast<int64_t>(data.size());
    if (progress) progress(++done, parts, "file " + Megabytes(static_cast<int64_t>(data.size())));
  }
  for (int64_t from = rep.from_seq; from <= rep.to_seq;) {
    int64_t to = 0;
    int max = static_cast<int>(std::min(per_batch, rep.to_seq - from + 1));
    auto batch = BuildBatch(app, from, max, &to, /*inline_attachments=*/false, /*bundle=*/true);
    if (!batch.ok()) return fail(batch.status());
    Status st = WritePart(out, {{"part", "batch"}, {"from_seq", from}, {"to_seq", to}, {"size", batch->size()}}, *batch);
    if (!st.ok()) return fail(st);
    ++rep.batches;
    rep.bytes += static_cast<int64_t>(batch->size());
    if (progress)
      progress(++done, parts, "entries " + std::to_string(from) + ".." + std::to_string(to) + ", " +
                                  Megabytes(static_cast<int64_t>(batch->size())));
    from = to + 1;
  }
  out.close();
  if (!out) return fail(Status::Io("cannot write " + partial));
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) return fail(Status::Io("cannot rename " + partial + ": " + ec.message()));
  return rep;
}

Result<BundleReport> ImportBundle(const std::string& path, const BundleSink& sink, const BundleProgress& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Io("cannot read " + path);
  std::string magic(kBundleMagicV2.size(), '\0');
  in.read(magic.data(), static_cast<std::streamsize>(magic.size()));
  BundleReport rep;
  if (magic == kBundleMagicV1) {  // format 1: one batch, files inline
    std::string batch((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    rep.bytes = static_cast<int64_t>(batch.size());
    SABT_RETURN_IF_ERROR(sink.batch(std::move(batch)));
    rep.batches = 1;
    if (progress) progress(1, 1, "batch (format 1)");
    return rep;
  }
  if (magic != kBundleMagicV2) return Status::Invalid(path + " is not a sync bundle");
  std::string line;
  std::getline(in, line);
  auto header = nlohmann::json::parse(line, nullptr, false);
  if (!header.is_object() || header.value("v", 0) != 2) return Status::Invalid(path + ": bad bundle header");
  const std::string origin = JsonStr(header, "origin");
  rep.from_seq = header.value("from_seq", int64_t{0});
  rep.to_seq = header.value("to_seq", int64_t{0});
  const int64_t parts = header.value("files", int64_t{0}) + header.value("batches", int64_t{0});
  int64_t done = 0;
  while (std::getline(in, line)) {
    auto part = nlohmann::json::parse(line, nullptr, false);
    const int64_t size = part.is_object() ? part.value("size", int64_t{-1}) : -1;
    if (size < 0 || size > kMaxPart)
      return Status::Invalid(path + ": part " + std::to_string(done + 1) + " has a bad header");
    std::string bytes(static_cast<size_t>(size), '\0');
    in.read(bytes.data(), size);
    if (in.gcount() != size || in.get() != '\n')
      return Status::Invalid(path + " is truncated in part " + std::to_string(done + 1) + " of " + std::to_string(parts));
    const std::string kind = JsonStr(part, "part");
    std::string what;
    if (kind == "file") {
      std::string sha = JsonStr(part, "sha256");
      Status st = sink.file(origin, sha, JsonStr(part, "note"), std::move(bytes));
      if (!st.ok()) return Status(st.code(), "part " + std::to_string(done + 1) + " (file " + sha + "): " + st.message());
      ++rep.files;
      what = "file " + Megabytes(size);
    } else if (kind == "batch") {
      Status st = sink.batch(std::move(bytes));
      what = "entries " + std::to_string(part.value("from_seq", int64_t{0})) + ".." +
             std::to_string(part.value("to_seq", int64_t{0}));
      if (!st.ok()) return Status(st.code(), "part " + std::to_string(done + 1) + " (" + what + "): " + st.message());
      ++rep.batches;
    } else {
      return Status::Invalid(path + ": part " + std::to_string(done + 1) + " is of unknown type '" + kind + "'");
    }
    rep.bytes += size;
    if (progress) progress(++done, parts, what);
  }
  if (done != parts)
    return Status::Invalid(path + " is truncated: " + std::to_string(done) + " of " + std::to_string(parts) + " parts");
  return rep;
}

}  // namespace sabt::app
