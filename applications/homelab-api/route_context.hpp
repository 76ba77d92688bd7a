#pragma once

#include <functional>
#include <string>

#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/http/router.hpp"
#include "core/time/rfc3339.hpp"
#include "telemetry_database.hpp"

namespace homelab_api {

// The request time; tests fix it.
using Clock = std::function<core::time::TimePoint()>;

// One route of the API before it is added to the server: api_routes() lists them all, so that the
// OpenAPI document can be compared with the routes the service really serves.
struct ApiRoute {
  core::http::Verb method;
  std::string pattern;
  std::string group;  // the auth route group (route_scopes.hpp) or core::http::kPublicGroup
  core::http::Handler handler;
};

// What the handlers share. The database outlives every request the server runs.
struct RouteContext {
  TelemetryDatabase& database;
  Clock now;
};

}  // namespace homelab_api
