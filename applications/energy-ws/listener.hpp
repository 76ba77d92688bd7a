#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/auth/authenticator.hpp"
#include "core/http/dispatcher.hpp"
#include "hub.hpp"
#include "upgrade_gate.hpp"
#include "ws_metrics.hpp"
#include "ws_session.hpp"

namespace energy_ws {

// The WebSocket path of the contract; the proxy keeps it.
inline constexpr std::string_view kWebSocketPath = "/ws/energy";

// The one HTTP/1.1 port (contract section 1): upgrade requests to kWebSocketPath go through the
// gate and become sessions; every other request (health, readiness, metrics, 404, 405) is
// answered by core/http's dispatcher, with keep-alive.
class Listener {
 public:
  struct Parts {
    const core::http::Dispatcher& dispatcher;
    const UpgradeGate& gate;
    Hub& hub;
    const core::auth::Authenticator& authenticator;
    const SessionOptions& session_options;
    WsMetrics& metrics;
  };

  // Binds at once; throws boost::system::system_error when it cannot.
  Listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
           Parts parts);

  std::uint16_t port() const { return port_; }
  void start();
  // On the io thread: stop accepting. Connections already open are left alone.
  void stop();

 private:
  struct Upgrade;

  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<std::optional<Upgrade>> serve_http(boost::beast::tcp_stream& stream,
                                                            boost::asio::ip::tcp::endpoint peer);

  boost::asio::io_context& ioc_;
  Parts parts_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
};

}  // namespace energy_ws
