#include "core/http/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <csignal>
#include <thread>
#include <utility>

#include "core/http/offload.hpp"
#include "core/http/session.hpp"

namespace core::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
// The pause after a failed accept (typically out of file descriptors), so the loop does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

void log_failure(std::string_view what, const std::exception_ptr& error) {
  if (!error) {
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("http: {} failed: {}", what, e.what());
  } catch (...) {
    spdlog::error("http: {} failed with a non-standard exception", what);
  }
}

}  // namespace

Server::Server(Options options, metrics::Registry& registry)
    : options_(std::move(options)),
      registry_(registry),
      cors_(options_.cors),
      dispatcher_(router_, cors_, registry),
      ioc_(static_cast<int>(std::max<std::size_t>(options_.io_threads, 1))),
      pool_(std::max<std::size_t>(options_.blocking_threads, 1)),
      strand_(asio::make_strand(ioc_)),
      acceptor_(strand_),
      signals_(strand_),
      shutdown_deadline_(strand_) {
  const tcp::endpoint endpoint(asio::ip::make_address(options_.address), options_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  add_builtin_routes();
}

void Server::add_readiness_check(std::string name, std::function<bool()> check) {
  readiness_checks_.push_back({std::move(name), std::move(check)});
}

void Server::stop_on_signals() {
  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (!ec) {
      spdlog::info("http: signal {} received", signal);
      begin_shutdown();
    }
  });
}

void Server::run() {
  spdlog::info("http: listening on {}:{}", options_.address, port_);
  asio::co_spawn(strand_, accept_loop(),
                 [](const std::exception_ptr& error) { log_failure("accepting", error); });
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 1; i < options_.io_threads; ++i) {
      threads.emplace_back([this] { ioc_.run(); });
    }
    ioc_.run();
  }
  // Only connections still busy when shutdown_timeout passed are left; no thread runs them now.
  for (const auto& session : sessions_) {
    session->close();
  }
  spdlog::info("http: stopped");
}

void Server::stop() {
  asio::post(strand_, [this] { begin_shutdown(); });
}

void Server::add_builtin_routes() {
  router_.add(
      Verb::get, "/healthz",
      [](Request&) -> asio::awaitable<Response> {
        co_return json(Status::ok, boost::json::object{{"status", "ok"}});
      },
      options_.builtin_group);
  router_.add(
      Verb::get, "/readyz", [this](Request&) { return readiness(); }, options_.builtin_group);
  router_.add(
      Verb::get, "/metrics",
      [this](Request&) -> asio::awaitable<Response> {
        co_return text(Status::ok, metrics::expose(registry_), metrics::kContentType);
      },
      options_.builtin_group);
}

asio::awaitable<Response> Server::readiness() {
  const auto failing = co_await offload(pool_, [this] {
    std::vector<std::string> names;
    for (const auto& [name, check] : readiness_checks_) {
      bool ok = false;
      try {
        ok = check();
      } catch (const std::exception& e) {
        spdlog::warn("http: readiness check {} failed: {}", name, e.what());
      }
      if (!ok) {
        names.push_back(name);
      }
    }
    return names;
  });
  if (failing.empty()) {
    co_return json(Status::ok, boost::json::object{{"status", "ready"}});
  }
  std::string message;
  for (const auto& name : failing) {
    message += (message.empty() ? "" : ", ") + name;
  }
  co_return json(
      Status::service_unavailable,
      boost::json::object{{"status", "not_ready"},
                          {"error", message + " unreachable"},
                          {"failing", boost::json::array(failing.begin(), failing.end())}});
}

asio::awaitable<void> Server::accept_loop() {
  while (acceptor_.is_open()) {
    // Several io threads need a strand per connection; one thread needs none, and a strand costs
    // a lock and an executor copy per handler (a tenth of homelab-api's time on one-row requests).
    tcp::socket socket(options_.io_threads > 1 ? asio::any_io_executor(asio::make_strand(ioc_))
                                               : asio::any_io_executor(ioc_.get_executor()));
    const auto [ec] = co_await acceptor_.async_accept(socket, use_tuple);
    if (!acceptor_.is_open()) {
      break;
    }
    if (ec) {
      spdlog::warn("http: accept failed: {}", ec.message());
      asio::steady_timer pause(strand_, kAcceptRetryDelay);
      co_await pause.async_wait(use_tuple);
      continue;
    }
    start_session(std::move(socket));
  }
}

void Server::start_session(tcp::socket socket) {
  auto session = std::make_shared<Session>(std::move(socket), options_, dispatcher_);
  // A rejected connection lingers briefly until its client has read the 503; it does not take a
  // slot, or a client that keeps it open would lock everybody out.
  const bool serve = options_.max_connections == 0 || serving_ < options_.max_connections;
  sessions_.insert(session);
  asio::awaitable<void> work;
  if (serve) {
    ++serving_;
    work = session->serve();
  } else {
    work = session->reject(error(Status::service_unavailable, "too many connections"));
  }
  asio::co_spawn(
      session->executor(), std::move(work),
      asio::bind_executor(strand_, [this, session, serve](const std::exception_ptr& error) {
        log_failure("connection", error);
        if (serve) {
          --serving_;
        }
        sessions_.erase(session);
        if (stopping_ && sessions_.empty()) {
          finish();
        }
      }));
}

void Server::begin_shutdown() {
  if (stopping_) {
    return;
  }
  stopping_ = true;
  spdlog::info("http: stopping with {} open connection(s)", sessions_.size());
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (const auto& session : sessions_) {
    session->stop();
  }
  if (sessions_.empty()) {
    finish();
    return;
  }
  shutdown_deadline_.expires_after(options_.shutdown_timeout);
  shutdown_deadline_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) {
      spdlog::warn("http: {} connection(s) still busy after the shutdown timeout",
                   sessions_.size());
      finish();
    }
  });
}

void Server::finish() {
  shutdown_deadline_.cancel();
  ioc_.stop();
}

}  // namespace core::http
