#pragma once

#include <vector>

#include "route_context.hpp"

namespace homelab_api {

// /api/v1/heatpump/latest and /api/v1/heatpump/daily-summary (contracts/homelab-api.md sections
// 5.6 and 5.7), optionally restricted to one `device_id`. An empty device_id counts as absent.
std::vector<ApiRoute> heatpump_routes(const RouteContext& context);

}  // namespace homelab_api
