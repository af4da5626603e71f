#include "app/demo/fill.h"

#include "domain/role.h"

namespace sabt::app {

Result<Principal> DemoPrincipal(App& app, const std::string& username) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto u = (*tx)->UserByUsername(username);
  if (!u.ok()) return u.status();
  if (!u->has_value()) return Status::NotFound("demo user " + username + " is missing");
  auto role = domain::ParseRole((*u)->role);
  if (!role) return Status::Corruption("demo user " + username + " has no known role");
  Principal p;
  p.user = **u;
  p.role = *role;
  return p;
}

Status FillDemo(App& app, uint64_t seed) {
  DemoRng rng(seed ^ 0x5ab7f111ULL);  // its own stream: the appeals of demo.cc stay as they were
  SABT_RETURN_IF_ERROR(FillDemoCrime(app, rng));
  SABT_RETURN_IF_ERROR(FillDemoAppeals(app, rng));
  return FillDemoTrips(app, rng);
}

}  // namespace sabt::app
