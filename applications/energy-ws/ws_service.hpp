#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <memory>

#include "broker_probe.hpp"
#include "core/auth/authenticator.hpp"
#include "core/http/cors.hpp"
#include "core/http/dispatcher.hpp"
#include "core/http/router.hpp"
#include "core/metrics/exposition.hpp"
#include "hub.hpp"
#include "listener.hpp"
#include "stream_consumer.hpp"
#include "upgrade_gate.hpp"
#include "ws_config.hpp"
#include "ws_metrics.hpp"
#include "ws_session.hpp"

namespace energy_ws {

// The service assembled: the Kafka consumer feeding the hub, the listener with its gate and
// sessions, and /health, /healthz, /readyz and /metrics. Everything except the consumer (and the
// readiness probe) runs on one io thread, which is what keeps the fan-out free of locks. It binds
// in the constructor.
class WsService {
 public:
  explicit WsService(WsConfig config);
  WsService(const WsService&) = delete;
  WsService& operator=(const WsService&) = delete;
  ~WsService();

  std::uint16_t port() const { return listener_.port(); }
  core::metrics::Registry& registry() { return registry_; }
  // SIGTERM and SIGINT call stop().
  void stop_on_signals();
  // Serves until stop(); call once.
  void run();
  // From any thread: stop accepting, close every session with 1001, return from run() once they
  // are closed or the shutdown timeout passed.
  void stop();

 private:
  void add_routes();
  boost::asio::awaitable<core::http::Response> readiness();
  void begin_shutdown();
  void finish();

  WsConfig config_;
  SessionOptions session_options_;
  core::metrics::Registry registry_;
  WsMetrics metrics_;
  std::shared_ptr<const core::auth::Authenticator> authenticator_;
  Hub hub_;
  UpgradeGate gate_;
  core::http::Router router_;
  core::http::Cors cors_;
  core::http::Dispatcher dispatcher_;
  BrokerProbe probe_;
  // Declared after everything the sessions use: destroying it destroys the sessions still
  // suspended in it.
  boost::asio::io_context ioc_{1};
  boost::asio::thread_pool pool_{1};  // the blocking readiness probe
  Listener listener_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer shutdown_deadline_;
  StreamConsumer consumer_;  // last: stopped before the io_context it posts to goes away
  bool stopping_ = false;
};

}  // namespace energy_ws
