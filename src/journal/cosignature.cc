#include "journal/cosignature.h"

#include "util/base64.h"
#include "util/sha256.h"

namespace sabt {
namespace {

const std::string kDash = "\xE2\x80\x94 ";  // U+2014 and a space

std::string Message(std::string_view body, uint64_t ts) {
  return "cosignature/v1\ntime " + std::to_string(ts) + "\n" + std::string(body);
}

}  // namespace

uint32_t CosignatureKeyId(std::string_view name, const Ed25519PublicKey& pk) {
  Sha256Hasher h;
  h.Update(name);
  h.Update(std::string_view("\n\x04", 2));
  h.Update(std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()));
  Hash d = h.Final();
  return (uint32_t{d[0]} << 24) | (uint32_t{d[1]} << 16) | (uint32_t{d[2]} << 8) | uint32_t{d[3]};
}

Result<std::string> CosignatureLine(std::string_view body, std::string_view name, const Ed25519Key& key,
                                    uint64_t ts) {
  if (!IsValidKeyName(name)) return Status::Invalid("bad witness name");
  if (body.empty() || body.back() != '\n') return Status::Invalid("checkpoint body must end in a newline");
  std::string blob;
  uint32_t id = CosignatureKeyId(name, key.public_key());
  for (int s = 24; s >= 0; s -= 8) blob.push_back(static_cast<char>((id >> s) & 0xff));
  for (int s = 56; s >= 0; s -= 8) blob.push_back(static_cast<char>((ts >> s) & 0xff));
  blob += key.Sign(Message(body, ts));
  return kDash + std::string(name) + " " + Base64Encode(blob) + "\n";
}

Result<uint64_t> VerifyCosignature(std::string_view note, std::string_view name, const Ed25519PublicKey& pk) {
  size_t sep = note.find("\n\n");
  if (sep == std::string_view::npos) return Status::Invalid("not a signed note");
  std::string_view body = note.substr(0, sep + 1);
  std::string_view sigs = note.substr(sep + 2);
  uint32_t want = CosignatureKeyId(name, pk);
  const std::string prefix = kDash + std::string(name) + " ";
  size_t pos = 0;
  while (pos < sigs.size()) {
    size_t eol = sigs.find('\n', pos);
    std::string_view line = sigs.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? sigs.size() : eol + 1;
    if (line.substr(0, prefix.size()) != prefix) continue;
    auto blob = Base64Decode(line.substr(prefix.size()));
    if (!blob.ok() || blob->size() != 4 + 8 + 64) continue;
    const auto* b = reinterpret_cast<const uint8_t*>(blob->data());
    uint32_t id = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
    if (id != want) continue;
    uint64_t ts = 0;
    for (int i = 0; i < 8; ++i) ts = (ts << 8) | b[4 + i];
    if (!Ed25519Verify(pk, Message(body, ts), std::string_view(blob->data() + 12, 64)))
      return Status::Unauthenticated("cosignature does not verify");
    return ts;
  }
  return Status::Unauthenticated("no cosignature by " + std::string(name));
}

}  // namespace sabt
