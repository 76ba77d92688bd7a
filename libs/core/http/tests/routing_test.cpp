#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace core::http {
namespace {

using testing::Client;
using testing::RunningServer;

// Answers with what the handler saw.
void add_echo(Server& server) {
  server.router().add(
      Verb::get, "/echo/{name}", [](Request& request) -> boost::asio::awaitable<Response> {
        boost::json::object query;
        for (const auto& [key, value] : request.query) {
          query[key] = value;
        }
        co_return json(Status::ok,
                       boost::json::object{{"name", request.path_param("name")},
                                           {"path", request.path},
                                           {"query", query},
                                           {"peer", request.peer.address().to_string()}});
      });
}

TEST(Routing, PassesDecodedPathAndQueryParameters) {
  RunningServer running(testing::test_options(), add_echo);
  Client client(running.port());
  const auto response = client.get(
      "/echo/a%20b?from=2026-01-16T00:00:00%2B01:00&to=2026-01-16T00:00:00+01:00&space=x%20y&flag");
  ASSERT_EQ(response.result(), Status::ok);
  const auto body = testing::body_json(response).as_object();
  EXPECT_EQ(body.at("name"), "a b");
  EXPECT_EQ(body.at("path"), "/echo/a b");
  EXPECT_EQ(body.at("peer"), "127.0.0.1");
  const auto& query = body.at("query").as_object();
  EXPECT_EQ(query.at("from"), "2026-01-16T00:00:00+01:00");  // %2B
  EXPECT_EQ(query.at("to"), "2026-01-16T00:00:00+01:00");    // a raw '+' stays a '+'
  EXPECT_EQ(query.at("space"), "x y");
  EXPECT_EQ(query.at("flag"), "");
}

TEST(Routing, UnknownPathIs404Json) {
  RunningServer running(testing::test_options(), add_echo);
  Client client(running.port());
  const auto response = client.get("/nope");
  EXPECT_EQ(response.result(), Status::not_found);
  EXPECT_EQ(response[Field::content_type], kJsonContentType);
  EXPECT_EQ(response.body(), R"({"error":"not found"})");
}

TEST(Routing, WrongMethodIs405WithAllow) {
  RunningServer running(testing::test_options(), add_echo);
  Client client(running.port());
  const auto response = client.request(testing::make_request(Verb::post, "/echo/x"));
  EXPECT_EQ(response.result(), Status::method_not_allowed);
  EXPECT_EQ(response[Field::allow], "GET, HEAD");
  EXPECT_EQ(response.body(), R"({"error":"method not allowed"})");
}

TEST(Routing, HeadGetsHeadersOnlyAndTheConnectionStaysUsable) {
  RunningServer running(testing::test_options());
  Client client(running.port());
  client.send(testing::make_request(Verb::head, "/healthz"));
  const auto head = client.read(/*head=*/true);
  EXPECT_EQ(head.result(), Status::ok);
  EXPECT_EQ(head[Field::content_length], "15");
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(client.get("/healthz").body(), R"({"status":"ok"})");
}

TEST(Routing, KeepAliveServesSeveralRequestsOnOneConnection) {
  RunningServer running(testing::test_options(), add_echo);
  Client client(running.port());
  for (int i = 0; i < 3; ++i) {
    const auto response = client.get("/echo/" + std::to_string(i));
    EXPECT_EQ(testing::body_json(response).at("name").as_string(), std::to_string(i));
    EXPECT_TRUE(response.keep_alive());
  }
}

TEST(Routing, ServesParallelClientsOnSeveralThreads) {
  auto options = testing::test_options();
  options.io_threads = 4;
  RunningServer running(options, add_echo);
  std::atomic<int> ok = 0;
  {
    std::vector<std::jthread> clients;
    for (int c = 0; c < 8; ++c) {
      clients.emplace_back([&, c] {
        Client client(running.port());
        for (int i = 0; i < 25; ++i) {
          const auto name = std::to_string(c) + "-" + std::to_string(i);
          if (testing::body_json(client.get("/echo/" + name)).at("name").as_string() == name) {
            ++ok;
          }
        }
      });
    }
  }
  EXPECT_EQ(ok, 200);
}

TEST(Routing, AServiceMayAddTheCompatibilityHealthRoute) {
  RunningServer running(testing::test_options(), [](Server& server) {
    server.router().add(Verb::get, "/health", [](Request&) -> boost::asio::awaitable<Response> {
      co_return text(Status::ok, "OK");
    });
  });
  Client client(running.port());
  const auto response = client.get("/health");
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response[Field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(response.body(), "OK");
}

}  // namespace
}  // namespace core::http
