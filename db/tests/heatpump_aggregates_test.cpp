// heatpump_daily_summary against hand-computed values (database.md sections 3.1 to 3.3).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "schema_support.hpp"

namespace db_test {
namespace {

const std::string kColumns =
    "time, device_id, runtime_compressor, runtime_hotwater, runtime_3kw, runtime_6kw, "
    "outdoor_temp, supplyline_temp, returnline_temp, hotwater_temp, brine_out_temp, brine_in_temp";

// hp-1 over four local (CET) days. Counters: compressor, hot water, 3 kW, 6 kW (never reported);
// then outdoor, supply line, return line, hot water, brine out, brine in temperatures.
const std::string r0 =  // 13:00 Jan 13 local
    "('2026-01-13 12:00:00Z', 'hp-1', 98, 49, 7, NULL, -1.0, NULL, NULL, NULL, NULL, NULL)";
const std::string r1 =  // 00:10 Jan 14 local
    "('2026-01-13 23:10:00Z', 'hp-1', 100, 50, 7, NULL, -3.0, 35.0, 30.0, 48.0, 1.0, -2.0)";
const std::string r2 =
    "('2026-01-14 05:20:00Z', 'hp-1', 104, NULL, 7, NULL, -5.0, 37.0, NULL, 47.0, 0.5, -2.5)";
const std::string r3 =  // compressor counter reset
    "('2026-01-14 05:40:00Z', 'hp-1', 2, 51, NULL, NULL, -4.0, NULL, 31.0, NULL, NULL, NULL)";
const std::string r4 =
    "('2026-01-14 12:00:00Z', 'hp-1', 5, 53, 8, NULL, NULL, 36.0, 29.0, 46.0, 1.5, -1.5)";
const std::string r5 =  // Jan 15: no counter reported at all
    "('2026-01-15 10:00:00Z', 'hp-1', NULL, NULL, NULL, NULL, 2.0, NULL, NULL, NULL, NULL, NULL)";
const std::string r6 =  // Jan 16
    "('2026-01-16 10:00:00Z', 'hp-1', 20, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)";
// A second heat pump: its first reading must not take hp-1's readings as baseline.
const std::string other =
    "('2026-01-14 06:00:00Z', 'hp-2', 500, 500, 500, 500, 10.0, NULL, NULL, NULL, NULL, NULL)";

class HeatpumpAggregates : public TelemetryDatabase {};

TEST_F(HeatpumpAggregates, DailySummaryFollowsTheCounterRulePerCounter) {
  // Out of order, in batches, then a redelivery of two rows that must change nothing.
  EXPECT_EQ(insert_rows(conn(), "heatpump_status", kColumns, {r3, r6}), 2);
  EXPECT_EQ(insert_rows(conn(), "heatpump_status", kColumns, {r0, r4, r2, other}), 4);
  EXPECT_EQ(insert_rows(conn(), "heatpump_status", kColumns, {r1, r5}), 2);
  EXPECT_EQ(insert_rows(conn(), "heatpump_status", kColumns, {r2, r3}), 0);

  // Jan 13: first readings of every counter -> increases 0; outdoor mean -1.
  // Jan 14, compressor: 98 -> 100 (+2), 100 -> 104 (+4), reset to 2 (+2), 2 -> 5 (+3) = 11.
  //   By buckets: 23:00Z 100 - 98 = 2; 05:00Z boundary 104 - 100 = 4, inside min 2 < first 104
  //   so (104 - 104) + 2 = 2; 12:00Z 5 - 2 = 3.
  // Jan 14, hot water: 49 -> 50 (+1), r2 is null and skipped, 50 -> 51 (+1), 51 -> 53 (+2) = 4.
  // Jan 14, 3 kW: 7 -> 7 -> 7 (r3 null) -> 8 = 1. 6 kW: never reported -> 0.
  // Jan 14 temperature means over the non-null readings of r1..r4:
  //   outdoor (-3 - 5 - 4) / 3 = -4, supply (35 + 37 + 36) / 3 = 36,
  //   return (30 + 31 + 29) / 3 = 30, hot water (48 + 47 + 46) / 3 = 47,
  //   brine out (1 + 0.5 + 1.5) / 3 = 1, brine in (-2 - 2.5 - 1.5) / 3 = -2.
  // Jan 15: readings but no counter values -> increases 0; outdoor 2.
  // Jan 16, compressor: the baseline is the last non-null value two days earlier (5): +15.
  // hp-2: a single first reading -> increases 0; outdoor 10.
  EXPECT_EQ(rows_of(conn(),
                    "SELECT day, device_id, daily_runtime_compressor_increase, "
                    "daily_runtime_hotwater_increase, daily_runtime_3kw_increase, "
                    "daily_runtime_6kw_increase, avg_outdoor_temp, avg_supplyline_temp, "
                    "avg_returnline_temp, avg_hotwater_temp, avg_brine_out_temp, "
                    "avg_brine_in_temp FROM heatpump_daily_summary ORDER BY day, device_id"),
            (std::vector<std::string>{
                "2026-01-12 23:00:00+00|hp-1|0|0|0|0|-1|null|null|null|null|null",
                "2026-01-13 23:00:00+00|hp-1|11|4|1|0|-4|36|30|47|1|-2",
                "2026-01-13 23:00:00+00|hp-2|0|0|0|0|10|null|null|null|null|null",
                "2026-01-14 23:00:00+00|hp-1|0|0|0|0|2|null|null|null|null|null",
                "2026-01-15 23:00:00+00|hp-1|15|0|0|0|null|null|null|null|null|null",
            }));

  // The 05:00Z bucket got r3 first and the earlier r2 later: first/last follow the times, and a
  // counter's first/last skip readings where it is null (hot water: r2 null, so 51 both times).
  EXPECT_EQ(rows_of(conn(),
                    "SELECT measurement_count, rt_compressor_first, rt_compressor_last, "
                    "rt_compressor_min, rt_compressor_max, rt_hotwater_first, rt_hotwater_last, "
                    "rt_3kw_first, rt_3kw_last, rt_6kw_first, rt_6kw_max, outdoor_temp_sum, "
                    "outdoor_temp_n, returnline_temp_n FROM heatpump_hourly_base "
                    "WHERE device_id = 'hp-1' AND bucket = '2026-01-14 05:00Z'"),
            (std::vector<std::string>{"2|104|2|2|104|51|51|7|7|null|null|-9|2|1"}));
}

}  // namespace
}  // namespace db_test
