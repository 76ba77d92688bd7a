// /api/v1/energy/* over HTTP against a real database (contracts/homelab-api.md sections 5.2 to
// 5.5). The expected numbers are computed by hand from the readings below with the counter rule of
// database.md section 3.1; the database's views must produce exactly these.
#include <gtest/gtest.h>

#include "api_fixture.hpp"

namespace api_test {
namespace {

const std::string kColumns =
    "time, device_serial, active_energy_total, active_power_total, active_power_l1, "
    "active_power_l2, active_power_l3";

// Two meters around local midnight of 2026-01-16 in Stockholm (UTC+1 in winter: 23:00Z).
const std::vector<std::string> kReadings = {
    "('2026-01-15 21:59:59Z', 'meter-a', 1000, 500, 100, NULL, NULL)",
    "('2026-01-15 22:00:00Z', 'meter-a', 1002, 600, 100, NULL, NULL)",
    "('2026-01-15 22:59:59Z', 'meter-a', 1500, 800, 300, NULL, NULL)",
    "('2026-01-15 22:10:00Z', 'meter-b', 50000, 300, NULL, NULL, NULL)",
    "('2026-01-15 22:50:00Z', 'meter-b', 50250, 500, NULL, NULL, NULL)",
    "('2026-01-15 23:00:00Z', 'meter-a', 1501, 400, 100, 100, 200)",
    "('2026-01-15 23:30:00Z', 'meter-a', 1800, 400, 100, 100, 200)",
    "('2026-01-15 23:30:01Z', 'meter-a', 5, 400, 100, 100, 200)",  // meter reset
    "('2026-01-15 23:59:59Z', 'meter-a', 100, 400, 100, 100, 200)",
    // Nothing in 00:00Z: a data gap.
    "('2026-01-16 01:00:05.25Z', 'meter-a', 180, 956, 638, 250, 67)",
};

// UTC hours, by hand:
//   21:00  meter-a's first reading ever: 0 Wh. Power: total 500 W, l1 100 W.
//   22:00  meter-a: boundary 1002 - 1000 = 2, inside 1500 - 1002 = 498 -> 500 Wh.
//          meter-b: first bucket ever, boundary 0, inside 50250 - 50000 = 250 Wh.
//          750 Wh = 0.75 kWh from 4 readings. Power is the sum over meters of each meter's mean:
//          total (600 + 800) / 2 + (300 + 500) / 2 = 700 + 400 = 1100 W; l1 (100 + 300) / 2 =
//          200 W (meter-b has none); l2 and l3 have no values: null.
//   23:00  meter-a: boundary 1501 - 1500 = 1; the reset makes min 5 < first 1501, so inside =
//          (1800 - 1501) + 100 = 399 -> 400 Wh (the steps 1 + 299 + 5 + 95).
//   00:00  no readings, no row.
//   01:00  the baseline is the last reading of 23:00 (100): 180 - 100 = 80 Wh.
const char* const kAllHours = R"([
  {"hour_start":"2026-01-15T21:00:00Z","hour_end":"2026-01-15T22:00:00Z","total_energy_kwh":0.0,
   "avg_power_l1_kw":0.1,"avg_power_l2_kw":null,"avg_power_l3_kw":null,"avg_power_total_kw":0.5,
   "measurement_count":1},
  {"hour_start":"2026-01-15T22:00:00Z","hour_end":"2026-01-15T23:00:00Z","total_energy_kwh":0.75,
   "avg_power_l1_kw":0.2,"avg_power_l2_kw":null,"avg_power_l3_kw":null,"avg_power_total_kw":1.1,
   "measurement_count":4},
  {"hour_start":"2026-01-15T23:00:00Z","hour_end":"2026-01-16T00:00:00Z","total_energy_kwh":0.4,
   "avg_power_l1_kw":0.1,"avg_power_l2_kw":0.1,"avg_power_l3_kw":0.2,"avg_power_total_kw":0.4,
   "measurement_count":4},
  {"hour_start":"2026-01-16T01:00:00Z","hour_end":"2026-01-16T02:00:00Z","total_energy_kwh":0.08,
   "avg_power_l1_kw":0.638,"avg_power_l2_kw":0.25,"avg_power_l3_kw":0.067,
   "avg_power_total_kw":0.956,"measurement_count":1}])";

// Local days: 2026-01-15 is [2026-01-14T23:00Z, 2026-01-15T23:00Z) and holds the hours 21:00 and
// 22:00: 0 + 750 Wh = 0.75 kWh from 5 readings. 2026-01-16 starts at 23:00Z and holds 23:00 and
// 01:00: 400 + 80 = 480 Wh = 0.48 kWh from 5 readings.
const char* const kDays = R"([
  {"day_start":"2026-01-14T23:00:00Z","day_end":"2026-01-15T23:00:00Z","month_start":null,
   "month_end":null,"year_start":null,"year_end":null,"energy_consumption_kwh":0.75,
   "measurement_count":5},
  {"day_start":"2026-01-15T23:00:00Z","day_end":"2026-01-16T23:00:00Z","month_start":null,
   "month_end":null,"year_start":null,"year_end":null,"energy_consumption_kwh":0.48,
   "measurement_count":5}])";

class EnergyContract : public ApiFixture {
 protected:
  void insert_readings() { insert("energy_consumption", kColumns, kReadings); }
};

TEST_F(EnergyContract, LatestIsTheNewestReadingAcrossMeters) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/latest"), R"({
    "ts":"2026-01-16T01:00:05.250Z","consumption_total_w":180,"consumption_total_actual_w":956,
    "consumption_l1_actual_w":638,"consumption_l2_actual_w":250,"consumption_l3_actual_w":67})"));
}

TEST_F(EnergyContract, LatestKeepsAbsentPhasesAsNull) {
  insert("energy_consumption", kColumns,
         {"('2026-01-16 21:10:09Z', 'meter-b', 102795417, 956, NULL, NULL, NULL)"});
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/latest"), R"({
    "ts":"2026-01-16T21:10:09Z","consumption_total_w":102795417,"consumption_total_actual_w":956,
    "consumption_l1_actual_w":null,"consumption_l2_actual_w":null,
    "consumption_l3_actual_w":null})"));
}

TEST_F(EnergyContract, HistoryAcrossHourDayBoundariesResetAndGap) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/history?from=2026-01-15T00:00:00Z&"
                                  "to=2026-01-17T00:00:00Z"),
                         kAllHours));
}

TEST_F(EnergyContract, HistoryIsHalfOpenOnHourStart) {
  insert_readings();
  // [22:00, 01:00): 22:00 and 23:00; 01:00 starts at `to` and is left out. A range that starts
  // inside an hour leaves that hour out too (its start is before `from`), yet the next hour still
  // counts from the reading before it.
  const auto body =
      get_json("/api/v1/energy/history?from=2026-01-15T21:30:00Z&to=2026-01-16T01:00:00Z");
  ASSERT_EQ(body.as_array().size(), 2U) << body;
  EXPECT_EQ(body.as_array()[0].at("hour_start"), "2026-01-15T22:00:00Z");
  EXPECT_EQ(body.as_array()[0].at("total_energy_kwh").to_number<double>(), 0.75);
  EXPECT_EQ(body.as_array()[1].at("hour_start"), "2026-01-15T23:00:00Z");
  EXPECT_EQ(body.as_array()[1].at("total_energy_kwh").to_number<double>(), 0.4);
}

TEST_F(EnergyContract, HistoryToDefaultsToNow) {
  insert_readings();
  set_now("2026-01-16T00:59:59Z");  // before the 01:00 hour starts
  const auto body = get_json("/api/v1/energy/history?from=2026-01-15T00:00:00Z");
  EXPECT_EQ(body.as_array().size(), 3U) << body;
}

TEST_F(EnergyContract, HourlyTotalIsTheCurrentHourSoFar) {
  insert_readings();
  set_now("2026-01-15T23:45:30.5Z");
  // The 23:00 hour: 400 Wh, counted from the last reading before it (22:59:59 = 1500).
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/hourly-total"), R"({
    "total_kwh":0.4,"hour_start":"2026-01-15T23:00:00Z",
    "current_time":"2026-01-15T23:45:30.500Z"})"));
}

TEST_F(EnergyContract, HourlyTotalIsZeroForAnHourWithoutReadings) {
  insert_readings();
  set_now("2026-01-16T00:30:00Z");
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/hourly-total"), R"({
    "total_kwh":0.0,"hour_start":"2026-01-16T00:00:00Z","current_time":"2026-01-16T00:30:00Z"})"));
}

TEST_F(EnergyContract, DailySummaryInLocalDays) {
  insert_readings();
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/daily-summary?from=2026-01-14T23:00:00Z&"
                                  "to=2026-01-16T23:00:00Z"),
                         kDays));
  // Half-open on day_start: a range ending at the second day's start holds only the first.
  const auto first =
      get_json("/api/v1/energy/daily-summary?from=2026-01-14T23:00:00Z&to=2026-01-15T23:00:00Z");
  ASSERT_EQ(first.as_array().size(), 1U) << first;
  EXPECT_EQ(first.as_array()[0].at("day_start"), "2026-01-14T23:00:00Z");
}

TEST_F(EnergyContract, MonthlyAndYearlySummaries) {
  insert_readings();
  // Everything is in January 2026 local time: 750 + 480 = 1230 Wh = 1.23 kWh from 10 readings.
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/monthly-summary?from=2025-01-01T00:00:00Z&"
                                  "to=2027-01-01T00:00:00Z"),
                         R"([{"day_start":null,"day_end":null,
                              "month_start":"2025-12-31T23:00:00Z","month_end":"2026-01-31T23:00:00Z",
                              "year_start":null,"year_end":null,
                              "energy_consumption_kwh":1.23,"measurement_count":10}])"));
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/yearly-summary?from=2020-01-01T00:00:00Z&"
                                  "to=2030-01-01T00:00:00Z"),
                         R"([{"day_start":null,"day_end":null,"month_start":null,"month_end":null,
                              "year_start":"2025-12-31T23:00:00Z","year_end":"2026-12-31T23:00:00Z",
                              "energy_consumption_kwh":1.23,"measurement_count":10}])"));
  // The month starts at 2025-12-31T23:00Z: a range from 2026-01-01T00:00Z does not include it.
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/monthly-summary?from=2026-01-01T00:00:00Z&"
                                  "to=2027-01-01T00:00:00Z"),
                         "[]"));
}

TEST_F(EnergyContract, ADaylightSavingDayLasts23Hours) {
  // Stockholm moves from UTC+1 to UTC+2 on 2026-03-29, so that local day runs from 23:00Z to
  // 22:00Z the next day. One meter, one reading per local day:
  //   2026-03-28 23:30 local (22:30Z) = 100 Wh: the first reading, 0 Wh;
  //   2026-03-29 12:00 local (10:00Z) = 300 Wh: 200 Wh;
  //   2026-03-30 00:30 local (2026-03-29 22:30Z) = 600 Wh: 300 Wh.
  insert("energy_consumption", kColumns,
         {"('2026-03-28 22:30:00Z', 'meter-a', 100, 1, NULL, NULL, NULL)",
          "('2026-03-29 10:00:00Z', 'meter-a', 300, 1, NULL, NULL, NULL)",
          "('2026-03-29 22:30:00Z', 'meter-a', 600, 1, NULL, NULL, NULL)"});
  EXPECT_TRUE(json_equal(
      get_json("/api/v1/energy/daily-summary?from=2026-03-27T00:00:00Z&to=2026-04-01T00:00:00Z"),
      R"([{"day_start":"2026-03-27T23:00:00Z","day_end":"2026-03-28T23:00:00Z","month_start":null,
           "month_end":null,"year_start":null,"year_end":null,"energy_consumption_kwh":0.0,
           "measurement_count":1},
          {"day_start":"2026-03-28T23:00:00Z","day_end":"2026-03-29T22:00:00Z","month_start":null,
           "month_end":null,"year_start":null,"year_end":null,"energy_consumption_kwh":0.2,
           "measurement_count":1},
          {"day_start":"2026-03-29T22:00:00Z","day_end":"2026-03-30T22:00:00Z","month_start":null,
           "month_end":null,"year_start":null,"year_end":null,"energy_consumption_kwh":0.3,
           "measurement_count":1}])"));
}

TEST_F(EnergyContract, EmptyTables) {
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/latest", 404), R"({"error":"no data"})"));
  EXPECT_TRUE(json_equal(get_json("/api/v1/energy/hourly-total"), R"({
    "total_kwh":0.0,"hour_start":"2026-01-16T21:00:00Z","current_time":"2026-01-16T21:24:31.501Z"})"));
  for (const auto* path : {"history", "daily-summary", "monthly-summary", "yearly-summary"}) {
    EXPECT_TRUE(json_equal(
        get_json(std::string("/api/v1/energy/") + path + "?from=2000-01-01T00:00:00Z"), "[]"))
        << path;
  }
}

}  // namespace
}  // namespace api_test
