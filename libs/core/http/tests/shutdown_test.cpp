#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <future>

#include "test_support.hpp"

namespace core::http {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::RunningServer;

// A handler that tells when it has started and answers after `delay`.
std::function<void(Server&)> slow_route(std::promise<void>& started,
                                        std::chrono::milliseconds delay) {
  return [&started, delay](Server& server) {
    server.router().add(
        Verb::get, "/slow", [&started, delay](Request&) -> boost::asio::awaitable<Response> {
          started.set_value();
          boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
          co_await timer.async_wait(boost::asio::use_awaitable);
          co_return text(Status::ok, "done");
        });
  };
}

bool connection_refused(std::uint16_t port) {
  try {
    Client client(port);
    return false;
  } catch (const boost::system::system_error&) {
    return true;
  }
}

TEST(Shutdown, AnInFlightRequestCompletesAndIdleConnectionsClose) {
  std::promise<void> started;
  RunningServer running(testing::test_options(), slow_route(started, 300ms));
  Client idle(running.port());
  EXPECT_EQ(idle.get("/healthz").result(), Status::ok);
  Client busy(running.port());
  busy.send(testing::make_request(Verb::get, "/slow"));
  started.get_future().wait();

  const auto stopping = std::chrono::steady_clock::now();
  running.server().stop();
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_LT(testing::elapsed_since(stopping), 200ms);

  const auto response = busy.read();
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response.body(), "done");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(running.wait_stopped(1s));
  EXPECT_TRUE(connection_refused(running.port()));
}

TEST(Shutdown, RunReturnsAtTheDeadlineWhenARequestTakesTooLong) {
  auto options = testing::test_options();
  options.shutdown_timeout = 200ms;
  std::promise<void> started;
  RunningServer running(options, slow_route(started, 30s));
  Client busy(running.port());
  busy.send(testing::make_request(Verb::get, "/slow"));
  started.get_future().wait();

  const auto stopping = std::chrono::steady_clock::now();
  running.server().stop();
  EXPECT_TRUE(running.wait_stopped(2s));
  EXPECT_GE(testing::elapsed_since(stopping), 150ms);
  EXPECT_TRUE(busy.closed_by_server());
}

TEST(Shutdown, SigtermStopsTheServer) {
  RunningServer running(testing::test_options(), [](Server& server) { server.stop_on_signals(); });
  Client client(running.port());
  EXPECT_EQ(client.get("/healthz").result(), Status::ok);
  std::raise(SIGTERM);
  EXPECT_TRUE(running.wait_stopped(1s));
}

}  // namespace
}  // namespace core::http
