#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "core/http/server.hpp"
#include "core/metrics/exposition.hpp"

namespace device_sim {

// The optional HTTP side: /healthz, /readyz (answers 200 while `connected` says the MQTT
// connection is up) and /metrics, served on a thread of its own until destruction. The local
// stack starts device-sim like any service and waits for /readyz.
class HealthServer {
 public:
  HealthServer(const std::string& address, std::uint16_t port, core::metrics::Registry& registry,
               std::function<bool()> connected);
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;
  HealthServer(HealthServer&&) = delete;
  HealthServer& operator=(HealthServer&&) = delete;
  ~HealthServer();

 private:
  core::http::Server server_;
  std::thread thread_;
};

}  // namespace device_sim
