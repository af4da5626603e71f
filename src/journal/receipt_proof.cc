#include "journal/receipt_proof.h"

#include <nlohmann/json.hpp>

#include "journal/cosignature.h"
#include "util/hex.h"

namespace sabt {

std::string KeyFingerprint(const Ed25519PublicKey& public_key) {
  Hash h = Sha256(std::string_view(reinterpret_cast<const char*>(public_key.data()), public_key.size()));
  return HexEncode(std::string_view(reinterpret_cast<const char*>(h.data()), 10));
}

std::string FormatFingerprint(std::string_view fp) {
  std::string out;
  for (size_t i = 0; i < fp.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back(' ');
    out.push_back(fp[i]);
  }
  return out;
}

bool IsRegistrationKind(std::string_view kind) {
  return kind == "appeal.registered" || kind == "crime.registered";
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

Status CheckEntryBinding(const ReceiptClaim& claim, std::string_view entry_bytes, int64_t served_index,
                         std::string_view served_leaf_hex, Hash* leaf) {
  if (claim.index >= 0 && claim.index != served_index)
    return Status::Unauthenticated("the receipt names entry #" + std::to_string(claim.index) + ", the node #" +
                                   std::to_string(served_index));
  std::string want = Lower(claim.leaf_hex.empty() ? served_leaf_hex : std::string_view(claim.leaf_hex));
  auto want_hash = HashFromHex(want);
  if (!want_hash.ok()) return Status::Invalid("the leaf hash is not 64 hex digits");
  std::string prefixed;
  prefixed.reserve(entry_bytes.size() + 1);
  prefixed.push_back('\0');
  prefixed.append(entry_bytes);
  if (Sha256(prefixed) != *want_hash)
    return Status::Unauthenticated("the entry's bytes do not hash to the receipt's leaf hash");
  auto j = nlohmann::json::parse(entry_bytes, nullptr, false);
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string() || !j.contains("data") ||
      !j["data"].is_object())
    return Status::Invalid("the entry is not a journal entry");
  if (!IsRegistrationKind(j["kind"].get<std::string>()))
    return Status::Unauthenticated("entry #" + std::to_string(served_index) + " is a " +
                                   j["kind"].get<std::string>() + ", not a registration");
  const auto& data = j["data"];
  if (!data.contains("number") || !data["number"].is_string() || data["number"].get<std::string>() != claim.number)
    return Status::Unauthenticated("entry #" + std::to_string(served_index) + " registers another number");
  *leaf = *want_hash;
  return Status::Ok();
}

Status CheckKeyPin(const ReceiptClaim& claim, const Ed25519PublicKey& public_key) {
  if (claim.key_fingerprint.empty()) return Status::Ok();
  if (Lower(claim.key_fingerprint) != KeyFingerprint(public_key))
    return Status::Unauthenticated("the node's key is not the one printed on the receipt");
  return Status::Ok();
}

Result<TimedCheckpoint> OpenTimedCheckpoint(std::string_view note, const VerifierKey& key) {
  auto cp = VerifyNote(note, key.name, key.public_key);
  if (!cp.ok()) return cp.status();
  TimedCheckpoint out;
  out.checkpoint = *cp;
  auto ts = VerifyCosignature(note, key.name, key.public_key);
  if (ts.ok()) {
    out.signed_time = *ts;
  } else if (ts.status().message().rfind("no cosignature", 0) != 0) {
    return ts.status();  // a time line that does not verify spoils the note
  }
  return out;
}

Result<std::string> SignTimedCheckpoint(const Checkpoint& checkpoint, std::string_view key_name,
                                        const Ed25519Key& key, uint64_t timestamp) {
  auto note = SignCheckpoint(checkpoint, key_name, key);
  if (!note.ok()) return note.status();
  auto line = CosignatureLine(CheckpointBody(checkpoint), key_name, key, timestamp);
  if (!line.ok()) return line.status();
  return *note + *line;
}

}  // namespace sabt
