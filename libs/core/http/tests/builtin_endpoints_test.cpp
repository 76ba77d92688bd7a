#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "test_support.hpp"

namespace core::http {
namespace {

using testing::Client;
using testing::RunningServer;

TEST(BuiltinEndpoints, HealthzIsOk) {
  RunningServer running(testing::test_options());
  Client client(running.port());
  const auto response = client.get("/healthz");
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response[Field::content_type], kJsonContentType);
  EXPECT_EQ(response.body(), R"({"status":"ok"})");
}

TEST(BuiltinEndpoints, ReadyzRunsTheReadinessChecks) {
  std::atomic<bool> database = true;
  RunningServer running(testing::test_options(), [&](Server& server) {
    server.add_readiness_check("database", [&] { return database.load(); });
    server.add_readiness_check("broker", [] { return true; });
  });
  Client client(running.port());
  const auto ready = client.get("/readyz");
  EXPECT_EQ(ready.result(), Status::ok);
  EXPECT_EQ(ready.body(), R"({"status":"ready"})");

  database = false;
  const auto failing = client.get("/readyz");
  EXPECT_EQ(failing.result(), Status::service_unavailable);
  EXPECT_EQ(failing.body(),
            R"({"status":"not_ready","error":"database unreachable","failing":["database"]})");
}

TEST(BuiltinEndpoints, AThrowingReadinessCheckCountsAsFailing) {
  RunningServer running(testing::test_options(), [](Server& server) {
    server.add_readiness_check("mqtt", []() -> bool { throw std::runtime_error("refused"); });
    server.add_readiness_check("kafka", [] { return false; });
  });
  Client client(running.port());
  const auto response = client.get("/readyz");
  EXPECT_EQ(response.result(), Status::service_unavailable);
  EXPECT_EQ(testing::body_json(response).at("error"), "mqtt, kafka unreachable");
}

TEST(BuiltinEndpoints, MetricsCountRequestsByRoutePattern) {
  RunningServer running(testing::test_options(), [](Server& server) {
    server.router().add(Verb::get, "/items/{id}", [](Request&) -> boost::asio::awaitable<Response> {
      co_return text(Status::ok, "item");
    });
  });
  Client client(running.port());
  client.get("/items/1");
  client.get("/items/2");
  client.get("/unknown/path");
  const auto response = client.get("/metrics");
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response[Field::content_type], metrics::kContentType);
  const auto& body = response.body();
  EXPECT_NE(body.find(R"(http_requests_total{method="GET",route="/items/{id}",status="200"} 2)"),
            std::string::npos)
      << body;
  EXPECT_NE(body.find(R"(http_requests_total{method="GET",route="unmatched",status="404"} 1)"),
            std::string::npos);
  EXPECT_NE(body.find(R"(http_request_duration_seconds_count{route="/items/{id}"} 2)"),
            std::string::npos);
  EXPECT_NE(body.find(R"(http_request_duration_seconds_bucket{route="/items/{id}",le="0.001"})"),
            std::string::npos);
}

}  // namespace
}  // namespace core::http
