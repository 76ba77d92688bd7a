#include "api_service.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "patch_request.hpp"
#include "settings_common/telemetry_consumer.hpp"
#include "settings_routes.hpp"

namespace settings_api {
namespace {

// 503 when no connection can be obtained within 5 s (homelab-api.md section 5).
constexpr std::chrono::milliseconds kAcquireTimeout{5'000};

core::http::Options http_options(const ApiConfig& config) {
  core::http::Options options;
  options.address = config.address;
  options.port = config.port;
  // One thread per pooled connection, so every connection can be busy, and one for /readyz.
  options.blocking_threads = config.pool_size + 1;
  options.body_limit = kBodyLimit;
  options.cors.allowed_origins = config.cors_allowed_origins;
  options.cors.allowed_methods = "GET, PATCH, OPTIONS";
  return options;
}

// /readyz: SELECT 1 within 2 s on a connection of its own.
bool database_ready(const std::string& conninfo) {
  core::pg::Connection conn(conninfo + " connect_timeout=2");
  conn.exec_script("SET statement_timeout = 2000");
  return conn.exec("SELECT 1").rows() == 1;
}

}  // namespace

ApiService::ApiService(const ApiConfig& config)
    : config_(config),
      database_(config.database_conninfo, config.pool_size, kAcquireTimeout, registry_),
      mirror_(config.database_conninfo, registry_),
      server_(http_options(config), registry_) {
  const RouteContext context{database_, server_.blocking_pool(), config.outbox_max_retries,
                             config.database_conninfo};
  for (auto& route : api_routes(context)) {
    server_.router().add(route.method, route.pattern, route.handler, route.group);
  }
  auto authenticator = std::make_shared<const core::auth::Authenticator>(config.auth, registry_);
  core::auth::protect(server_, authenticator, route_scopes());
  server_.add_readiness_check(
      "database", [conninfo = config.database_conninfo] { return database_ready(conninfo); });
  server_.add_readiness_check("identity provider",
                              [authenticator] { return authenticator->ready(); });
}

bool ApiService::run() {
  {
    std::jthread mirror_thread([this](const std::stop_token& stop) {
      try {
        settings_common::TelemetryConsumer consumer(
            config_.kafka,
            [this](const core::kafka::Message& record) { mirror_.handle(record.value); },
            [](const std::exception& e, std::chrono::milliseconds delay) {
              spdlog::warn("settings mirror: cannot apply a record, retrying in {} ms: {}",
                           delay.count(), e.what());
            });
        consumer.run(stop);
      } catch (const std::exception& e) {
        spdlog::critical("settings mirror: {}; stopping the service", e.what());
        mirror_failed_ = true;
        server_.stop();
      }
    });
    server_.run();
    mirror_thread.request_stop();
  }
  return !mirror_failed_;
}

}  // namespace settings_api
