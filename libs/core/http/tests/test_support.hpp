#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "core/http/server.hpp"

namespace core::http::testing {

// Short timeouts, loopback, a free port, one io thread (so that a blocked thread would show).
Options test_options();

// A Server running on its own thread; stopped and joined on destruction.
class RunningServer {
 public:
  explicit RunningServer(Options options, const std::function<void(Server&)>& setup = {});
  ~RunningServer();
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  Server& server() { return server_; }
  std::uint16_t port() const { return server_.port(); }
  // Waits for run() to return; false when it has not within the timeout.
  bool wait_stopped(std::chrono::milliseconds timeout);

 private:
  metrics::Registry registry_;
  Server server_;
  std::jthread thread_;
  std::atomic<bool> stopped_ = false;
};

// A blocking HTTP/1.1 client over one connection whose every operation gives up after a few
// seconds, so that a misbehaving server fails a test instead of hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port);

  // Sends a request (Host is set) and reads its response.
  Response request(Message message);
  Response get(std::string_view target);
  void send(Message message);
  void send_raw(std::string_view bytes);
  // Reads the next response; throws when none arrives.
  Response read(bool head = false);
  // True when the server closes the connection before sending anything more.
  bool closed_by_server();

 private:
  template <typename Start>
  boost::beast::error_code complete(Start start);

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

Message make_request(Verb method, std::string_view target);
boost::json::value body_json(const Response& response);
std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point start);

}  // namespace core::http::testing
