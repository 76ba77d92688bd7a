// PATCH over HTTP (settings-api.md section 3): the 202 answer, the settings row and the outbox row
// written in one transaction, its notification, and every refusal with nothing written.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "api_fixture.hpp"
#include "json_equal.hpp"

namespace settings_test {
namespace {

using boost::beast::http::field;

constexpr const char* kDevice = "ThermIQ_4091519A3058";
const std::string kPath = std::string("/api/v1/heatpump/settings/") + kDevice;

class Patch : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    insert_device(kDevice, "20.5, 1, 36, 10, 45, 2, 0, -1, 17");
  }

  std::string row() {
    return query_one(
        "SELECT concat_ws('|', indoor_target_temp, mode, curve, curve_min, curve_max, "
        "curve_plus_5, curve_zero, curve_minus_5, heatstop, updated_at) FROM settings "
        "WHERE device_id = '" +
        std::string(kDevice) + "'");
  }
  std::string outbox_rows() { return query_one("SELECT count(*) FROM outbox"); }

  // The request is refused with this status and message, and nothing is written.
  void expect_refused(const std::string& body, unsigned status, const std::string& message,
                      const Headers& headers = {}) {
    const auto before = row();
    const auto response = patch(kPath, body, headers);
    EXPECT_EQ(response.result_int(), status) << body << " -> " << response.body();
    EXPECT_EQ(error_of(response), message) << body;
    EXPECT_EQ(row(), before) << body;
    EXPECT_EQ(outbox_rows(), "0") << body;
  }
};

TEST_F(Patch, AcceptedChangeUpdatesTheRowAndQueuesExactlyTheSentFields) {
  const auto response = patch(kPath, R"({"indoor_target_temp": 21, "mode": 2})");
  ASSERT_EQ(response.result_int(), 202U) << response.body();
  EXPECT_EQ(response[field::content_type], "application/json; charset=utf-8");
  auto body = parse(response).as_object();
  const auto id = body.at("outbox_id").as_int64();
  EXPECT_EQ(response[field::location], "/api/v1/heatpump/settings/outbox/" + std::to_string(id));
  EXPECT_EQ(body.at("outbox_status"), "pending");
  const auto updated_at = body.at("updated_at").as_string();
  EXPECT_NE(updated_at, "2026-01-16T21:10:09.123456Z");
  body.erase("updated_at");
  body.erase("outbox_id");
  EXPECT_TRUE(json_equal(body, R"({"device_id":"ThermIQ_4091519A3058","indoor_target_temp":21,
    "mode":2,"curve":36,"curve_min":10,"curve_max":45,"curve_plus_5":2,"curve_zero":0,
    "curve_minus_5":-1,"heatstop":17,"outbox_status":"pending"})"));

  EXPECT_EQ(query_one("SELECT concat_ws('|', indoor_target_temp, mode, curve, heatstop) FROM "
                      "settings"),
            "21|2|36|17");
  EXPECT_EQ(query_one("SELECT concat_ws('|', aggregate_type, aggregate_id, event_type, "
                      "payload::text, status, retry_count, max_retries, "
                      "published_at IS NULL, confirmed_at IS NULL, error_message IS NULL, "
                      "next_attempt_at IS NULL) FROM outbox WHERE id = " +
                      std::to_string(id)),
            "heatpump_setting|ThermIQ_4091519A3058|setting_update|"
            "{\"mode\": 2, \"indoor_target_temp\": 21}|pending|0|3|t|t|t|t");
  // The answer is the row as stored.
  const auto stored = get(kPath);
  EXPECT_EQ(parse(stored).at("updated_at").as_string(), updated_at);
  EXPECT_EQ(parse(stored).at("indoor_target_temp"), boost::json::value(21.0));
}

TEST_F(Patch, UntouchedColumnsKeepTheirExactValues) {
  admin().exec("UPDATE settings SET indoor_target_temp = 20.3");
  ASSERT_EQ(patch(kPath, R"({"heatstop": 16})").result_int(), 202U);
  EXPECT_EQ(query_one("SELECT indoor_target_temp = 20.3::float8 FROM settings"), "t");
  EXPECT_EQ(query_one("SELECT payload::text FROM outbox"), R"({"heatstop": 16})");
}

TEST_F(Patch, AWholeNumberWithAFractionPartIsStoredAsAnInteger) {
  ASSERT_EQ(patch(kPath, R"({"indoor_target_temp": 22.0, "curve_zero": -0.0})").result_int(), 202U);
  EXPECT_EQ(query_one("SELECT payload::text FROM outbox"),
            R"({"curve_zero": 0, "indoor_target_temp": 22})");
}

TEST_F(Patch, EveryFieldIsValidated) {
  for (const auto& spec : settings_common::fields()) {
    const std::string name(spec.name);
    const auto range =
        name + " must be between " + std::to_string(spec.min) + " and " + std::to_string(spec.max);
    expect_refused("{\"" + name + "\":" + std::to_string(spec.min - 1) + "}", 400, range);
    expect_refused("{\"" + name + "\":" + std::to_string(spec.max + 1) + "}", 400, range);
    expect_refused("{\"" + name + "\":" + std::to_string(spec.min) + ".5}", 400,
                   name + " must be an integer");
    expect_refused("{\"" + name + "\":\"" + std::to_string(spec.min) + "\"}", 400,
                   name + " must be an integer");
    expect_refused("{\"" + name + "\":true}", 400, name + " must be an integer");
    expect_refused("{\"" + name + "\":null}", 400, name + " must not be null");
  }
  // A fractional target temperature is refused, never rounded.
  expect_refused(R"({"indoor_target_temp": 21.5})", 400, "indoor_target_temp must be an integer");
  // One bad member refuses the whole request.
  expect_refused(R"({"mode": 1, "curve": 201})", 400, "curve must be between 0 and 200");
}

TEST_F(Patch, EmptyUnknownAndMalformedBodiesAreRefused) {
  expect_refused("{}", 400, "at least one setting is required");
  expect_refused(R"({"mode": 1, "colour": "red"})", 400, "unknown field: colour");
  expect_refused(R"({"d50": 21})", 400, "unknown field: d50");
  expect_refused("", 400, "invalid JSON body");
  expect_refused("{\"mode\": 1", 400, "invalid JSON body");
  expect_refused(R"([{"mode": 1}])", 400, "invalid JSON body");
  expect_refused("1", 400, "invalid JSON body");
  expect_refused(R"({"mode": 1})", 415, "Content-Type must be application/json",
                 {{"Content-Type", "text/plain"}});
  expect_refused(R"({"mode": 1})", 415, "Content-Type must be application/json",
                 {{"Content-Type", ""}});
  // 16 KiB is the limit.
  const auto large = R"({"mode": 1, "x": ")" + std::string(16 * 1024, 'a') + "\"}";
  expect_refused(large, 413, "request body too large");
}

TEST_F(Patch, UnknownDeviceIs404WithNothingWritten) {
  const auto response = patch("/api/v1/heatpump/settings/ThermIQ_none", R"({"mode": 1})");
  EXPECT_EQ(response.result_int(), 404U);
  EXPECT_EQ(error_of(response), "Device ThermIQ_none not found");
  EXPECT_EQ(outbox_rows(), "0");
  EXPECT_EQ(query_one("SELECT count(*) FROM settings"), "1");
  EXPECT_EQ(patch("/api/v1/heatpump/settings/bad%20id", R"({"mode": 1})").result_int(), 400U);
}

TEST_F(Patch, CurveMinimumMayNotExceedTheMaximumAfterThePatch) {
  // Stored curve_max is 45.
  expect_refused(R"({"curve_min": 46})", 400,
                 "curve_min must not be greater than curve_max (curve_min 46, curve_max 45)");
  expect_refused(R"({"curve_max": 9})", 400,
                 "curve_min must not be greater than curve_max (curve_min 10, curve_max 9)");
  expect_refused(R"({"curve_min": 50, "curve_max": 49})", 400,
                 "curve_min must not be greater than curve_max (curve_min 50, curve_max 49)");
  EXPECT_EQ(patch(kPath, R"({"curve_min": 50, "curve_max": 60})").result_int(), 202U);
  EXPECT_EQ(patch(kPath, R"({"curve_min": 60})").result_int(), 202U);
  // Unknown limits are not compared.
  admin().exec("UPDATE settings SET curve_max = NULL");
  EXPECT_EQ(patch(kPath, R"({"curve_min": 200})").result_int(), 202U);
}

TEST_F(Patch, MaxRetriesComesFromTheConfiguration) {
  auto config = default_config();
  config.outbox_max_retries = 7;
  start_api(config);
  ASSERT_EQ(patch(kPath, R"({"mode": 0})").result_int(), 202U);
  EXPECT_EQ(query_one("SELECT max_retries FROM outbox"), "7");
}

TEST_F(Patch, TheCommittedOutboxRowNotifiesTheProcessor) {
  core::pg::Connection listener(db_.conninfo());
  listener.listen("outbox_pending");
  const auto response = patch(kPath, R"({"indoor_target_temp": 21})");
  ASSERT_EQ(response.result_int(), 202U);
  const auto notification = listener.wait_notification(5s);
  ASSERT_TRUE(notification);
  EXPECT_EQ(notification->channel, "outbox_pending");
  EXPECT_EQ(notification->payload, std::to_string(parse(response).at("outbox_id").as_int64()));
  // A refused request notifies nobody.
  ASSERT_EQ(patch(kPath, R"({"curve_min": 99})").result_int(), 400U);
  EXPECT_FALSE(listener.wait_notification(500ms));
}

TEST_F(Patch, ConcurrentPatchesOfOneDeviceAreSerialized) {
  std::vector<std::jthread> clients;
  std::atomic<int> accepted = 0;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([this, i, &accepted] {
      if (patch(kPath, "{\"curve\":" + std::to_string(100 + i) + "}").result_int() == 202U) {
        ++accepted;
      }
    });
  }
  clients.clear();
  EXPECT_EQ(accepted, 8);
  EXPECT_EQ(outbox_rows(), "8");
  // The row holds the payload of the last committed outbox row.
  EXPECT_EQ(query_one("SELECT (SELECT curve FROM settings) = "
                      "(SELECT (payload->>'curve')::int FROM outbox ORDER BY id DESC LIMIT 1)"),
            "t");
}

}  // namespace
}  // namespace settings_test
