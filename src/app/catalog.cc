#include "app/catalog.h"

namespace sabt::app {

domain::AppealReference CatalogSnapshot::AppealRef() const {
  domain::AppealReference r;
  for (const auto& c : channels) r.channels.insert(c.code);
  for (const auto& c : categories) r.categories.insert(c.code);
  return r;
}

std::string CatalogSnapshot::ItemName(const std::vector<store::ReferenceItem>& list, const std::string& code,
                                      const std::string& lang) const {
  for (const auto& it : list) {
    if (it.code != code) continue;
    if (lang == "ru") return it.name_ru;
    if (lang == "en") return it.name_en;
    return it.name_tg;
  }
  return code;
}

Status Catalog::Reload(store::Store& store) {
  auto tx = store.Read();
  if (!tx.ok()) return tx.status();
  auto depts = (*tx)->Departments();
  if (!depts.ok()) return depts.status();
  auto tree = domain::DepartmentTree::Build(std::move(*depts));
  if (!tree.ok()) return tree.status();
  auto snap = std::make_shared<CatalogSnapshot>();
  snap->tree = std::move(*tree);
  auto ch = (*tx)->Reference("channels");
  if (!ch.ok()) return ch.status();
  snap->channels = std::move(*ch);
  auto cat = (*tx)->Reference("appeal_categories");
  if (!cat.ok()) return cat.status();
  snap->categories = std::move(*cat);
  std::lock_guard<std::mutex> lock(mu_);
  snap_ = std::move(snap);
  return Status::Ok();
}

std::shared_ptr<const CatalogSnapshot> Catalog::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snap_;
}

}  // namespace sabt::app
