// Every endpoint of contracts/settings-api.md section 2 over HTTP against a real database: shapes,
// ordering, limits, 404 and 400 cases, route precedence and /health.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api_fixture.hpp"
#include "json_equal.hpp"

namespace settings_test {
namespace {

using boost::beast::http::field;
using boost::beast::http::verb;

constexpr const char* kDevice = "ThermIQ_4091519A3058";

class Endpoints : public ApiFixture {};

TEST_F(Endpoints, ListIsEmptyWithoutDevices) {
  const auto response = get("/api/v1/heatpump/settings");
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_EQ(response[field::content_type], "application/json; charset=utf-8");
  EXPECT_TRUE(json_equal(parse(response), R"({"settings":[]})"));
}

TEST_F(Endpoints, ListHoldsEveryDeviceOrderedById) {
  insert_device("b-device", "21.5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL");
  insert_device(kDevice);
  insert_device("A-device", "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL");
  const auto response = get("/api/v1/heatpump/settings");
  ASSERT_EQ(response.result_int(), 200U) << response.body();
  EXPECT_TRUE(json_equal(parse(response), R"({"settings":[
    {"device_id":"A-device","indoor_target_temp":null,"mode":null,"curve":null,"curve_min":null,
     "curve_max":null,"curve_plus_5":null,"curve_zero":null,"curve_minus_5":null,"heatstop":null,
     "updated_at":"2026-01-16T21:10:09.123456Z"},
    {"device_id":"ThermIQ_4091519A3058","indoor_target_temp":20.0,"mode":1,"curve":36,
     "curve_min":10,"curve_max":45,"curve_plus_5":2,"curve_zero":0,"curve_minus_5":-1,
     "heatstop":17,"updated_at":"2026-01-16T21:10:09.123456Z"},
    {"device_id":"b-device","indoor_target_temp":21.5,"mode":null,"curve":null,"curve_min":null,
     "curve_max":null,"curve_plus_5":null,"curve_zero":null,"curve_minus_5":null,"heatstop":null,
     "updated_at":"2026-01-16T21:10:09.123456Z"}]})"));
  // Integers are JSON integers, the temperature a number.
  const auto list = parse(response);
  const auto& first = list.at("settings").at(1).as_object();
  EXPECT_TRUE(first.at("mode").is_int64());
  EXPECT_TRUE(first.at("curve_minus_5").is_int64());
}

TEST_F(Endpoints, OneDeviceIsItsSetting) {
  insert_device(kDevice, "21.5, 1, 36, 10, 45, 2, 0, -1, 17");
  const auto response = get(std::string("/api/v1/heatpump/settings/") + kDevice);
  ASSERT_EQ(response.result_int(), 200U);
  EXPECT_TRUE(json_equal(parse(response), R"(
    {"device_id":"ThermIQ_4091519A3058","indoor_target_temp":21.5,"mode":1,"curve":36,
     "curve_min":10,"curve_max":45,"curve_plus_5":2,"curve_zero":0,"curve_minus_5":-1,
     "heatstop":17,"updated_at":"2026-01-16T21:10:09.123456Z"})"));
}

TEST_F(Endpoints, UnknownDeviceIs404AndABadIdIs400) {
  auto response = get("/api/v1/heatpump/settings/ThermIQ_unknown");
  EXPECT_EQ(response.result_int(), 404U);
  EXPECT_EQ(error_of(response), "Device ThermIQ_unknown not found");
  for (const std::string& bad :
       {std::string("a%20b"), std::string("a%2Fb"), std::string("%C3%A4"), std::string(129, 'x')}) {
    response = get("/api/v1/heatpump/settings/" + bad);
    EXPECT_EQ(response.result_int(), 400U) << bad;
    EXPECT_EQ(error_of(response),
              "invalid device id: expected 1..128 characters of A-Z a-z 0-9 _ . : -");
  }
  EXPECT_EQ(get("/api/v1/heatpump/settings/" + std::string(128, 'x')).result_int(), 404U);
}

TEST_F(Endpoints, DeviceOutboxIsNewestFirstWithALimit) {
  insert_device(kDevice);
  insert_device("other");
  const std::string base = std::string("/api/v1/heatpump/settings/") + kDevice;
  for (int target = 15; target <= 27; ++target) {
    ASSERT_EQ(patch(base, "{\"indoor_target_temp\":" + std::to_string(target) + "}").result_int(),
              202U);
  }
  ASSERT_EQ(patch("/api/v1/heatpump/settings/other", R"({"mode":2})").result_int(), 202U);

  auto response = get(base + "/outbox");
  ASSERT_EQ(response.result_int(), 200U) << response.body();
  const auto data = parse(response).at("data").as_array();
  ASSERT_EQ(data.size(), 10U) << "the default limit";
  EXPECT_EQ(data[0].at("payload"), boost::json::parse(R"({"indoor_target_temp":27})"));
  EXPECT_EQ(data[9].at("payload"), boost::json::parse(R"({"indoor_target_temp":18})"));
  for (std::size_t i = 1; i < data.size(); ++i) {
    EXPECT_GT(data[i - 1].at("id").as_int64(), data[i].at("id").as_int64());
  }
  const auto& newest = data[0].as_object();
  EXPECT_EQ(newest.at("aggregate_type"), "heatpump_setting");
  EXPECT_EQ(newest.at("aggregate_id"), kDevice);
  EXPECT_EQ(newest.at("event_type"), "setting_update");
  EXPECT_EQ(newest.at("status"), "pending");
  EXPECT_TRUE(newest.at("created_at").is_string());
  for (const auto* null_member : {"published_at", "confirmed_at", "error_message"}) {
    ASSERT_TRUE(newest.contains(null_member));
    EXPECT_TRUE(newest.at(null_member).is_null()) << null_member;
  }
  EXPECT_EQ(newest.at("retry_count"), 0);
  EXPECT_EQ(newest.at("max_retries"), 3);
  EXPECT_EQ(newest.size(), 12U);

  EXPECT_EQ(parse(get(base + "/outbox?limit=2")).at("data").as_array().size(), 2U);
  EXPECT_EQ(parse(get(base + "/outbox?limit=100")).at("data").as_array().size(), 13U);
  EXPECT_EQ(parse(get("/api/v1/heatpump/settings/other/outbox")).at("data").as_array().size(), 1U);
  response = get("/api/v1/heatpump/settings/nobody/outbox");
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_TRUE(json_equal(parse(response), R"({"data":[]})"));
  for (const auto* bad : {"0", "101", "-1", "abc", "1.5", "", "+5"}) {
    response = get(base + "/outbox?limit=" + bad);
    EXPECT_EQ(response.result_int(), 400U) << bad;
    EXPECT_EQ(error_of(response), "invalid 'limit': expected an integer in 1..100");
  }
}

TEST_F(Endpoints, OutboxStatusHasItsOwnShape) {
  insert_device(kDevice);
  const auto accepted =
      patch(std::string("/api/v1/heatpump/settings/") + kDevice, R"({"indoor_target_temp":21})");
  const auto id = parse(accepted).at("outbox_id").as_int64();
  admin().exec(
      "UPDATE outbox SET status = 'confirmed', created_at = '2026-01-16T21:12:00.001Z', "
      "published_at = '2026-01-16T21:12:00.18Z', confirmed_at = '2026-01-16T21:12:31.02Z' "
      "WHERE id = $1",
      {id});
  const auto response = get("/api/v1/heatpump/settings/outbox/" + std::to_string(id));
  ASSERT_EQ(response.result_int(), 200U);
  EXPECT_TRUE(
      json_equal(parse(response), R"({"id":)" + std::to_string(id) + R"(,"status":"confirmed",
    "created_at":"2026-01-16T21:12:00.001Z","published_at":"2026-01-16T21:12:00.180Z",
    "confirmed_at":"2026-01-16T21:12:31.020Z","error_message":null,"retry_count":0})"));
}

TEST_F(Endpoints, OutboxStatusErrors) {
  auto response = get("/api/v1/heatpump/settings/outbox/999999");
  EXPECT_EQ(response.result_int(), 404U);
  EXPECT_EQ(error_of(response), "Outbox entry 999999 not found");
  for (const auto* bad : {"0", "-1", "abc", "1.5", "99999999999999999999", "%2B1", "outbox"}) {
    response = get(std::string("/api/v1/heatpump/settings/outbox/") + bad);
    EXPECT_EQ(response.result_int(), 400U) << bad;
    EXPECT_EQ(error_of(response), "invalid outbox id") << bad;
  }
}

TEST_F(Endpoints, TheLiteralOutboxSegmentWinsOverADeviceId) {
  insert_device("outbox");
  insert_device("7");
  // /settings/outbox/7 is outbox entry 7, not the outbox of a device called "outbox".
  auto response = get("/api/v1/heatpump/settings/outbox/7");
  EXPECT_EQ(response.result_int(), 404U);
  EXPECT_EQ(error_of(response), "Outbox entry 7 not found");
  response = get("/api/v1/heatpump/settings/outbox/outbox");
  EXPECT_EQ(response.result_int(), 400U);
}

TEST_F(Endpoints, OtherMethodsAre405) {
  insert_device(kDevice);
  const std::string path = std::string("/api/v1/heatpump/settings/") + kDevice;
  EXPECT_EQ(request(verb::put, path, "{}").result_int(), 405U);
  EXPECT_EQ(request(verb::delete_, path).result_int(), 405U);
  EXPECT_EQ(request(verb::post, "/api/v1/heatpump/settings", "{}").result_int(), 405U);
  EXPECT_EQ(request(verb::patch, "/api/v1/heatpump/settings/outbox/1", "{}").result_int(), 405U);
}

TEST_F(Endpoints, HealthReportsTheDatabaseAndTheTable) {
  auto response = get("/health");
  EXPECT_EQ(response.result_int(), 200U);
  EXPECT_TRUE(json_equal(parse(response),
                         R"({"status":"ok","database":{"connected":true,"table_exists":true}})"));
  EXPECT_EQ(get("/healthz").result_int(), 200U);
  EXPECT_TRUE(eventually([this] { return get("/readyz").result_int() == 200; }, 10s));
  const auto metrics = get("/metrics");
  EXPECT_EQ(metrics.result_int(), 200U);
  EXPECT_NE(metrics.body().find("db_pool_connections"), std::string::npos);
  EXPECT_NE(metrics.body().find("http_requests_total"), std::string::npos);

  // A database without the migrations.
  testing_support::TempDatabase empty("settings_api_empty");
  auto config = default_config();
  config.database_conninfo = empty.conninfo();
  start_api(config);
  response = get("/health");
  EXPECT_EQ(response.result_int(), 503U);
  EXPECT_TRUE(json_equal(parse(response), R"({"status":"ok","database":{"connected":true,
    "table_exists":false,"error":"Settings table does not exist. Please run migrations."}})"));

  // A server that cannot be reached.
  config.database_conninfo = "host=127.0.0.1 port=1 dbname=x user=x";
  start_api(config);
  response = get("/health");
  EXPECT_EQ(response.result_int(), 503U);
  const auto json = parse(response);
  EXPECT_EQ(json.at("status"), "ok");
  EXPECT_EQ(json.at("database").at("connected"), false);
  EXPECT_EQ(json.at("database").at("table_exists"), false);
  EXPECT_TRUE(json.at("database").at("error").as_string().starts_with("Database error: "))
      << response.body();
  EXPECT_EQ(get("/readyz").result_int(), 503U);
  response = get("/api/v1/heatpump/settings");
  EXPECT_EQ(response.result_int(), 503U);
  EXPECT_EQ(error_of(response), "database unavailable");
}

}  // namespace
}  // namespace settings_test
