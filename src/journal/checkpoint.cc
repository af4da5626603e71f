#include "journal/checkpoint.h"

#include <sodium.h>

#include <charconv>
#include <cstring>
#include <utility>

#include "util/base64.h"
#include "util/hex.h"
#include "util/jcs.h"
#include "util/random.h"

namespace sabt {
namespace {

constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr uint8_t kEd25519Type = 0x01;
constexpr std::string_view kSignerPrefix = "PRIVATE+KEY+";

// Well-formed UTF-8 with no control characters other than '\n' (as required
// of the whole note, signatures included).
bool IsValidNoteBytes(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
  }
  return IsWellFormedUtf8(s);
}

bool IsValidNoteText(std::string_view text) {
  return !text.empty() && text.back() == '\n' && IsValidNoteBytes(text);
}

// Splits at the first `sep`: returns the part before and sets *rest to the part
// after. False if there is no `sep`.
bool Chop(std::string_view s, char sep, std::string_view* before, std::string_view* rest) {
  const size_t i = s.find(sep);
  if (i == std::string_view::npos) return false;
  *before = s.substr(0, i);
  *rest = s.substr(i + 1);
  return true;
}

std::string KeyIdBytes(uint32_t id) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((id >> (24 - 8 * i)) & 0xff);
  return out;
}

std::string KeyIdHex(uint32_t id) { return HexEncode(KeyIdBytes(id)); }

std::string_view PublicKeyBytes(const Ed25519PublicKey& pk) {
  return {reinterpret_cast<const char*>(pk.data()), pk.size()};
}

std::string SignatureLine(std::string_view text, std::string_view key_name,
                          const Ed25519Key& key) {
  const std::string sig = KeyIdBytes(NoteKeyId(key_name, key.public_key())) + key.Sign(text);
  return std::string(kSigPrefix) + std::string(key_name) + " " + Base64Encode(sig) + "\n";
}

// Parses "<name>+<8 hex>+<base64(type ‖ key)>"; checks type and key length.
Status ParseKeyTriple(std::string_view text, std::string* name, uint32_t* id,
                      std::string* key_bytes) {
  std::string_view n, hex, rest;
  if (!Chop(text, '+', &n, &rest) || !Chop(rest, '+', &hex, &rest)) {
    return Status::Invalid("note key: expected name+id+key");
  }
  if (!IsValidKeyName(n)) return Status::Invalid("note key: invalid name");
  if (hex.size() != 8) return Status::Invalid("note key: key id must be 8 hex digits");
  Result<std::string> id_bytes = HexDecode(hex);
  if (!id_bytes.ok()) return id_bytes.status();
  Result<std::string> key = Base64Decode(rest);
  if (!key.ok()) return key.status();
  if (key->size() != 33 || static_cast<uint8_t>((*key)[0]) != kEd25519Type) {
    return Status::Invalid("note key: not an Ed25519 key");
  }
  *id = 0;
  for (const char c : *id_bytes) *id = (*id << 8) | static_cast<unsigned char>(c);
  *name = std::string(n);
  *key_bytes = key->substr(1);
  return Status::Ok();
}

}  // namespace

// ---- Checkpoint body --------------------------------------------------------

std::string CheckpointBody(const Checkpoint& c) {
  std::string out = c.origin + "\n" + std::to_string(c.size) + "\n" +
                    Base64Encode(HashBytes(c.root)) + "\n";
  for (const std::string& line : c.extensions) out += line + "\n";
  return out;
}

Status ValidateCheckpoint(const Checkpoint& c) {
  Result<Checkpoint> back = ParseCheckpointBody(CheckpointBody(c));
  if (!back.ok()) return back.status();
  if (!(*back == c)) return Status::Invalid("checkpoint: fields contain line breaks");
  return Status::Ok();
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  if (body.size() > kMaxNoteSize) return Status::Invalid("checkpoint: too large");
  if (!IsValidNoteText(body)) return Status::Invalid("checkpoint: not valid note text");
  std::vector<std::string_view> lines;
  std::string_view rest = body;
  std::string_view line;
  while (Chop(rest, '\n', &line, &rest)) lines.push_back(line);
  if (lines.size() < 3) return Status::Invalid("checkpoint: fewer than three lines");

  Checkpoint c;
  if (lines[0].empty()) return Status::Invalid("checkpoint: empty origin");
  c.origin = std::string(lines[0]);

  const std::string_view size = lines[1];
  if (size.empty() || (size.size() > 1 && size[0] == '0')) {
    return Status::Invalid("checkpoint: size is not canonical decimal");
  }
  for (const char ch : size) {
    if (ch < '0' || ch > '9') return Status::Invalid("checkpoint: size is not decimal");
  }
  const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  if (ec != std::errc() || end != size.data() + size.size()) {
    return Status::Invalid("checkpoint: size out of range");
  }

  Result<std::string> root = Base64Decode(lines[2]);
  if (!root.ok()) return Status::Invalid("checkpoint: root is not base64");
  if (root->size() != c.root.size()) return Status::Invalid("checkpoint: root is not 32 bytes");
  std::memcpy(c.root.data(), root->data(), c.root.size());

  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) return Status::Invalid("checkpoint: empty extension line");
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

// ---- Ed25519 ----------------------------------------------------------------

Ed25519Key Ed25519Key::Generate() {
  EnsureSodiumInitialized();
  Ed25519Key k;
  crypto_sign_keypair(k.public_key_.data(), k.secret_.data());
  return k;
}

Result<Ed25519Key> Ed25519Key::FromSeed(std::string_view seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) return Status::Invalid("ed25519: seed must be 32 bytes");
  EnsureSodiumInitialized();
  Ed25519Key k;
  crypto_sign_seed_keypair(k.public_key_.data(), k.secret_.data(),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return k;
}

Ed25519Key::~Ed25519Key() { sodium_memzero(secret_.data(), secret_.size()); }

std::string Ed25519Key::seed() const {
  return std::string(reinterpret_cast<const char*>(secret_.data()), crypto_sign_SEEDBYTES);
}

std::string Ed25519Key::Sign(std::string_view message) const {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return sig;
}

bool Ed25519Verify(const Ed25519PublicKey& public_key, std::string_view message,
                   std::string_view signature) {
  if (signature.size() != crypto_sign_BYTES) return false;
  EnsureSodiumInitialized();
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

// ---- Signed notes -----------------------------------------------------------

bool IsValidKeyName(std::string_view name) {
  if (name.empty() || !IsWellFormedUtf8(name)) return false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '+') return false;
  }
  // Unicode spaces outside ASCII (Go's unicode.IsSpace): U+0085, U+00A0,
  // U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
  for (std::string_view space :
       {"\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
        "\xE2\x81\x9F", "\xE3\x80\x80"}) {
    if (name.find(space) != std::string_view::npos) return false;
  }
  for (char c = '\x80'; c <= '\x8A'; ++c) {  // U+2000..U+200A = E2 80 80..8A
    if (name.find(std::string("\xE2\x80") + c) != std::string_view::npos) return false;
  }
  return true;
}

uint32_t NoteKeyId(std::string_view key_name, const Ed25519PublicKey& public_key) {
  Sha256Hasher h;
  h.Update(key_name);
  const uint8_t sep_and_type[2] = {'\n', kEd25519Type};
  h.Update(sep_and_type, 2);
  h.Update(public_key.data(), public_key.size());
  const Hash d = h.Final();
  return (uint32_t{d[0]} << 24) | (uint32_t{d[1]} << 16) | (uint32_t{d[2]} << 8) | d[3];
}

Result<std::string> SignNote(std::string_view text, std::string_view key_name,
                             const Ed25519Key& key) {
  if (text.size() > kMaxNoteSize || !IsValidNoteText(text)) {
    return Status::Invalid("note: text must be non-empty valid UTF-8 ending in a newline");
  }
  if (!IsValidKeyName(key_name)) return Status::Invalid("note: invalid key name");
  return std::string(text) + "\n" + SignatureLine(text, key_name, key);
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, std::string_view key_name,
                                   const Ed25519Key& key) {
  SABT_RETURN_IF_ERROR(ValidateCheckpoint(checkpoint));
  return SignNote(CheckpointBody(checkpoint), key_name, key);
}

Result<std::string> AddNoteSignature(std::string_view note, std::string_view key_name,
                                     const Ed25519Key& key) {
  if (!IsValidKeyName(key_name)) return Status::Invalid("note: invalid key name");
  if (note.size() > kMaxNoteSize || !IsValidNoteBytes(note)) {
    return Status::Invalid("note: malformed");
  }
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos || note.back() != '\n') {
    return Status::Invalid("note: malformed");
  }
  return std::string(note) + SignatureLine(note.substr(0, split + 1), key_name, key);
}

Result<std::string> OpenNote(std::string_view note, std::string_view key_name,
                             const Ed25519PublicKey& public_key) {
  if (note.size() > kMaxNoteSize) return Status::Invalid("note: too large");
  if (!IsValidNoteBytes(note)) return Status::Invalid("note: invalid characters");
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Status::Invalid("note: no signature block");
  const std::string_view text = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return Status::Invalid("note: no signature lines");

  const uint32_t want_id = NoteKeyId(key_name, public_key);
  bool verified = false;
  int count = 0;
  std::string_view line;
  while (Chop(sigs, '\n', &line, &sigs)) {
    if (++count > kMaxNoteSignatures) return Status::Invalid("note: too many signatures");
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
      return Status::Invalid("note: malformed signature line");
    }
    line.remove_prefix(kSigPrefix.size());
    std::string_view name, b64;
    if (!Chop(line, ' ', &name, &b64) || !IsValidKeyName(name) || b64.empty()) {
      return Status::Invalid("note: malformed signature line");
    }
    Result<std::string> sig = Base64Decode(b64);
    if (!sig.ok() || sig->size() < 5) return Status::Invalid("note: malformed signature");
    uint32_t id = 0;
    for (int i = 0; i < 4; ++i) id = (id << 8) | static_cast<unsigned char>((*sig)[i]);
    if (name != key_name || id != want_id) continue;  // someone else's signature
    if (!Ed25519Verify(public_key, text, std::string_view(*sig).substr(4))) {
      return Status::Unauthenticated("note: invalid signature by " + std::string(key_name));
    }
    verified = true;
  }
  if (!verified) return Status::Unauthenticated("note: no signature by " + std::string(key_name));
  return std::string(text);
}

Result<Checkpoint> VerifyNote(std::string_view note, std::string_view key_name,
                              const Ed25519PublicKey& public_key) {
  Result<std::string> text = OpenNote(note, key_name, public_key);
  if (!text.ok()) return text.status();
  return ParseCheckpointBody(*text);
}

// ---- Key strings ------------------------------------------------------------

std::string EncodeVerifierKey(std::string_view name, const Ed25519PublicKey& public_key) {
  return std::string(name) + "+" + KeyIdHex(NoteKeyId(name, public_key)) + "+" +
         Base64Encode(std::string(1, static_cast<char>(kEd25519Type)) +
                      std::string(PublicKeyBytes(public_key)));
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  VerifierKey v;
  std::string key;
  SABT_RETURN_IF_ERROR(ParseKeyTriple(text, &v.name, &v.key_id, &key));
  std::memcpy(v.public_key.data(), key.data(), v.public_key.size());
  if (NoteKeyId(v.name, v.public_key) != v.key_id) {
    return Status::Invalid("verifier key: key id does not match");
  }
  return v;
}

std::string EncodeSignerKey(std::string_view name, const Ed25519Key& key) {
  std::string payload = std::string(1, static_cast<char>(kEd25519Type)) + key.seed();
  std::string out = std::string(kSignerPrefix) + std::string(name) + "+" +
                    KeyIdHex(NoteKeyId(name, key.public_key())) + "+" + Base64Encode(payload);
  sodium_memzero(payload.data(), payload.size());
  return out;
}

Result<SignerKey> ParseSignerKey(std::string_view text) {
  if (text.substr(0, kSignerPrefix.size()) != kSignerPrefix) {
    return Status::Invalid("signer key: missing PRIVATE+KEY+ prefix");
  }
  std::string name;
  uint32_t id = 0;
  std::string seed;
  SABT_RETURN_IF_ERROR(ParseKeyTriple(text.substr(kSignerPrefix.size()), &name, &id, &seed));
  Result<Ed25519Key> key = Ed25519Key::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  if (!key.ok()) return key.status();
  if (NoteKeyId(name, key->public_key()) != id) {
    return Status::Invalid("signer key: key id does not match");
  }
  return SignerKey{std::move(name), std::move(key).value()};
}

}  // namespace sabt
