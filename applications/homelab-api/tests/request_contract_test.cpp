// What every endpoint shares, over HTTP against a real database: query parameter errors, the '+'
// offset rule, methods, the public endpoints and CORS (contracts/homelab-api.md sections 1 to 5).
#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "api_fixture.hpp"
#include "openapi_document.hpp"

namespace api_test {
namespace {

using boost::beast::http::field;
using boost::beast::http::verb;

const std::vector<std::string> kRangeEndpoints = {
    "/api/v1/energy/history", "/api/v1/energy/daily-summary", "/api/v1/energy/monthly-summary",
    "/api/v1/energy/yearly-summary", "/api/v1/heatpump/daily-summary"};

class RequestContract : public ApiFixture {
 protected:
  // Two hours of one meter: 22:00Z (500 Wh) and 23:00Z (300 Wh).
  void insert_two_hours() {
    insert("energy_consumption", "time, device_serial, active_energy_total, active_power_total",
           {"('2026-01-15 21:59:00Z', 'm', 1000, 1)", "('2026-01-15 22:30:00Z', 'm', 1500, 1)",
            "('2026-01-15 23:30:00Z', 'm', 1800, 1)"});
  }

  void expect_error(const std::string& target, unsigned status, const std::string& message) {
    EXPECT_TRUE(json_equal(get_json(target, status), R"({"error":")" + message + R"("})"))
        << target;
  }
};

TEST_F(RequestContract, TimeRangeErrors) {
  for (const auto& path : kRangeEndpoints) {
    expect_error(path, 400, "missing 'from': expected RFC 3339 date-time");
    expect_error(path + "?to=2026-01-16T00:00:00Z", 400,
                 "missing 'from': expected RFC 3339 date-time");
    expect_error(path + "?from=yesterday", 400, "invalid 'from': expected RFC 3339 date-time");
    expect_error(path + "?from=", 400, "invalid 'from': expected RFC 3339 date-time");
    expect_error(path + "?from=2026-01-16", 400, "invalid 'from': expected RFC 3339 date-time");
    expect_error(path + "?from=2026-01-16T00:00:00", 400,
                 "invalid 'from': expected RFC 3339 date-time");
    expect_error(path + "?from=2026-02-30T00:00:00Z", 400,
                 "invalid 'from': expected RFC 3339 date-time");
    // The original replaced an unparseable `to` with "now"; the contract's own example.
    expect_error(path + "?from=2026-01-15T00:00:00Z&to=tomorrow", 400,
                 "invalid 'to': expected RFC 3339 date-time");
    expect_error(path + "?from=2026-01-15T00:00:00Z&to=", 400,
                 "invalid 'to': expected RFC 3339 date-time");
    expect_error(path + "?from=2026-01-16T00:00:00Z&to=2026-01-16T00:00:00Z", 400,
                 "'from' must be earlier than 'to'");
    expect_error(path + "?from=2026-01-16T00:00:00Z&to=2026-01-15T00:00:00Z", 400,
                 "'from' must be earlier than 'to'");
    // `to` defaults to now (2026-01-16T21:24:31.501Z), so a later `from` alone is empty too.
    expect_error(path + "?from=2026-01-17T00:00:00Z", 400, "'from' must be earlier than 'to'");
  }
}

TEST_F(RequestContract, PlusOffsetArrivesEncodedRawOrAsASpace) {
  insert_two_hours();
  // 2026-01-15T23:00+01:00 is 22:00Z and 2026-01-16T01:00+01:00 is 00:00Z: both hours, whichever
  // way the '+' travelled.
  for (const std::string plus : {"%2B", "+", "%20"}) {
    const auto body = get_json("/api/v1/energy/history?from=2026-01-15T23:00:00" + plus +
                               "01:00&to=2026-01-16T01:00:00" + plus + "01:00");
    ASSERT_EQ(body.as_array().size(), 2U) << plus << ": " << body;
    EXPECT_EQ(body.as_array()[0].at("hour_start"), "2026-01-15T22:00:00Z") << plus;
    EXPECT_EQ(body.as_array()[1].at("hour_start"), "2026-01-15T23:00:00Z") << plus;
  }
  // A negative offset and fractional seconds: 2026-01-15T21:00-01:00 is 22:00Z.
  const auto negative =
      get_json("/api/v1/energy/history?from=2026-01-15T21:00:00.000-01:00&to=2026-01-15T23:00:00Z");
  ASSERT_EQ(negative.as_array().size(), 1U) << negative;
  EXPECT_EQ(negative.as_array()[0].at("hour_start"), "2026-01-15T22:00:00Z");
  // Only a trailing " HH:MM" is an offset; a space anywhere else is still an error.
  expect_error("/api/v1/energy/history?from=2026-01-15%2023:00:00%2001", 400,
               "invalid 'from': expected RFC 3339 date-time");
}

TEST_F(RequestContract, UnknownParametersAreIgnored) {
  insert_two_hours();
  const auto body = get_json(
      "/api/v1/energy/history?from=2026-01-15T22:00:00Z&to=2026-01-16T00:00:00Z&limit=1&x=%20");
  EXPECT_EQ(body.as_array().size(), 2U) << body;
  EXPECT_EQ(get("/api/v1/energy/hourly-total?verbose=true").result_int(), 200U);
}

TEST_F(RequestContract, LocationAndHoursErrors) {
  for (const std::string path : {"/api/v1/temperature/latest", "/api/v1/temperature/history"}) {
    expect_error(path, 400, "missing 'location'");
    expect_error(path + "?location=", 400, "missing 'location'");
    expect_error(path + "?hours=5", 400, "missing 'location'");
  }
  for (const std::string hours :
       {"0", "8761", "-1", "1.5", "24h", "", "%2B5", "1e3", "99999999999999999999"}) {
    expect_error("/api/v1/temperature/history?location=indoor&hours=" + hours, 400,
                 "invalid 'hours': expected an integer in 1..8760");
  }
  EXPECT_EQ(get("/api/v1/temperature/history?location=indoor&hours=8760").result_int(), 200U);
  EXPECT_EQ(get("/api/v1/temperature/history?location=indoor&hours=1").result_int(), 200U);
}

TEST_F(RequestContract, EveryEndpointAcceptsOnlyGet) {
  for (const auto& operation : openapi().operations()) {
    const auto path = operation.substr(operation.find(' ') + 1);
    for (const auto method : {verb::post, verb::put, verb::patch, verb::delete_}) {
      const auto response = http_request(port(), method, path);
      EXPECT_EQ(response.result_int(), 405U) << operation << " " << method;
      EXPECT_EQ(response[field::allow], "GET, HEAD") << operation;
      EXPECT_TRUE(
          json_equal(boost::json::parse(response.body()), R"({"error":"method not allowed"})"));
    }
  }
}

TEST_F(RequestContract, UnknownPathIs404WithABody) {
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/nothing", 404), R"({"error":"not found"})"));
}

TEST_F(RequestContract, UserInfoInModeNone) {
  EXPECT_TRUE(
      json_equal(get_json("/api/v1/user/info"),
                 R"({"token":null,"username":"anonymous","email":null,"expires_in":null})"));
}

TEST_F(RequestContract, HealthReadinessAndMetrics) {
  const auto health = get("/health");
  EXPECT_EQ(health.result_int(), 200U);
  EXPECT_EQ(health.body(), "OK");
  EXPECT_TRUE(health[field::content_type].starts_with("text/plain"));
  EXPECT_TRUE(json_equal(get_json("/healthz"), R"({"status":"ok"})"));
  EXPECT_TRUE(json_equal(get_json("/readyz"), R"({"status":"ready"})"));

  get("/api/v1/energy/latest");
  // The start-up time zone check may still hold a connection for a moment; every connection is
  // idle again soon after.
  auto metrics = get("/metrics");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (metrics.body().find("db_pool_connections{state=\"in_use\"} 0") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    metrics = get("/metrics");
  }
  EXPECT_EQ(metrics.result_int(), 200U);
  for (const auto* series :
       {"db_pool_connections{state=\"idle\"} ", "db_pool_connections{state=\"in_use\"} 0",
        "http_requests_total{method=\"GET\",route=\"/api/v1/energy/latest\",status=\"404\"} 1",
        "http_request_duration_seconds_count{route=\"/api/v1/energy/latest\"} 1"}) {
    EXPECT_NE(metrics.body().find(series), std::string::npos) << series << "\n" << metrics.body();
  }
}

TEST_F(RequestContract, JsonResponsesHaveTheContractsMediaType) {
  for (const auto* target : {"/api/v1/energy/hourly-total", "/api/v1/energy/latest",
                             "/api/v1/energy/history", "/api/v1/openapi.json"}) {
    EXPECT_EQ(get(target)[field::content_type], "application/json; charset=utf-8") << target;
  }
}

TEST_F(RequestContract, ServesTheCheckedInOpenApiDocument) {
  const auto response = get("/api/v1/openapi.json");
  EXPECT_EQ(response.result_int(), 200U);
  std::ifstream file(std::string(K12N_API_DIR) + "/openapi.json");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(boost::json::parse(response.body()), boost::json::parse(text.str()));
  EXPECT_EQ(boost::json::parse(response.body()).at("openapi"), "3.0.3");
}

TEST_F(RequestContract, CorsForTheDefaultOrigins) {
  const auto allowed = http_request(port(), verb::get, "/api/v1/energy/hourly-total",
                                    {{"Origin", "https://heatpump.k12n.com"}});
  EXPECT_EQ(allowed[field::access_control_allow_origin], "https://heatpump.k12n.com");
  EXPECT_EQ(allowed[field::access_control_allow_credentials], "true");
  const auto preflight =
      http_request(port(), verb::options, "/api/v1/energy/history",
                   {{"Origin", "http://localhost:5173"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(preflight.result_int(), 204U);
  EXPECT_EQ(preflight[field::access_control_allow_methods], "GET, OPTIONS");
  const auto foreign =
      http_request(port(), verb::options, "/api/v1/energy/history",
                   {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(foreign.result_int(), 403U);
  EXPECT_EQ(foreign.body(), R"({"error":"origin not allowed"})");
}

}  // namespace
}  // namespace api_test
