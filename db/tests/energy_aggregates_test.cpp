// Energy views of the telemetry schema against hand-computed values (database.md section 3).
// Every test gets its own database, migrated by the real homelab-migrate binary.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "schema_support.hpp"

namespace db_test {
namespace {

const std::string kCounterColumns = "time, device_serial, active_energy_total, active_power_total";
const std::string kPowerColumns =
    "time, device_serial, active_energy_total, active_power_total, active_power_l1, "
    "active_power_l2, active_power_l3";

// The worked example of rule 3.1, one meter, counter in Wh.
const std::vector<std::string> kWorkedExample = {
    "('2026-01-16 19:59:59Z', 'meter-a', 1000, 500)",
    "('2026-01-16 20:00:00Z', 'meter-a', 1002, 500)",
    "('2026-01-16 20:59:59Z', 'meter-a', 1500, 500)",
    "('2026-01-16 21:00:00Z', 'meter-a', 1501, 500)",
    "('2026-01-16 21:30:00Z', 'meter-a', 1800, 500)",
    "('2026-01-16 21:30:01Z', 'meter-a', 5, 500)",  // meter reset
    "('2026-01-16 21:59:59Z', 'meter-a', 100, 500)",
    "('2026-01-16 23:00:05Z', 'meter-a', 180, 500)",
};

// 19:00 holds the first reading ever: increase 0.
// 20:00: boundary 1002 - 1000 = 2, inside 1500 - 1002 = 498 -> 500 Wh.
// 21:00: boundary 1501 - 1500 = 1; min 5 < first 1501, so inside = (1800 - 1501) + 100 = 399
//        -> 400 Wh (steps 1 + 299 + 5 + 95).
// 22:00: no readings, no row.
// 23:00: baseline is the last reading of 21:00 (100): 180 - 100 = 80 Wh.
const std::vector<std::string> kWorkedExampleHours = {
    "2026-01-16 19:00:00+00|2026-01-16 20:00:00+00|0|1",
    "2026-01-16 20:00:00+00|2026-01-16 21:00:00+00|0.5|2",
    "2026-01-16 21:00:00+00|2026-01-16 22:00:00+00|0.4|4",
    "2026-01-16 23:00:00+00|2026-01-17 00:00:00+00|0.08|1",
};

const char* const kHourlyEnergyQuery =
    "SELECT hour_start, hour_end, total_energy_kwh, measurement_count "
    "FROM energy_hourly ORDER BY hour_start";

class EnergyAggregates : public TelemetryDatabase {};

TEST_F(EnergyAggregates, WorkedExampleOfTheCounterRule) {
  EXPECT_EQ(insert_rows(conn(), "energy_consumption", kCounterColumns, kWorkedExample), 8);
  EXPECT_EQ(rows_of(conn(), kHourlyEnergyQuery), kWorkedExampleHours);
}

TEST_F(EnergyAggregates, OutOfOrderBatchesAndRedeliveryGiveTheInOrderResult) {
  // Three batches in scrambled order, then every row again (a redelivery): the second copy
  // inserts nothing and must not be counted.
  const auto& r = kWorkedExample;
  EXPECT_EQ(insert_rows(conn(), "energy_consumption", kCounterColumns, {r[7], r[5]}), 2);
  EXPECT_EQ(insert_rows(conn(), "energy_consumption", kCounterColumns, {r[2], r[0], r[6]}), 3);
  EXPECT_EQ(insert_rows(conn(), "energy_consumption", kCounterColumns, {r[3], r[1], r[4]}), 3);
  EXPECT_EQ(insert_rows(conn(), "energy_consumption", kCounterColumns, kWorkedExample), 0);

  EXPECT_EQ(rows_of(conn(), kHourlyEnergyQuery), kWorkedExampleHours);
  // The merged base rows equal one in-order pass. In 21:00 the first batch held only 21:30:01=5,
  // the second added the later 21:59:59=100 (new last) and the third the earlier 21:00:00=1501
  // (new first) and 21:30:00=1800 (new max).
  EXPECT_EQ(rows_of(conn(),
                    "SELECT bucket, first_time, first_total, last_time, last_total, min_total, "
                    "max_total, measurement_count, power_total_sum, power_total_n "
                    "FROM energy_hourly_base ORDER BY bucket"),
            (std::vector<std::string>{
                "2026-01-16 19:00:00+00|2026-01-16 19:59:59+00|1000|2026-01-16 19:59:59+00|1000|"
                "1000|1000|1|500|1",
                "2026-01-16 20:00:00+00|2026-01-16 20:00:00+00|1002|2026-01-16 20:59:59+00|1500|"
                "1002|1500|2|1000|2",
                "2026-01-16 21:00:00+00|2026-01-16 21:00:00+00|1501|2026-01-16 21:59:59+00|100|"
                "5|1800|4|2000|4",
                "2026-01-16 23:00:00+00|2026-01-16 23:00:05+00|180|2026-01-16 23:00:05+00|180|"
                "180|180|1|500|1",
            }));
}

TEST_F(EnergyAggregates, CopyMaintainsTheBaseLikeInsert) {
  // A bulk import with COPY fires the same statement trigger: 2 readings, 10 -> 25 Wh in one hour.
  auto copy = conn().copy_in(
      "energy_consumption", {"time", "device_serial", "active_energy_total", "active_power_total"});
  copy.row({"2026-01-16 20:10:00Z", "meter-a", std::int64_t{10}, 100});
  copy.row({"2026-01-16 20:20:00Z", "meter-a", std::int64_t{25}, 300});
  EXPECT_EQ(copy.finish(), 2);
  // First bucket ever: boundary 0, inside 25 - 10 = 15 Wh; mean power (100 + 300) / 2 = 200 W.
  EXPECT_EQ(rows_of(conn(),
                    "SELECT hour_start, total_energy_kwh, avg_power_total_kw, measurement_count "
                    "FROM energy_hourly"),
            (std::vector<std::string>{"2026-01-16 20:00:00+00|0.015|0.2|2"}));
}

TEST_F(EnergyAggregates, MetersAreSummedAndPowerIsTheSumOfPerMeterMeans) {
  insert_rows(conn(), "energy_consumption", kPowerColumns,
              {
                  // meter-a: counter, total power, L1, L2, L3
                  "('2026-02-10 09:30:00Z', 'meter-a', 5000, 1000, 400, 300, 300)",
                  "('2026-02-10 10:15:00Z', 'meter-a', 5400, 2000, 1000, 500, 500)",
                  "('2026-02-10 10:45:00Z', 'meter-a', 5900, 3000, 1500, 800, 700)",
                  // meter-b reports L1 only
                  "('2026-02-10 10:05:00Z', 'meter-b', 200, 600, 600, NULL, NULL)",
                  "('2026-02-10 10:55:00Z', 'meter-b', 260, 400, 200, NULL, NULL)",
                  "('2026-02-10 11:10:00Z', 'meter-b', 300, 500, 500, NULL, NULL)",
              });
  // 09:00: meter-a's first reading: 0 Wh; means are its single values.
  // 10:00: meter-a: boundary 5400 - 5000 = 400, inside 500 -> 900 Wh; meter-b: first bucket
  //        ever, inside 260 - 200 = 60 Wh. Sum 960 Wh = 0.96 kWh.
  //        total: a (2000 + 3000) / 2 = 2500 W + b (600 + 400) / 2 = 500 W -> 3 kW
  //        L1: a 1250 W + b 400 W -> 1.65 kW; L2: a 650 W, b none -> 0.65; L3: a 600 W -> 0.6.
  // 11:00: only meter-b: 300 - 260 = 40 Wh; no meter has L2 or L3 values -> NULL.
  EXPECT_EQ(rows_of(conn(),
                    "SELECT hour_start, total_energy_kwh, avg_power_l1_kw, avg_power_l2_kw, "
                    "avg_power_l3_kw, avg_power_total_kw, measurement_count "
                    "FROM energy_hourly ORDER BY hour_start"),
            (std::vector<std::string>{
                "2026-02-10 09:00:00+00|0|0.4|0.3|0.3|1|1",
                "2026-02-10 10:00:00+00|0.96|1.65|0.65|0.6|3|4",
                "2026-02-10 11:00:00+00|0.04|0.5|null|null|0.5|1",
            }));
  // All three hours lie in the local (CET) day 2026-02-10: 0 + 0.96 + 0.04 = 1 kWh, 6 readings.
  EXPECT_EQ(rows_of(conn(),
                    "SELECT day_start, day_end, energy_consumption_kwh, measurement_count "
                    "FROM energy_daily_summary"),
            (std::vector<std::string>{"2026-02-09 23:00:00+00|2026-02-10 23:00:00+00|1|6"}));
}

TEST_F(EnergyAggregates, DailyBucketsAreLocalDaysAcrossDaylightSavingChanges) {
  // Spring: on 2026-03-29 Stockholm skips 02:00-03:00 local (01:00Z).
  insert_rows(conn(), "energy_consumption", kCounterColumns,
              {
                  "('2026-03-28 22:30:00Z', 'meter-a', 100, 0)",  // 23:30 CET, Mar 28
                  "('2026-03-28 23:30:00Z', 'meter-a', 150, 0)",  // 00:30 CET, Mar 29
                  "('2026-03-29 21:30:00Z', 'meter-a', 400, 0)",  // 23:30 CEST, Mar 29
                  "('2026-03-29 22:30:00Z', 'meter-a', 420, 0)",  // 00:30 CEST, Mar 30
              });
  // Autumn: on 2026-10-25 Stockholm repeats 02:00-03:00 local (01:00Z).
  insert_rows(conn(), "energy_consumption", kCounterColumns,
              {
                  "('2026-10-24 21:30:00Z', 'meter-b', 1000, 0)",  // 23:30 CEST, Oct 24
                  "('2026-10-24 22:30:00Z', 'meter-b', 1100, 0)",  // 00:30 CEST, Oct 25
                  "('2026-10-25 22:30:00Z', 'meter-b', 1300, 0)",  // 23:30 CET, Oct 25
                  "('2026-10-25 23:30:00Z', 'meter-b', 1310, 0)",  // 00:30 CET, Oct 26
              });
  // Mar 28: first reading of meter-a, 0 Wh. Mar 29 (23 h, 23:00Z to 22:00Z): 50 + 250 = 300 Wh.
  // Mar 30: 20 Wh. Oct 24: first reading of meter-b, 0 Wh. Oct 25 (25 h, 22:00Z to 23:00Z):
  // 100 + 200 = 300 Wh. Oct 26: 10 Wh.
  EXPECT_EQ(rows_of(conn(),
                    "SELECT day_start, day_end, energy_consumption_kwh, measurement_count "
                    "FROM energy_daily_summary ORDER BY day_start"),
            (std::vector<std::string>{
                "2026-03-27 23:00:00+00|2026-03-28 23:00:00+00|0|1",
                "2026-03-28 23:00:00+00|2026-03-29 22:00:00+00|0.3|2",
                "2026-03-29 22:00:00+00|2026-03-30 22:00:00+00|0.02|1",
                "2026-10-23 22:00:00+00|2026-10-24 22:00:00+00|0|1",
                "2026-10-24 22:00:00+00|2026-10-25 23:00:00+00|0.3|2",
                "2026-10-25 23:00:00+00|2026-10-26 23:00:00+00|0.01|1",
            }));
  EXPECT_EQ(rows_of(conn(),
                    "SELECT (extract(epoch FROM day_end - day_start) / 3600)::bigint FROM "
                    "energy_daily_summary WHERE day_start IN ('2026-03-28 23:00Z', "
                    "'2026-10-24 22:00Z') ORDER BY day_start"),
            (std::vector<std::string>{"23", "25"}));
}

TEST_F(EnergyAggregates, MonthAndYearBucketsAreLocalAndFollowTheConfiguredZone) {
  insert_rows(conn(), "energy_consumption", kCounterColumns,
              {
                  "('2025-12-31 22:30:00Z', 'meter-a', 10, 0)",   // 23:30 Dec 31 local
                  "('2025-12-31 23:10:00Z', 'meter-a', 30, 0)",   // 00:10 Jan 1 local
                  "('2026-01-31 22:30:00Z', 'meter-a', 100, 0)",  // 23:30 Jan 31 local
                  "('2026-01-31 23:30:00Z', 'meter-a', 160, 0)",  // 00:30 Feb 1 local
                  "('2026-03-29 00:30:00Z', 'meter-a', 200, 0)",  // 01:30 CET Mar 29
              });
  // Steps: 0 (first), +20, +70, +60, +40 Wh. Local months: Dec 0; Jan 20 + 70 = 90 Wh;
  // Feb 60 Wh (the hour at 2026-01-31T23:30Z starts in February local time); Mar 40 Wh. March
  // ends at April 1 00:00 CEST = 2026-03-31T22:00Z.
  EXPECT_EQ(rows_of(conn(),
                    "SELECT month_start, month_end, energy_consumption_kwh, measurement_count "
                    "FROM energy_monthly_summary ORDER BY month_start"),
            (std::vector<std::string>{
                "2025-11-30 23:00:00+00|2025-12-31 23:00:00+00|0|1",
                "2025-12-31 23:00:00+00|2026-01-31 23:00:00+00|0.09|2",
                "2026-01-31 23:00:00+00|2026-02-28 23:00:00+00|0.06|1",
                "2026-02-28 23:00:00+00|2026-03-31 22:00:00+00|0.04|1",
            }));
  // Local years: 2025 holds only the first reading; 2026 has 20 + 70 + 60 + 40 = 190 Wh.
  EXPECT_EQ(rows_of(conn(),
                    "SELECT year_start, year_end, energy_consumption_kwh, measurement_count "
                    "FROM energy_yearly_summary ORDER BY year_start"),
            (std::vector<std::string>{
                "2024-12-31 23:00:00+00|2025-12-31 23:00:00+00|0|1",
                "2025-12-31 23:00:00+00|2026-12-31 23:00:00+00|0.19|4",
            }));

  // The views read the zone from platform_config: in UTC the 23:10Z reading stays in December
  // (0 + 20 Wh) and both January 31 readings stay in January (70 + 60 Wh).
  conn().exec("UPDATE platform_config SET time_zone = 'UTC'");
  EXPECT_EQ(rows_of(conn(),
                    "SELECT month_start, month_end, energy_consumption_kwh, measurement_count "
                    "FROM energy_monthly_summary ORDER BY month_start"),
            (std::vector<std::string>{
                "2025-12-01 00:00:00+00|2026-01-01 00:00:00+00|0.02|2",
                "2026-01-01 00:00:00+00|2026-02-01 00:00:00+00|0.13|2",
                "2026-03-01 00:00:00+00|2026-04-01 00:00:00+00|0.04|1",
            }));
}

TEST_F(EnergyAggregates, TheSessionTimeZoneDoesNotMoveAnyBucket) {
  // A client in a half-hour zone must see the same instants: hours are UTC hours and days are
  // local to platform_config, never to the session.
  conn().exec_script("SET TIME ZONE 'Asia/Kolkata'");
  insert_rows(
      conn(), "energy_consumption", kCounterColumns,
      {"('2026-01-16 20:10:00Z', 'meter-a', 10, 0)", "('2026-01-16 20:50:00Z', 'meter-a', 30, 0)"});
  EXPECT_EQ(rows_of(conn(),
                    "SELECT extract(epoch FROM hour_start)::bigint, "
                    "extract(epoch FROM d.day_start)::bigint "
                    "FROM energy_hourly CROSS JOIN energy_daily_summary AS d"),
            (std::vector<std::string>{
                // 2026-01-16T20:00Z and 2026-01-15T23:00Z (local midnight of Jan 16)
                "1768593600|1768518000"}));
}

TEST_F(EnergyAggregates, CompatibilityViewEnergyMapsTheRawColumns) {
  insert_rows(conn(), "energy_consumption", kPowerColumns,
              {"('2026-01-16 21:10:09.123Z', 'meter-a', 102795417, 956, 638, 250, 67)"});
  EXPECT_EQ(
      rows_of(conn(),
              "SELECT ts, consumption_total_w, consumption_total_actual_w, "
              "consumption_l1_actual_w, consumption_l2_actual_w, consumption_l3_actual_w, "
              "device_serial FROM energy"),
      (std::vector<std::string>{"2026-01-16 21:10:09.123+00|102795417|956|638|250|67|meter-a"}));
}

}  // namespace
}  // namespace db_test
