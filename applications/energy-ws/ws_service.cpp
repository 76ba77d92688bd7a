#include "ws_service.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/object.hpp>
#include <csignal>
#include <utility>

#include "core/http/offload.hpp"

namespace energy_ws {
namespace {

namespace asio = boost::asio;
using core::http::Request;
using core::http::Response;
using core::http::Status;

// The contract's readiness bound on the broker check.
constexpr std::chrono::milliseconds kProbeTimeout{2'000};

SessionOptions session_options(const WsConfig& config) {
  SessionOptions options;
  options.send_queue_frames = config.send_queue_frames;
  options.stuck_timeout = config.stuck_timeout;
  options.ping_interval = config.ping_interval;
  options.pong_timeout = config.pong_timeout;
  options.close_timeout = config.close_timeout;
  options.enforce_scopes = config.auth.enforce_scopes;
  return options;
}

core::http::CorsOptions cors_options(const WsConfig& config) {
  core::http::CorsOptions options;
  options.allowed_origins = config.cors_allowed_origins;
  return options;
}

Response not_ready(std::string_view error) {
  return core::http::json(Status::service_unavailable,
                          boost::json::object{{"status", "not_ready"}, {"error", error}});
}

}  // namespace

WsService::WsService(WsConfig config)
    : config_(std::move(config)),
      session_options_(session_options(config_)),
      metrics_(registry_, config_.topics),
      authenticator_(std::make_shared<const core::auth::Authenticator>(config_.auth, registry_)),
      hub_(config_.max_connections, metrics_),
      gate_(*authenticator_, config_.cors_allowed_origins, hub_, metrics_),
      cors_(cors_options(config_)),
      dispatcher_(router_, cors_, registry_),
      probe_(config_.kafka_brokers),
      listener_(ioc_, {asio::ip::make_address(config_.address), config_.port},
                {dispatcher_, gate_, hub_, *authenticator_, session_options_, metrics_}),
      signals_(ioc_),
      shutdown_deadline_(ioc_),
      consumer_(config_, metrics_, probe_, [this](Stream stream, Reading reading, bool live) {
        // The hub lives on the io thread; the record is handed over, not shared.
        asio::post(ioc_, [this, stream, reading = std::move(reading), live] {
          if (live) {
            hub_.publish(stream, reading);
          } else {
            hub_.remember(stream, reading);
          }
        });
      }) {
  add_routes();
}

WsService::~WsService() {
  consumer_.stop();
}

void WsService::add_routes() {
  const std::string public_group(core::http::kPublicGroup);
  router_.add(
      core::http::Verb::get, "/health",
      [](Request&) -> asio::awaitable<Response> { co_return core::http::text(Status::ok, "OK"); },
      public_group);
  router_.add(
      core::http::Verb::get, "/healthz",
      [](Request&) -> asio::awaitable<Response> {
        co_return core::http::json(Status::ok, boost::json::object{{"status", "ok"}});
      },
      public_group);
  router_.add(
      core::http::Verb::get, "/readyz", [this](Request&) { return readiness(); }, public_group);
  router_.add(
      core::http::Verb::get, "/metrics",
      [this](Request&) -> asio::awaitable<Response> {
        co_return core::http::text(Status::ok, core::metrics::expose(registry_),
                                   core::metrics::kContentType);
      },
      public_group);
}

asio::awaitable<Response> WsService::readiness() {
  if (!consumer_.assigned()) {
    co_return not_ready("kafka partitions not assigned");
  }
  // jwt mode: nobody can connect before the issuers' keys have been fetched once.
  if (!authenticator_->ready()) {
    co_return not_ready("identity provider keys not loaded");
  }
  const bool reachable =
      co_await core::http::offload(pool_, [this] { return probe_.reachable(kProbeTimeout); });
  if (!reachable) {
    co_return not_ready("kafka broker unreachable");
  }
  co_return core::http::json(Status::ok, boost::json::object{{"status", "ready"}});
}

void WsService::stop_on_signals() {
  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) {
      spdlog::info("ws: signal {} received", signal);
      begin_shutdown();
    }
  });
}

void WsService::run() {
  spdlog::info("ws: listening on {}:{}", config_.address, listener_.port());
  consumer_.start();
  listener_.start();
  ioc_.run();
  consumer_.stop();
  spdlog::info("ws: stopped");
}

void WsService::stop() {
  asio::post(ioc_, [this] { begin_shutdown(); });
}

void WsService::begin_shutdown() {
  if (stopping_) {
    return;
  }
  stopping_ = true;
  spdlog::info("ws: stopping with {} connection(s)", hub_.connections());
  listener_.stop();
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  shutdown_deadline_.expires_after(config_.shutdown_timeout);
  shutdown_deadline_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) {
      spdlog::warn("ws: {} connection(s) still open after the shutdown timeout",
                   hub_.connections());
      finish();
    }
  });
  hub_.shutdown([this] { finish(); });
}

void WsService::finish() {
  shutdown_deadline_.cancel();
  ioc_.stop();
}

}  // namespace energy_ws
