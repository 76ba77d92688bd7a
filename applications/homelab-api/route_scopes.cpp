#include "route_scopes.hpp"

namespace homelab_api {

core::auth::ScopePolicy route_scopes() {
  return {{"energy", "read:energy"},
          {"heatpump", "read:heatpump"},
          {"temperature", "read:temperature"},
          {"user", ""}};
}

}  // namespace homelab_api
