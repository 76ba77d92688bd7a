#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "api_config.hpp"
#include "core/auth/authenticator.hpp"
#include "core/http/server.hpp"
#include "core/metrics/exposition.hpp"
#include "settings_database.hpp"
#include "settings_mirror.hpp"

namespace settings_api {

// The settings API assembled: the pool, the authenticator guarding every route outside the
// public group with its group's scope, the HTTP server, /readyz's checks, and the settings
// mirror consuming the heat pump telemetry on a thread of its own. It binds in the constructor.
class ApiService {
 public:
  explicit ApiService(const ApiConfig& config);

  std::uint16_t port() const { return server_.port(); }
  // SIGTERM and SIGINT stop the service, finishing the requests in flight.
  void stop_on_signals() { server_.stop_on_signals(); }
  // Serves and mirrors until stop(); call once. False when the mirror failed beyond recovery
  // (which stops the service).
  bool run();
  // From any thread.
  void stop() { server_.stop(); }

 private:
  ApiConfig config_;
  core::metrics::Registry registry_;
  // Declared before the server: handlers and blocking work still running while the server shuts
  // down use them.
  SettingsDatabase database_;
  SettingsMirror mirror_;
  core::http::Server server_;
  std::atomic<bool> mirror_failed_ = false;
};

}  // namespace settings_api
