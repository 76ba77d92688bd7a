// /api/v1/heatpump/* over HTTP against a real database (contracts/homelab-api.md sections 5.6 and
// 5.7), with the runtime increases computed by hand (database.md section 3.1).
#include <gtest/gtest.h>

#include "api_fixture.hpp"

namespace api_test {
namespace {

const std::string kColumns =
    "time, device_id, runtime_compressor, runtime_hotwater, runtime_3kw, runtime_6kw, "
    "outdoor_temp, supplyline_temp, returnline_temp, hotwater_temp, brine_out_temp, "
    "brine_in_temp, compressor_on, hotwater_production, flowlinepump_on, brinepump_on, "
    "aux_heater_3kw_on, aux_heater_6kw_on, integral";

// Local days in Stockholm (UTC+1): 2026-01-15 ends and 2026-01-16 starts at 2026-01-15T23:00Z.
const std::vector<std::string> kReadings = {
    "('2026-01-15 22:30:00Z', 'ThermIQ_A', 100, 10, 0, 0, -3.0, 35.0, 30.0, 48.0, 1.0, -2.0, "
    "true, false, true, true, false, false, -180)",
    "('2026-01-15 23:10:00Z', 'ThermIQ_A', 101, 10, 0, 0, -4.0, 36.0, 31.0, 47.0, 0.5, -2.5, "
    "true, false, true, true, false, false, -200)",
    "('2026-01-16 05:00:00Z', 'ThermIQ_A', 104, 12, 1, 0, -5.0, 34.0, 29.0, 50.0, 1.5, -1.5, "
    "false, true, true, false, true, false, -150)",
    // A second heat pump that reports little: nulls must come back as null members.
    "('2026-01-16 06:00:00Z', 'ThermIQ_B', 50, NULL, NULL, NULL, -6.5, NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
};

// By hand, per device and local day:
//   ThermIQ_A 2026-01-15 (22:30Z): the first reading of every counter: increases 0. The
//     averages are that reading's temperatures.
//   ThermIQ_A 2026-01-16: compressor 101 - 100 = 1 at 23:10Z, 104 - 101 = 3 at 05:00Z -> 4;
//     hot water 0 + (12 - 10) = 2; 3 kW 0 + 1 = 1; 6 kW 0. Averages of 23:10Z and 05:00Z:
//     outdoor (-4 - 5) / 2 = -4.5, supply (36 + 34) / 2 = 35, return (31 + 29) / 2 = 30,
//     hot water (47 + 50) / 2 = 48.5, brine out (0.5 + 1.5) / 2 = 1, brine in (-2.5 - 1.5) / 2 =
//     -2.
//   ThermIQ_B 2026-01-16: the compressor's first reading (0); the other counters never reported
//     (0). Only the outdoor temperature has a value.
const char* const kDayA15 = R"({"day":"2026-01-14T23:00:00Z","device_id":"ThermIQ_A",
  "daily_runtime_compressor_increase":0,"daily_runtime_hotwater_increase":0,
  "daily_runtime_3kw_increase":0,"daily_runtime_6kw_increase":0,"avg_outdoor_temp":-3.0,
  "avg_supplyline_temp":35.0,"avg_returnline_temp":30.0,"avg_hotwater_temp":48.0,
  "avg_brine_out_temp":1.0,"avg_brine_in_temp":-2.0})";
const char* const kDayA16 = R"({"day":"2026-01-15T23:00:00Z","device_id":"ThermIQ_A",
  "daily_runtime_compressor_increase":4,"daily_runtime_hotwater_increase":2,
  "daily_runtime_3kw_increase":1,"daily_runtime_6kw_increase":0,"avg_outdoor_temp":-4.5,
  "avg_supplyline_temp":35.0,"avg_returnline_temp":30.0,"avg_hotwater_temp":48.5,
  "avg_brine_out_temp":1.0,"avg_brine_in_temp":-2.0})";
const char* const kDayB16 = R"({"day":"2026-01-15T23:00:00Z","device_id":"ThermIQ_B",
  "daily_runtime_compressor_increase":0,"daily_runtime_hotwater_increase":0,
  "daily_runtime_3kw_increase":0,"daily_runtime_6kw_increase":0,"avg_outdoor_temp":-6.5,
  "avg_supplyline_temp":null,"avg_returnline_temp":null,"avg_hotwater_temp":null,
  "avg_brine_out_temp":null,"avg_brine_in_temp":null})";

std::string array_of(std::initializer_list<const char*> rows) {
  std::string out = "[";
  for (const auto* row : rows) {
    out += (out.size() > 1 ? "," : "") + std::string(row);
  }
  return out + "]";
}

class HeatpumpContract : public ApiFixture {
 protected:
  void insert_readings() { insert("heatpump_status", kColumns, kReadings); }
};

TEST_F(HeatpumpContract, LatestAcrossDevicesKeepsNullsAsNull) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/heatpump/latest"), R"({
    "ts":"2026-01-16T06:00:00Z","device_id":"ThermIQ_B","compressor_on":null,
    "hotwater_production":null,"flowlinepump_on":null,"brinepump_on":null,
    "aux_heater_3kw_on":null,"aux_heater_6kw_on":null,"outdoor_temp":-6.5,"supplyline_temp":null,
    "returnline_temp":null,"hotwater_temp":null,"brine_out_temp":null,"brine_in_temp":null,
    "integral":null})"));
}

TEST_F(HeatpumpContract, LatestOfOneDevice) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/heatpump/latest?device_id=ThermIQ_A"), R"({
    "ts":"2026-01-16T05:00:00Z","device_id":"ThermIQ_A","compressor_on":false,
    "hotwater_production":true,"flowlinepump_on":true,"brinepump_on":false,
    "aux_heater_3kw_on":true,"aux_heater_6kw_on":false,"outdoor_temp":-5.0,"supplyline_temp":34.0,
    "returnline_temp":29.0,"hotwater_temp":50.0,"brine_out_temp":1.5,"brine_in_temp":-1.5,
    "integral":-150})"));
  EXPECT_TRUE(json_equal(get_json("/api/v1/heatpump/latest?device_id=ThermIQ_none", 404),
                         R"({"error":"no data"})"));
  // An empty device_id is no filter.
  EXPECT_EQ(get_json("/api/v1/heatpump/latest?device_id=").at("device_id"), "ThermIQ_B");
}

TEST_F(HeatpumpContract, DailySummaryByDayThenDevice) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/heatpump/daily-summary?from=2026-01-14T00:00:00Z&"
                                  "to=2026-01-17T00:00:00Z"),
                         array_of({kDayA15, kDayA16, kDayB16})));
}

TEST_F(HeatpumpContract, DailySummaryOfOneDeviceAndHalfOpenRange) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/heatpump/daily-summary?from=2026-01-14T00:00:00Z&"
                                  "to=2026-01-17T00:00:00Z&device_id=ThermIQ_B"),
                         array_of({kDayB16})));
  // [2026-01-15T23:00Z, ...): the local day that starts exactly at `from` is in, the one before
  // is out, and its readings still give the baseline of the first increase.
  EXPECT_TRUE(json_equal(get_json("/api/v1/heatpump/daily-summary?from=2026-01-15T23:00:00Z&"
                                  "to=2026-01-17T00:00:00Z&device_id=ThermIQ_A"),
                         array_of({kDayA16})));
}

TEST_F(HeatpumpContract, EmptyTables) {
  EXPECT_TRUE(json_equal(get_json("/api/v1/heatpump/latest", 404), R"({"error":"no data"})"));
  EXPECT_TRUE(
      json_equal(get_json("/api/v1/heatpump/daily-summary?from=2000-01-01T00:00:00Z"), "[]"));
}

}  // namespace
}  // namespace api_test
