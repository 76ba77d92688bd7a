#pragma once

#include <vector>

#include "route_context.hpp"

namespace homelab_api {

// /api/v1/temperature/latest, /all-latest and /history (contracts/homelab-api.md sections 5.8
// and 5.9).
std::vector<ApiRoute> temperature_routes(const RouteContext& context);

}  // namespace homelab_api
