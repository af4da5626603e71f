#include "web/form_errors.h"

#include <set>

#include "http/i18n.h"

namespace sabt::web {
namespace {

bool Has(const std::string& key) { return http::Catalogue("tg").contains(key); }

std::string Underscored(std::string s) {
  for (auto& c : s)
    if (c == '.') c = '_';
  return s;
}

}  // namespace

std::string FieldMessage(const std::string& lang, const std::string& field, const std::string& code,
                         const std::string& label_prefix, const std::string& step) {
  std::string f = Underscored(field);
  std::string bare = field.substr(field.find('.') == std::string::npos ? 0 : field.rfind('.') + 1);
  for (const std::string& k : {step.empty() ? std::string() : "err_" + step + "_" + f + "_" + code,
                               "err_" + f + "_" + code, "err_" + bare + "_" + code})
    if (!k.empty() && Has(k)) return http::T(lang, k);
  std::string label = Has(label_prefix + f) ? http::T(lang, label_prefix + f) : http::T(lang, "field_" + bare);
  return label + ": " + http::T(lang, "err_" + code);
}

void AddFormErrors(mstch::map& data, const domain::Problems& problems, const std::string& lang,
                   const std::string& label_prefix, std::string (*anchor_of)(const std::string& field)) {
  mstch::array summary;
  std::set<std::string> seen;
  for (const auto& p : problems) {
    std::string f = Underscored(p.field);
    std::string msg = FieldMessage(lang, p.field, p.code, label_prefix);
    if (!seen.insert(f).second) continue;  // one message per field: the first problem is the one to fix
    summary.push_back(mstch::map{{"field", anchor_of ? anchor_of(p.field) : f}, {"message", msg}});
    data["err_" + f] = msg;
  }
  data["has_errors"] = !problems.empty();
  data["errors"] = summary;
}

}  // namespace sabt::web
