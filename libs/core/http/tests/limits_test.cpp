#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <thread>

#include "test_support.hpp"

namespace core::http {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::RunningServer;

void add_upload(Server& server) {
  server.router().add(Verb::post, "/upload",
                      [](Request& request) -> boost::asio::awaitable<Response> {
                        co_return text(Status::ok, std::to_string(request.body().size()));
                      });
}

TEST(Limits, AnOversizedBodyIs413) {
  auto options = testing::test_options();
  options.body_limit = 1024;
  RunningServer running(options, add_upload);

  Client fits(running.port());
  auto small = testing::make_request(Verb::post, "/upload");
  small.body() = std::string(1024, 'x');
  EXPECT_EQ(fits.request(small).body(), "1024");

  Client client(running.port());
  auto large = testing::make_request(Verb::post, "/upload");
  large.body() = std::string(64 * 1024, 'x');
  const auto response = client.request(large);
  EXPECT_EQ(response.result(), Status::payload_too_large);
  EXPECT_EQ(response.body(), R"({"error":"request body too large"})");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Limits, OversizedHeadersAre431) {
  auto options = testing::test_options();
  options.header_limit = 1024;
  RunningServer running(options);
  Client client(running.port());
  auto request = testing::make_request(Verb::get, "/healthz");
  request.set("X-Padding", std::string(2048, 'p'));
  const auto response = client.request(request);
  EXPECT_EQ(response.result(), Status::request_header_fields_too_large);
  EXPECT_EQ(response.body(), R"({"error":"request header too large"})");
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Limits, AMalformedRequestLineIs400) {
  RunningServer running(testing::test_options());
  Client client(running.port());
  client.send_raw("GET /healthz HTTX/1.1\r\nHost: x\r\n\r\n");
  const auto response = client.read();
  EXPECT_EQ(response.result(), Status::bad_request);
  EXPECT_EQ(response.body(), R"({"error":"malformed request"})");
  EXPECT_TRUE(client.closed_by_server());
}

TEST(Limits, ABadTargetOrMissingHostIs400) {
  RunningServer running(testing::test_options());
  Client client(running.port());
  for (const auto* raw :
       {"GET healthz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /healthz HTTP/1.1\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"}) {
    client.send_raw(raw);
    EXPECT_EQ(client.read().result(), Status::bad_request) << raw;
  }
}

TEST(Limits, ASlowClientGets408WhileOthersAreServed) {
  auto options = testing::test_options();
  options.read_timeout = 400ms;
  RunningServer running(options);

  const auto started = std::chrono::steady_clock::now();
  Client slow(running.port());
  slow.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // half a header, then nothing
  std::this_thread::sleep_for(50ms);

  const auto asked = std::chrono::steady_clock::now();
  Client other(running.port());
  EXPECT_EQ(other.get("/healthz").result(), Status::ok);
  EXPECT_LT(testing::elapsed_since(asked), 200ms);

  const auto response = slow.read();
  EXPECT_EQ(response.result(), Status::request_timeout);
  EXPECT_EQ(response.body(), R"({"error":"request timeout"})");
  EXPECT_GE(testing::elapsed_since(started), 350ms);
  EXPECT_TRUE(slow.closed_by_server());
}

TEST(Limits, ATrickledRequestStillTimesOut) {
  auto options = testing::test_options();
  options.read_timeout = 300ms;
  RunningServer running(options);
  Client slow(running.port());
  const auto started = std::chrono::steady_clock::now();
  // One byte every 50 ms for 400 ms: a deadline renewed by each byte would not pass meanwhile.
  for (const char byte : std::string_view("GET /hea")) {
    slow.send_raw(std::string_view(&byte, 1));
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(slow.read().result(), Status::request_timeout);
  // Renewed per byte, the 408 would come 300 ms after the last byte, at 650 ms or later.
  EXPECT_LT(testing::elapsed_since(started), 550ms);
}

TEST(Limits, AnIdleKeepAliveConnectionIsClosed) {
  auto options = testing::test_options();
  options.idle_timeout = 200ms;
  RunningServer running(options);
  Client client(running.port());
  EXPECT_EQ(client.get("/healthz").result(), Status::ok);
  const auto idle_since = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_GE(testing::elapsed_since(idle_since), 150ms);
  EXPECT_LT(testing::elapsed_since(idle_since), 1500ms);
}

// The deadline is lifted while the handler runs and set again for the write and for the next
// request, so a handler slower than read_timeout is answered, and a kept-alive connection that
// was quiet for longer than read_timeout (within idle_timeout) is served again.
TEST(Limits, ASlowHandlerAndAQuietKeptAliveConnectionAreServed) {
  auto options = testing::test_options();
  options.read_timeout = 200ms;
  options.idle_timeout = 2s;
  RunningServer running(options, [](Server& server) {
    server.router().add(Verb::get, "/slow", [](Request&) -> boost::asio::awaitable<Response> {
      boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor, 500ms);
      co_await pause.async_wait(boost::asio::use_awaitable);
      co_return text(Status::ok, "slow");
    });
  });
  Client client(running.port());
  const auto slow = client.get("/slow");
  EXPECT_EQ(slow.result(), Status::ok);
  EXPECT_EQ(slow.body(), "slow");
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(client.get("/healthz").result(), Status::ok);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(client.get("/slow").result(), Status::ok);
}

TEST(Limits, ConnectionsOverTheLimitGet503) {
  auto options = testing::test_options();
  options.max_connections = 1;
  RunningServer running(options);

  auto first = std::make_unique<Client>(running.port());
  EXPECT_EQ(first->get("/healthz").result(), Status::ok);

  Client second(running.port());
  const auto rejected = second.get("/healthz");
  EXPECT_EQ(rejected.result(), Status::service_unavailable);
  EXPECT_EQ(rejected.body(), R"({"error":"too many connections"})");
  EXPECT_TRUE(second.closed_by_server());

  // Once the first connection is gone, a new one is served.
  first.reset();
  Status status = Status::service_unavailable;
  const auto started = std::chrono::steady_clock::now();
  while (status == Status::service_unavailable && testing::elapsed_since(started) < 2s) {
    std::this_thread::sleep_for(10ms);
    status = Client(running.port()).get("/healthz").result();
  }
  EXPECT_EQ(status, Status::ok);
}

}  // namespace
}  // namespace core::http
