#include "core/http/offload.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <thread>

#include "test_support.hpp"

namespace core::http {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::RunningServer;

void add_blocking_routes(Server& server) {
  auto& pool = server.blocking_pool();
  server.router().add(Verb::get, "/block", [&pool](Request&) -> boost::asio::awaitable<Response> {
    const auto caller = std::this_thread::get_id();
    const auto value = co_await offload(pool, [caller] {
      std::this_thread::sleep_for(300ms);  // stands in for a slow query
      return std::this_thread::get_id() != caller ? 42 : 0;
    });
    co_return text(Status::ok, std::to_string(value));
  });
  server.router().add(
      Verb::get, "/move-only", [&pool](Request&) -> boost::asio::awaitable<Response> {
        auto value = co_await offload(pool, [] { return std::make_unique<int>(7); });
        co_await offload(pool, [&value] { ++*value; });
        co_return text(Status::ok, std::to_string(*value));
      });
  server.router().add(Verb::get, "/fails", [&pool](Request&) -> boost::asio::awaitable<Response> {
    co_await offload(pool, [] { throw std::runtime_error("connection refused"); });
    co_return text(Status::ok, "unreachable");
  });
}

TEST(Offload, BlockingWorkDoesNotStallTheIoThread) {
  RunningServer running(testing::test_options(), add_blocking_routes);
  Client blocked(running.port());
  blocked.send(testing::make_request(Verb::get, "/block"));
  std::this_thread::sleep_for(50ms);

  const auto asked = std::chrono::steady_clock::now();
  Client other(running.port());
  EXPECT_EQ(other.get("/healthz").result(), Status::ok);
  EXPECT_LT(testing::elapsed_since(asked), 150ms);

  EXPECT_EQ(blocked.read().body(), "42");  // ran on a pool thread
}

TEST(Offload, ReturnsMoveOnlyValuesAndRunsVoidCalls) {
  RunningServer running(testing::test_options(), add_blocking_routes);
  Client client(running.port());
  EXPECT_EQ(client.get("/move-only").body(), "8");
}

TEST(Offload, RethrowsInTheHandler) {
  RunningServer running(testing::test_options(), add_blocking_routes);
  Client client(running.port());
  const auto response = client.get("/fails");
  EXPECT_EQ(response.result(), Status::internal_server_error);
  EXPECT_EQ(response.body(), R"({"error":"internal error"})");
}

}  // namespace
}  // namespace core::http
