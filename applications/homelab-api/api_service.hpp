#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api_config.hpp"
#include "core/auth/authenticator.hpp"
#include "core/http/server.hpp"
#include "core/metrics/exposition.hpp"
#include "route_context.hpp"
#include "telemetry_database.hpp"

namespace homelab_api {

// The request time of the running service: the system clock.
core::time::TimePoint system_now();

// The API assembled: the read-only pool, the authenticator (config.auth) guarding every route
// outside the public group with the scope of its group, the HTTP server, /readyz's checks and the
// start-up time zone check. It binds in the constructor.
class ApiService {
 public:
  explicit ApiService(const ApiConfig& config, Clock clock = system_now);

  std::uint16_t port() const { return server_.port(); }
  // Stops the service on SIGTERM and SIGINT, finishing the requests in flight.
  void stop_on_signals() { server_.stop_on_signals(); }
  // Serves until stop(); call once.
  void run();
  // From any thread.
  void stop() { server_.stop(); }

  TelemetryDatabase& database() { return database_; }
  // The io_context the database's coroutines must run on.
  boost::asio::io_context& context() { return server_.context(); }

 private:
  core::metrics::Registry registry_;
  std::string time_zone_;
  core::http::Server server_;
  // Declared after the server, so its idle connections close while the server's io_context, which
  // watches their sockets, still exists.
  TelemetryDatabase database_;
};

}  // namespace homelab_api
