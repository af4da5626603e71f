#include "app/verify/result_note.h"

#include <sstream>

#include "util/base64.h"

namespace sabt::app::verify {
namespace {
constexpr char kHeader[] = "sabt verify result v1";
}  // namespace

std::string ResultText(const VerifyResult& r) {
  std::string t = r.origin + "\n" + kHeader + "\n";
  t += "size " + std::to_string(r.size) + "\n";
  t += "root " + Base64Encode(std::string(HashBytes(r.root))) + "\n";
  t += r.since < 0 ? std::string("mode full\n") : "mode since " + std::to_string(r.since) + "\n";
  t += "at " + r.at + "\n";
  for (const auto& [origin, seq] : r.last_seq) t += "seq " + origin + " " + std::to_string(seq) + "\n";
  for (const auto& k : r.keys) t += "key " + k + "\n";
  return t;
}

Result<std::string> SignResult(const VerifyResult& r, const journal::NodeKey& key) {
  VerifyResult copy = r;
  copy.origin = key.name;
  return SignNote(ResultText(copy), key.name, key.key);
}

Result<VerifyResult> OpenResult(const std::string& note, const journal::NodeKey& key) {
  auto text = OpenNote(note, key.name, key.key.public_key());
  if (!text.ok()) return Status::Invalid("its signature does not verify with the node key " + key.name);
  std::istringstream in(*text);
  std::string line;
  VerifyResult r;
  auto bad = [](const std::string& why) { return Status::Invalid("signed, but not a verify result: " + why); };
  if (!std::getline(in, r.origin) || r.origin != key.name) return bad("origin line");
  if (!std::getline(in, line) || line != kHeader) return bad("header line");
  bool have_size = false, have_root = false, have_mode = false;
  while (std::getline(in, line)) {
    auto sp = line.find(' ');
    std::string word = line.substr(0, sp), rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    try {
      if (word == "size") {
        r.size = std::stoll(rest);
        have_size = r.size >= 0;
      } else if (word == "root") {
        auto raw = Base64Decode(rest);
        if (!raw.ok() || raw->size() != 32) return bad("root");
        std::copy(raw->begin(), raw->end(), r.root.begin());
        have_root = true;
      } else if (word == "mode") {
        if (rest == "full") {
          r.since = -1;
        } else if (rest.rfind("since ", 0) == 0) {
          r.since = std::stoll(rest.substr(6));
        } else {
          return bad("mode");
        }
        have_mode = true;
      } else if (word == "at") {
        r.at = rest;
      } else if (word == "seq") {
        auto sp2 = rest.rfind(' ');
        if (sp2 == std::string::npos) return bad("seq line");
        r.last_seq[rest.substr(0, sp2)] = std::stoll(rest.substr(sp2 + 1));
      } else if (word == "key") {
        r.keys.push_back(rest);
      } else {
        return bad("unknown line " + word);
      }
    } catch (const std::exception&) {
      return bad("number in " + word);
    }
  }
  if (!have_size || !have_root || !have_mode) return bad("size, root or mode missing");
  return r;
}

}  // namespace sabt::app::verify
