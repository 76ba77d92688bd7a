#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ws_test {

using Headers = std::vector<std::pair<std::string, std::string>>;
using namespace std::chrono_literals;

struct ClientOptions {
  std::string target = "/ws/energy";
  Headers headers;
  int receive_buffer = 0;  // SO_RCVBUF before connecting; 0 keeps the kernel's default
};

// A blocking Beast WebSocket client whose every operation gives up after a timeout, so that a
// misbehaving server fails a test instead of hanging it.
class WsClient {
 public:
  // Connects and upgrades; throws std::runtime_error (with status and body) when refused.
  WsClient(std::uint16_t port, const ClientOptions& options = {});
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // The server's answer to an upgrade it refuses (or the 101 of one it accepts).
  static boost::beast::websocket::response_type attempt(std::uint16_t port,
                                                        const ClientOptions& options = {});

  void send(std::string_view text);
  // The next text frame; nullopt once the server closed the connection (see close_code()).
  // Throws ReadTimeout on timeout, leaving the read pending, so a later read() still gets the
  // frame.
  std::optional<std::string> read(std::chrono::milliseconds timeout = 5s);
  // Reads frames until `match` accepts one, which is returned; throws on timeout or close.
  boost::json::object read_until(const std::function<bool(const boost::json::object&)>& match,
                                 std::chrono::milliseconds timeout = 5s);
  // Reads until the server closes; throws on timeout.
  void read_until_closed(std::chrono::milliseconds timeout = 5s);
  std::uint16_t close_code() const { return ws_.reason().code; }
  int pings_received() const { return pings_; }

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  bool pending_ = false;
  bool done_ = false;
  boost::beast::error_code result_;
  int pings_ = 0;
};

class ReadTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

boost::json::object parse_frame(const std::string& text);
// Frame predicates for read_until.
std::function<bool(const boost::json::object&)> of_type(std::string type);
// A data frame whose value has this device_id.
std::function<bool(const boost::json::object&)> data_of(std::string device_id);

}  // namespace ws_test
