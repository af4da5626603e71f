// sabt user add | department list | department import | reference import
#include <iostream>
#include <sstream>
#include <fstream>

#include "app/admin.h"
#include "app/admin/department_close.h"
#include "cli/commands.h"

namespace sabt::cli {
namespace {

struct AdminArgs {
  std::string db = DefaultDb();
  app::NewUser user;
  bool password_stdin = false;
  std::string file, list, lang = "tg";
  app::CloseRequest close;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

void RegisterAdminCommands(CLI::App& cli) {
  auto args = std::make_shared<AdminArgs>();

  auto* user = cli.add_subcommand("user", "Manage user accounts");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "Create a user (the password is read from standard input)");
  add->add_option("--db", args->db, "Database URL")->capture_default_str();
  add->add_option("--username", args->user.username, "Login name: a-z 0-9 . _ -")->required();
  add->add_flag("--password-stdin", args->password_stdin, "Read the password from standard input")->required();
  add->add_option("--role", args->user.role,
                  "desk_officer | mobile_officer | investigator | head | analyst | prosecutor | auditor | admin | "
                  "programme_coordinator | partner | video_room")
      ->required();
  add->add_option("--department", args->user.department, "Department code (see `sabt department list`)")->required();
  add->add_option("--name", args->user.display_name, "Display name");
  add->callback([args] {
    std::string pw;
    std::getline(std::cin, pw);
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    args->user.password = pw;
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto id = app::AddUser(**a, args->user);
    if (!id.ok()) {
      std::cerr << "sabt user add: " << id.status().message() << "\n";
      return SetExitCode(1);
    }
    std::cout << "created user " << args->user.username << " (" << *id << ")\n";
  });

  auto* dept = cli.add_subcommand("department", "Departments: list, import or close");
  dept->require_subcommand(1);
  auto* list = dept->add_subcommand("list", "Print departments, one a line, code first");
  list->add_option("--db", args->db, "Database URL")->capture_default_str();
  list->add_option("--lang", args->lang, "tg | ru | en")->check(CLI::IsMember({"tg", "ru", "en"}))->capture_default_str();
  list->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto snap = (*a)->catalog().Get();
    for (const auto& [d, depth] : snap->tree.Ordered())
      std::cout << d->code << "\t" << domain::DepartmentKindId(d->kind) << "\t" << (d->parent.empty() ? "-" : d->parent)
                << "\t" << d->Name(args->lang) << (d->closed() ? "\tclosed" : "") << "\n";
  });
  auto* imp = dept->add_subcommand("import", "Load departments from CSV: code,parent_code,kind,name_tg,name_ru,name_en");
  imp->add_option("--db", args->db, "Database URL")->capture_default_str();
  imp->add_option("FILE", args->file, "CSV file")->required();
  imp->callback([args] {
    auto text = ReadFile(args->file);
    if (!text.ok()) {
      std::cerr << "sabt department import: " << text.status().message() << "\n";
      return SetExitCode(1);
    }
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    Status st = app::LoadDepartmentsCsv(**a, *text);
    if (!st.ok()) {
      std::cerr << "sabt department import: " << args->file << ": " << st.message() << " (nothing loaded)\n";
      return SetExitCode(1);
    }
    std::cout << "loaded departments from " << args->file << "\n";
  });

  // Closing a department (deptclose; docs/api.md "Closing a department").
  auto* close = dept->add_subcommand(
      "close",
      "Close a department: it stays in the tree and in every record, but takes nothing new. Refused while it "
      "has open appeals, queued online submissions, open crime records, active users or open child departments");
  close->add_option("--db", args->db, "Database URL")->capture_default_str();
  close->add_option("CODE", args->close.code, "Code of the department to close")->required();
  close->add_option("--reason", args->close.reason, "Why it closes (3-500 characters; kept in the journal)")
      ->required();
  close->add_option("--successor", args->close.successor, "Code of the open department that takes over its work");
  close->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    Status st = app::CloseDepartment(**a, args->close, app::kSystemActor);
    if (!st.ok()) {
      std::cerr << "sabt department close: " << st.message() << " (nothing changed)\n";
      return SetExitCode(1);
    }
    std::cout << "closed department " << args->close.code << "\n";
  });

  auto* ref = cli.add_subcommand("reference", "Reference lists an administrator can edit");
  ref->require_subcommand(1);
  auto* rimp = ref->add_subcommand("import", "Replace a list from CSV: code,name_tg,name_ru,name_en[,extra…]");
  rimp->add_option("--db", args->db, "Database URL")->capture_default_str();
  rimp->add_option("--list", args->list,
                   "channels | appeal_categories | holidays | return_grounds | crime_keywords | settings | "
                   "crime_deadlines | refusal_grounds | jamoats | submission_reject_grounds")
      ->check(CLI::IsMember({"channels", "appeal_categories", "holidays", "return_grounds", "crime_keywords",
                             "settings", "crime_deadlines", "refusal_grounds", "jamoats",
                             "submission_reject_grounds"}))
      ->required();
  rimp->add_option("FILE", args->file, "CSV file")->required();
  rimp->callback([args] {
    auto text = ReadFile(args->file);
    if (!text.ok()) {
      std::cerr << "sabt reference import: " << text.status().message() << "\n";
      return SetExitCode(1);
    }
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    Status st = app::LoadReferenceCsv(**a, args->list, *text);
    if (!st.ok()) {
      std::cerr << "sabt reference import: " << args->file << ": " << st.message() << " (nothing loaded)\n";
      return SetExitCode(1);
    }
    std::cout << "loaded " << args->list << " from " << args->file << "\n";
  });
}

}  // namespace sabt::cli
