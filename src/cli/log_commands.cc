// sabt erase | key show | key rotate | verify-receipt
#include <fstream>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "app/erase.h"
#include "cli/commands.h"
#include "http/client.h"
#include "journal/checkpoint.h"
#include "journal/merkle.h"
#include "journal/node_key.h"
#include "journal/cosignature.h"
#include "journal/receipt_proof.h"
#include "util/clock.h"
#include "util/sha256.h"

namespace sabt::cli {
namespace {

struct LogArgs {
  std::string db = DefaultDb();
  app::EraseRequest erase;
  std::string url, number, code, key, leaf_hash, fingerprint;
  int64_t index = -1;
};

Result<std::string> Get(const std::string& url) {
  http::ClientRequest r;
  r.url = url;
  auto resp = http::Fetch(r);
  if (!resp.ok()) return resp.status();
  if (resp->status != 200) return Status::NotFound(url + " answered " + std::to_string(resp->status));
  return resp->body;
}

// --key takes a file holding the verifier key line (as printed by `sabt key
// show`), or the key line itself.
std::string KeyText(const std::string& arg) {
  std::string text = arg;
  std::ifstream f(arg);
  if (f) text.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

// Returns 0 when every step holds; prints each step (docs/verification.md §4).
int VerifyReceipt(const LogArgs& a) {
  auto step = [](bool ok, const std::string& what) {
    std::cout << (ok ? "ok    " : "FAIL  ") << what << "\n";
    return ok;
  };
  ReceiptClaim claim;
  claim.number = a.number;
  claim.index = a.index;
  claim.leaf_hex = a.leaf_hash;
  claim.key_fingerprint = a.fingerprint;
  auto served_key = Get(a.url + "/log/key");
  if (!step(served_key.ok(), "node key from " + a.url + "/log/key")) return 1;
  std::string served = KeyText(*served_key);
  std::string key_text = a.key.empty() ? served : KeyText(a.key);
  auto vkey = ParseVerifierKey(key_text);
  if (!step(vkey.ok(), "verifier key " + key_text)) return 1;
  if (!a.key.empty() && !step(served == key_text, "the node serves the pinned key")) return 1;
  Status pin = CheckKeyPin(claim, vkey->public_key);
  if (!step(pin.ok(), "key fingerprint " + FormatFingerprint(KeyFingerprint(vkey->public_key)) +
                          (a.fingerprint.empty() ? " (not pinned)" : " is the printed one")))
    return 1;
  auto rec = Get(a.url + "/api/v1/public/receipt?number=" + http::UrlEncode(a.number) + "&code=" + http::UrlEncode(a.code));
  if (!step(rec.ok(), "receipt " + a.number + " is registered")) return 1;
  auto rj = nlohmann::json::parse(*rec, nullptr, false);
  if (rj.is_discarded() || !rj.contains("entry") || !rj["entry"].is_object())
    return step(false, "receipt answer is JSON"), 1;
  int64_t index = rj["entry"].value("index", int64_t{-1});
  Hash leaf{};
  Status bound = CheckEntryBinding(claim, rj["entry"].value("bytes", ""), index, rj["entry"].value("leaf_hash", ""), &leaf);
  if (!step(bound.ok(), "entry #" + std::to_string(index) + " registers " + a.number +
                            (a.leaf_hash.empty() ? " (leaf hash as served)" : " with the printed leaf hash") +
                            (bound.ok() ? "" : ": " + bound.message())))
    return 1;
  auto note = Get(a.url + "/log/checkpoint");
  if (!step(note.ok(), "latest checkpoint")) return 1;
  auto cp = OpenTimedCheckpoint(*note, *vkey);
  if (!step(cp.ok(), "checkpoint signature by " + vkey->name)) return 1;
  if (cp->signed_time) std::cout << "      signed at " << FormatRfc3339Millis(static_cast<int64_t>(*cp->signed_time) * 1000) << "\n";
  uint64_t size = cp->checkpoint.size;
  auto proof_text = Get(a.url + "/log/proof/inclusion?index=" + std::to_string(index) + "&size=" + std::to_string(size));
  if (!step(proof_text.ok(), "inclusion proof")) return 1;
  auto pj = nlohmann::json::parse(*proof_text, nullptr, false);
  std::vector<Hash> proof;
  for (const auto& h : pj.value("hashes", nlohmann::json::array())) {
    auto x = h.is_string() ? HashFromHex(h.get<std::string>()) : Result<Hash>(Status::Invalid("not hex"));
    if (!x.ok()) return step(false, "proof hashes are hex"), 1;
    proof.push_back(*x);
  }
  bool included = VerifyInclusion(static_cast<uint64_t>(index), size, leaf, proof, cp->checkpoint.root);
  if (!step(included, "entry " + std::to_string(index) + " is included (RFC 9162 §2.1.3.2)")) return 1;
  auto witnesses = Get(a.url + "/log/witnesses");
  auto wj = witnesses.ok() ? nlohmann::json::parse(*witnesses, nullptr, false) : nlohmann::json::array();
  if (wj.is_array()) {
    for (const auto& w : wj) {
      auto wk = ParseVerifierKey(w.value("key", ""));
      if (!wk.ok() || wk->public_key == vkey->public_key) continue;  // the node's own line is no witness
      auto ts = VerifyCosignature(*note, wk->name, wk->public_key);
      std::cout << (ts.ok() ? "ok    " : "--    ") << "countersigned by " << w.value("label", wk->name) << " ("
                << FormatFingerprint(KeyFingerprint(wk->public_key)) << ")"
                << (ts.ok() ? " at " + FormatRfc3339Millis(static_cast<int64_t>(*ts) * 1000) : ": not on this checkpoint")
                << "\n";
    }
  }
  std::cout << "included in the journal of " << cp->checkpoint.origin << " at size " << size << "; status "
            << rj.value("status", "") << "\n";
  return 0;
}

}  // namespace

void RegisterLogCommands(CLI::App& cli) {
  auto args = std::make_shared<LogArgs>();

  auto* erase = cli.add_subcommand("erase", "Erase the personal data of one journal entry (legal erasure or correction)");
  erase->add_option("--db", args->db, "Database URL")->capture_default_str();
  erase->add_option("--entry", args->erase.entry, "Index of the entry whose payload is erased")->required();
  erase->add_option("--reason-code", args->erase.reason_code, "e.g. court_order, correction")->required();
  erase->add_option("--reason", args->erase.reason, "Why (kept in the erasure entry)")->required();
  erase->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto idx = app::ErasePayload(**a, args->erase);
    if (!idx.ok()) {
      std::cerr << "sabt erase: " << idx.status().message() << " (nothing changed)\n";
      return SetExitCode(1);
    }
    std::cout << "erased the payload of entry " << args->erase.entry << " by entry " << *idx << "\n";
  });

  auto* key = cli.add_subcommand("key", "The node's signing key");
  key->require_subcommand(1);
  auto* show = key->add_subcommand("show", "Print the node's verifier key (as served at /log/key)");
  show->add_option("--db", args->db, "Database URL")->capture_default_str();
  show->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    if (!(*a)->key()) {
      std::cerr << "sabt key show: no key at " << (*a)->KeyPath() << "\n";
      return SetExitCode(1);
    }
    std::cout << (*a)->key()->VerifierKey() << "\n";
  });

  auto* path = key->add_subcommand("path", "Print where this node's key file is");
  path->add_option("--db", args->db, "Database URL")->capture_default_str();
  path->callback([args] {
    app::NodeConfig cfg;
    cfg.db_url = args->db;
    std::cout << journal::DefaultKeyPath(cfg.db_url, cfg.origin) << "\n";
  });

  auto* rotate = key->add_subcommand("rotate", "Make a new signing key; the change is recorded in the journal");
  rotate->add_option("--db", args->db, "Database URL")->capture_default_str();
  rotate->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    Status st = (*a)->RotateKey();
    if (!st.ok()) {
      std::cerr << "sabt key rotate: " << st.message() << "\n";
      return SetExitCode(1);
    }
    std::cout << "new key: " << (*a)->key()->VerifierKey() << "\n";
  });

  auto* verify = cli.add_subcommand("verify-receipt",
                                    "Check a citizen's receipt against a node: signed checkpoint and inclusion proof");
  verify->add_option("--url", args->url, "Node base URL, e.g. http://127.0.0.1:8080")->required();
  verify->add_option("--number", args->number, "Registration number, e.g. DSH-SNO/2026/27")->required();
  verify->add_option("--code", args->code, "Verification code from the receipt")->required();
  verify->add_option("--key", args->key,
                     "Pin the node's verifier key: a file holding it (as `sabt key show` prints), or the key itself");
  verify->add_option("--fingerprint", args->fingerprint, "Pin the node key by the fingerprint printed on the receipt");
  verify->add_option("--index", args->index, "Journal entry index printed on the receipt");
  verify->add_option("--leaf,--leaf-hash", args->leaf_hash, "Leaf hash printed on the receipt (the proof starts from it)");
  verify->callback([args] { SetExitCode(VerifyReceipt(*args)); });
}

}  // namespace sabt::cli
