#include "api_service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <chrono>

#include "api_routes.hpp"
#include "route_scopes.hpp"
#include "time_zone_check.hpp"

namespace homelab_api {
namespace {

// Contract section 5: 503 when no connection can be obtained within 5 s.
constexpr std::chrono::milliseconds kAcquireTimeout{5'000};

core::http::Options http_options(const ApiConfig& config) {
  core::http::Options options;
  options.address = config.address;
  options.port = config.port;
  // The pool's statements run on the io thread (TelemetryDatabase); the blocking threads only open
  // connections and run /readyz's check, which uses a connection of its own.
  options.io_threads = 1;
  options.blocking_threads = 2;
  options.cors.allowed_origins = config.cors_allowed_origins;
  return options;
}

// /readyz: SELECT 1 within 2 s on a connection of its own, so a pool busy with slow queries does
// not make the service look unready.
bool database_ready(const std::string& conninfo) {
  core::pg::Connection conn(conninfo + " connect_timeout=2");
  conn.exec_script("SET statement_timeout = 2000");
  return conn.exec("SELECT 1").rows() == 1;
}

}  // namespace

core::time::TimePoint system_now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

ApiService::ApiService(const ApiConfig& config, Clock clock)
    : time_zone_(config.time_zone),
      server_(http_options(config), registry_),
      database_(config.database_conninfo, config.pool_size, kAcquireTimeout,
                server_.blocking_pool(), registry_) {
  const RouteContext context{database_, std::move(clock)};
  add_routes(server_.router(), api_routes(context));
  auto authenticator = std::make_shared<const core::auth::Authenticator>(config.auth, registry_);
  core::auth::protect(server_, authenticator, route_scopes());
  server_.add_readiness_check(
      "database", [conninfo = config.database_conninfo] { return database_ready(conninfo); });
  // jwt mode: no caller can be authenticated before the issuers' keys have been fetched once.
  server_.add_readiness_check("identity provider",
                              [authenticator] { return authenticator->ready(); });
}

void ApiService::run() {
  boost::asio::co_spawn(server_.context(), check_time_zone(database_, time_zone_),
                        boost::asio::detached);
  server_.run();
}

}  // namespace homelab_api
