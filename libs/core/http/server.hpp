#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/http/cors.hpp"
#include "core/http/dispatcher.hpp"
#include "core/http/options.hpp"
#include "core/http/router.hpp"
#include "core/metrics/exposition.hpp"

namespace core::http {

class Session;

// The HTTP/1.1 server of every service. It binds in the constructor, serves /healthz, /readyz and
// /metrics itself, and runs one io_context on Options::io_threads threads. Add routes and
// readiness checks before run(): the threads read them without locking.
class Server {
 public:
  // Throws boost::system::system_error when the address cannot be bound.
  Server(Options options, metrics::Registry& registry);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  Router& router() { return router_; }
  // Checks every route outside kPublicGroup before its handler (core/auth's protect() installs
  // one). Call before run().
  void set_authenticator(Authenticator authenticator) {
    dispatcher_.set_authenticator(std::move(authenticator));
  }
  // /readyz answers 503 while a check returns false or throws. Checks run on the blocking pool
  // and should bound their own time (the contract's "SELECT 1 within 2 s").
  void add_readiness_check(std::string name, std::function<bool()> check);
  // SIGTERM and SIGINT call stop().
  void stop_on_signals();

  std::uint16_t port() const { return port_; }
  // Shared with the service's other asynchronous work; stopped when the server stops.
  boost::asio::io_context& context() { return ioc_; }
  // For offload() in handlers.
  boost::asio::thread_pool& blocking_pool() { return pool_; }

  // Serves until stop(), then returns once the requests in flight are answered or
  // shutdown_timeout has passed. Call once.
  void run();
  // From any thread: stop accepting, close idle connections, let requests in flight finish.
  void stop();

 private:
  struct ReadinessCheck {
    std::string name;
    std::function<bool()> check;
  };

  void add_builtin_routes();
  boost::asio::awaitable<Response> readiness();
  boost::asio::awaitable<void> accept_loop();
  void start_session(boost::asio::ip::tcp::socket socket);
  void begin_shutdown();
  void finish();

  Options options_;
  metrics::Registry& registry_;
  Router router_;
  Cors cors_;
  Dispatcher dispatcher_;
  std::vector<ReadinessCheck> readiness_checks_;
  // Declared after everything the sessions use: destroying it destroys the sessions still
  // suspended in it.
  boost::asio::io_context ioc_;
  boost::asio::thread_pool pool_;
  // Serializes accepting, the session set and shutdown.
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer shutdown_deadline_;
  std::unordered_set<std::shared_ptr<Session>> sessions_;  // every open connection
  std::size_t serving_ = 0;                                // those not rejected
  std::uint16_t port_ = 0;
  bool stopping_ = false;
};

}  // namespace core::http
