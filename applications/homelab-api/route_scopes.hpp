#pragma once

#include "core/auth/authenticator.hpp"

namespace homelab_api {

// The scope each route group needs in jwt mode (contracts/homelab-api.md section 2); "" means
// authenticated only. The "public" group (/health, /healthz, /readyz, /metrics, the OpenAPI
// document) is never authenticated.
core::auth::ScopePolicy route_scopes();

}  // namespace homelab_api
