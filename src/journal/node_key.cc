#include "journal/node_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sabt::journal {

Result<NodeKey> LoadNodeKey(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no node key at " + path + " (run `sabt init`)");
    return Status::Io("cannot open node key " + path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return Status::Denied("node key " + path + " must have mode 0600");
  }
  std::string text(4096, '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n <= 0) return Status::Io("cannot read node key " + path);
  text.resize(static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto signer = ParseSignerKey(text);
  if (!signer.ok()) return Status::Invalid("node key " + path + " is not a signer key");
  return NodeKey{signer->name, signer->key};
}

Result<NodeKey> CreateNodeKey(const std::string& path, const std::string& name) {
  if (!IsValidKeyName(name)) return Status::Invalid("bad key name '" + name + "'");
  return SaveNodeKey(path, NodeKey{name, Ed25519Key::Generate()});
}

Result<NodeKey> SaveNodeKey(const std::string& path, const NodeKey& k) {
  const std::string& name = k.name;
  if (!IsValidKeyName(name)) return Status::Invalid("bad key name '" + name + "'");
  std::string text = EncodeSignerKey(name, k.key) + "\n";
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    // Create missing parent directories, private to this user.
    for (size_t p = 1; p <= slash; ++p)
      if (path[p] == '/' || p == slash) ::mkdir(path.substr(0, p == slash ? slash : p).c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Conflict("node key " + path + " already exists");
    return Status::Io("cannot create node key " + path + ": " + std::strerror(errno));
  }
  bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return Status::Io("cannot write node key " + path);
  }
  return k;
}

std::string DefaultKeyPath(const std::string& db_url, const std::string& origin) {
  if (db_url.rfind("postgres://", 0) == 0 || db_url.rfind("postgresql://", 0) == 0) {
    // Not relative to the working directory: a restart elsewhere must find it.
    const char* dir = std::getenv("SABT_KEY_DIR");
    const char* home = std::getenv("HOME");
    std::string base = dir && *dir ? dir : std::string(home && *home ? home : "/tmp") + "/.local/state/sabt";
    std::string rest = db_url.substr(db_url.find("://") + 3);
    size_t at = rest.find('@');
    if (at != std::string::npos) rest = rest.substr(at + 1);  // never put credentials in a file name
    std::string name;
    for (char c : rest.substr(0, rest.find('?')))
      name.push_back((std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_');
    (void)origin;  // one node per database: the database names the key
    return base + "/" + name + ".key";
  }
  std::string path = db_url.rfind("sqlite:", 0) == 0 ? db_url.substr(7) : db_url;
  return path + ".key";
}

}  // namespace sabt::journal
