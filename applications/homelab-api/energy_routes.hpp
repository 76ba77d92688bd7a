#pragma once

#include <vector>

#include "route_context.hpp"

namespace homelab_api {

// /api/v1/energy/*: latest, hourly-total, history and the daily, monthly and yearly summaries
// (contracts/homelab-api.md sections 5.2 to 5.5). The numbers come from the database's views
// (database.md section 3); nothing is aggregated here.
std::vector<ApiRoute> energy_routes(const RouteContext& context);

}  // namespace homelab_api
