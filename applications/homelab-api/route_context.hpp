#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <string>

#include "core/http/offload.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/http/router.hpp"
#include "core/pg/connection.hpp"
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

// What the handlers share. The referenced objects outlive the server.
struct RouteContext {
  TelemetryDatabase& database;
  boost::asio::thread_pool& blocking;
  Clock now;
};

// Runs build(connection) with a pooled read-only connection on the blocking pool and answers with
// the response it returns. The JSON is built there too, so the I/O threads only move bytes.
// Database failures become 503 or 500 (TelemetryDatabase::run); a core::http::Error that build
// throws (404 no data) is answered as it is.
template <typename Build>
boost::asio::awaitable<core::http::Response> respond_from_database(RouteContext context,
                                                                   Build build) {
  auto response = co_await core::http::offload(context.blocking, [&context, &build] {
    core::http::Response out;
    context.database.run([&out, &build](core::pg::Connection& conn) { out = build(conn); });
    return out;
  });
  co_return response;
}

}  // namespace homelab_api
