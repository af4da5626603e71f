#include "web/xlsx_book.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "util/random.h"

namespace sabt::web {

Result<std::string> MakeWorkbook(const std::function<Status(lxw_workbook*)>& fill) {
  std::string path = "/tmp/sabt-xlsx-" + RandomToken(12) + ".xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Status::Io("cannot create a workbook");
  Status filled = fill(wb);
  lxw_error err = workbook_close(wb);
  if (!filled.ok() || err != LXW_NO_ERROR) {
    std::remove(path.c_str());
    if (!filled.ok()) return filled;
    return Status::Io(std::string("workbook: ") + lxw_strerror(err));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return Status::Io("cannot read the workbook back");
  std::ostringstream ss;
  ss << in.rdbuf();
  in.close();
  std::remove(path.c_str());
  return ss.str();
}

}  // namespace sabt::web
