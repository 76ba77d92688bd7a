#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <memory>

#include "core/http/dispatcher.hpp"
#include "core/http/options.hpp"
#include "core/http/response.hpp"

namespace core::http {

// One client connection: reads requests within the limits and timeouts of Options, hands them to
// the dispatcher and writes the responses, with keep-alive. It runs on the socket's executor (a
// strand of its own when several threads run the server); stop() and close() are the only calls
// from elsewhere. Part of Server.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, const Options& options,
          const Dispatcher& dispatcher);

  boost::asio::any_io_executor executor() { return socket_.get_executor(); }
  // Serves requests until the client leaves, a limit or timeout is hit, or stop().
  boost::asio::awaitable<void> serve();
  // Sends the response without reading a request (too many connections), then closes.
  boost::asio::awaitable<void> reject(Response response);
  // From any thread: answer the request in flight, if any, then close.
  void stop();
  // Closes the socket at once; on the session's strand or while no thread runs the io_context.
  void close();

 private:
  boost::asio::awaitable<bool> wait_for_request();
  boost::asio::awaitable<bool> write(Response response, bool head = false);
  boost::asio::awaitable<void> linger();
  void arm(std::chrono::milliseconds timeout);
  void disarm();
  // Starts the wait for expiry_, replacing the pending one.
  void watch();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer deadline_;
  // When the operation in progress times out; max while none is timed.
  std::chrono::steady_clock::time_point expiry_ = std::chrono::steady_clock::time_point::max();
  bool watching_ = false;  // a wait on deadline_ is pending
  boost::beast::flat_buffer buffer_;
  boost::asio::ip::tcp::endpoint peer_;
  const Options& options_;
  const Dispatcher& dispatcher_;
  bool timed_out_ = false;  // the deadline passed and cancelled the pending operation
  bool idle_ = false;       // no request in progress: stop() may cut the wait short
  bool stopping_ = false;
};

}  // namespace core::http
