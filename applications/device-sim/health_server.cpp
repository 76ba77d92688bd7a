#include "health_server.hpp"

namespace device_sim {
namespace {

core::http::Options http_options(const std::string& address, std::uint16_t port) {
  core::http::Options options;
  options.address = address;
  options.port = port;
  options.blocking_threads = 1;  // only the readiness check runs there
  return options;
}

}  // namespace

HealthServer::HealthServer(const std::string& address, std::uint16_t port,
                           core::metrics::Registry& registry, std::function<bool()> connected)
    : server_(http_options(address, port), registry) {
  server_.add_readiness_check("mqtt", std::move(connected));
  thread_ = std::thread([this] { server_.run(); });
}

HealthServer::~HealthServer() {
  server_.stop();
  thread_.join();
}

}  // namespace device_sim
