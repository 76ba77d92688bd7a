#pragma once

#include <vector>

#include "core/http/router.hpp"
#include "route_context.hpp"

namespace homelab_api {

// Every route the API adds to the server, which itself serves /healthz, /readyz and /metrics:
// the endpoints of contracts/homelab-api.md section 5, GET /health and GET /api/v1/openapi.json.
std::vector<ApiRoute> api_routes(const RouteContext& context);

void add_routes(core::http::Router& router, const std::vector<ApiRoute>& routes);

}  // namespace homelab_api
