// /api/v1/temperature/* over HTTP against a real database (contracts/homelab-api.md sections 5.8
// and 5.9). The API's clock is fixed at 2026-01-16T21:24:31.501Z.
#include <gtest/gtest.h>

#include "api_fixture.hpp"

namespace api_test {
namespace {

const std::string kColumns =
    "time, device_id, mac_address, location, temperature_c, temperature_f, humidity, wifi_rssi, "
    "battery_voltage, battery_percent";

const std::vector<std::string> kReadings = {
    // Exactly 24 h and exactly 1 h before now: the window is time > now - hours, so these are
    // the first readings left out for hours=24 and hours=1.
    "('2026-01-15 21:24:31.501Z', 'shellyhtg3-e4b32322a0f4', 'E4B32322A0F4', 'indoor', 20.0, "
    "68.0, 44.0, -60.0, 0.0, 0.0)",
    "('2026-01-16 19:00:00Z', 'shellyhtg3-e4b32322a0f4', 'E4B32322A0F4', 'indoor', 20.5, 68.9, "
    "44.5, -58.0, 0.0, 0.0)",
    "('2026-01-16 20:24:31.501Z', 'shellyhtg3-e4b32322a0f4', 'E4B32322A0F4', 'indoor', 21.0, "
    "69.8, 45.0, -56.0, 0.0, 0.0)",
    "('2026-01-16 21:10:05.25Z', 'shellyhtg3-e4b32322a0f4', 'E4B32322A0F4', 'indoor', 21.3, "
    "70.3, 45.2, -55.0, 0.0, 0.0)",
    "('2026-01-16 21:20:00.123456Z', 'shellyhtg3-e4b32322a0f4', 'E4B32322A0F4', 'indoor', 21.4, "
    "70.5, 45.1, -55.0, 0.0, 0.0)",
    "('2026-01-16 21:00:00Z', 'shellyhtg3-aaaaaaaaaaaa', NULL, 'outdoor', -3.0, NULL, NULL, NULL, "
    "NULL, 80.0)",
    "('2026-01-16 10:00:00Z', 'shellyhtg3-bbbbbbbbbbbb', 'BBBBBBBBBBBB', 'garage', 4.5, 40.1, "
    "70.0, -70.0, 3.0, 55.0)",
};

class TemperatureContract : public ApiFixture {
 protected:
  void insert_readings() { insert("temperature_sensors", kColumns, kReadings); }
};

TEST_F(TemperatureContract, LatestOfALocation) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/latest?location=indoor"), R"({
    "time":"2026-01-16T21:20:00.123456Z","location":"indoor","temperature_c":21.4,
    "humidity":45.1,"battery_percent":0.0})"));
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/latest?location=outdoor"), R"({
    "time":"2026-01-16T21:00:00Z","location":"outdoor","temperature_c":-3.0,"humidity":null,
    "battery_percent":80.0})"));
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/latest?location=attic", 404),
                         R"({"error":"no data"})"));
}

TEST_F(TemperatureContract, AllLatestIsOneRowPerLocationByLocation) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/all-latest"), R"([
    {"time":"2026-01-16T10:00:00Z","location":"garage","temperature_c":4.5,"humidity":70.0,
     "battery_percent":55.0},
    {"time":"2026-01-16T21:20:00.123456Z","location":"indoor","temperature_c":21.4,
     "humidity":45.1,"battery_percent":0.0},
    {"time":"2026-01-16T21:00:00Z","location":"outdoor","temperature_c":-3.0,"humidity":null,
     "battery_percent":80.0}])"));
}

TEST_F(TemperatureContract, HistoryOfTheLastHours) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/history?location=indoor&hours=1"), R"([
    {"time":"2026-01-16T21:10:05.250Z","device_id":"shellyhtg3-e4b32322a0f4",
     "mac_address":"E4B32322A0F4","location":"indoor","temperature_c":21.3,"temperature_f":70.3,
     "humidity":45.2,"wifi_rssi":-55.0,"battery_voltage":0.0,"battery_percent":0.0},
    {"time":"2026-01-16T21:20:00.123456Z","device_id":"shellyhtg3-e4b32322a0f4",
     "mac_address":"E4B32322A0F4","location":"indoor","temperature_c":21.4,"temperature_f":70.5,
     "humidity":45.1,"wifi_rssi":-55.0,"battery_voltage":0.0,"battery_percent":0.0}])"));
}

TEST_F(TemperatureContract, HistoryDefaultsTo24HoursAndAllowsAYear) {
  insert_readings();
  const auto day = get_json("/api/v1/temperature/history?location=indoor");
  ASSERT_EQ(day.as_array().size(), 4U) << day;
  EXPECT_EQ(day.as_array()[0].at("time"), "2026-01-16T19:00:00Z");
  EXPECT_EQ(get_json("/api/v1/temperature/history?location=indoor&hours=8760").as_array().size(),
            5U);
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/history?location=outdoor"), R"([
    {"time":"2026-01-16T21:00:00Z","device_id":"shellyhtg3-aaaaaaaaaaaa","mac_address":null,
     "location":"outdoor","temperature_c":-3.0,"temperature_f":null,"humidity":null,
     "wifi_rssi":null,"battery_voltage":null,"battery_percent":80.0}])"));
}

TEST_F(TemperatureContract, EmptyTables) {
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/latest?location=indoor", 404),
                         R"({"error":"no data"})"));
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/all-latest"), "[]"));
  EXPECT_TRUE(json_equal(get_json("/api/v1/temperature/history?location=indoor"), "[]"));
}

}  // namespace
}  // namespace api_test
