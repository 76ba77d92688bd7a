#pragma once

#include "route_context.hpp"

namespace homelab_api {

// GET /api/v1/user/info (contracts/homelab-api.md section 5.1): who the caller is, as the
// configured auth mode sees it.
ApiRoute user_info_route(const RouteContext& context);

}  // namespace homelab_api
