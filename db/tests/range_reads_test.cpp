// The range functions of migrations 005 and 006 against the views of migration 004: for every
// range, the function returns exactly the view's rows in that range, whether it folds the hours
// (005) or reads stored local days (006), also after late rows and a new time zone.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "schema_support.hpp"

namespace db_test {
namespace {

// Two meters over a week around the spring DST change in Europe/Stockholm (2026-03-29, a 23-hour
// day): readings every 7 minutes with a five-hour gap, a counter reset, and a meter that stops
// early. The generated rows go in with one INSERT, as the plain-mode trigger folds them the same
// way however they arrive.
const char* const kEnergyRows = R"sql(
INSERT INTO energy_consumption (time, device_serial, active_energy_total, active_power_total,
                                active_power_l1)
SELECT t, m.serial,
       CASE WHEN m.serial = 'meter-b' AND t >= '2026-03-30 10:00Z' THEN (i * 3) % 900
            ELSE 100000 + i * m.step END,
       500 + (i % 17) * m.step,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 100 + i % 13 END
FROM (VALUES ('meter-a', 7), ('meter-b', 11)) AS m(serial, step)
CROSS JOIN LATERAL generate_series(timestamptz '2026-03-26 20:03Z', timestamptz '2026-04-02 04:00Z',
                                   interval '7 minutes') WITH ORDINALITY AS g(t, i)
WHERE NOT (t >= '2026-03-28 21:00Z' AND t < '2026-03-29 02:00Z')
  AND NOT (m.serial = 'meter-b' AND t >= '2026-04-01 00:00Z'))sql";

// One heat pump every 13 minutes: each runtime counter is missing in some hours (so its baseline
// is an earlier bucket than the previous one), the compressor counter resets once.
const char* const kHeatpumpRows = R"sql(
INSERT INTO heatpump_status (time, device_id, runtime_compressor, runtime_hotwater, runtime_3kw,
                             runtime_6kw, outdoor_temp, supplyline_temp)
SELECT t, 'hp-1',
       CASE WHEN i % 9 = 0 THEN NULL WHEN t >= '2026-03-31 07:00Z' THEN i - 600 ELSE 1000 + i END,
       CASE WHEN extract(hour FROM t) IN (3, 4, 5) THEN NULL ELSE 2000 + i / 2 END,
       CASE WHEN t < '2026-03-29 12:00Z' OR t > '2026-03-30 18:00Z' THEN 50 + i / 40 END,
       NULL,
       -5 + (i % 23) * 0.5,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 30 + (i % 7) END
FROM generate_series(timestamptz '2026-03-26 21:10Z', timestamptz '2026-04-02 03:00Z',
                     interval '13 minutes') WITH ORDINALITY AS g(t, i))sql";

// Range bounds: before the data, inside hours, local midnights on both sides of the DST change,
// inside the gap, after the data.
const std::vector<std::string> kBounds = {
    "2025-12-01 00:00Z", "2026-03-01 00:00Z", "2026-03-26 23:00Z", "2026-03-27 13:37Z",
    "2026-03-28 23:00Z", "2026-03-29 00:30Z", "2026-03-29 22:00Z", "2026-03-30 22:00Z",
    "2026-03-31 07:00Z", "2026-04-01 00:00Z", "2026-04-05 00:00Z", "2027-01-01 00:00Z",
};

class RangeReads : public TelemetryDatabase {
 protected:
  void SetUp() override {
    TelemetryDatabase::SetUp();
    conn().exec_script(kEnergyRows);
    conn().exec_script(kHeatpumpRows);
  }

  // Checks that the relation `call(from, to)` returns the rows `view` has in every range of
  // kBounds, and that at least `nonempty` of the ranges hold rows. `columns` rounds the doubles,
  // whose sums may be added in another order.
  void expect_same_rows(
      const std::string& columns, const std::string& view, const std::string& start_column,
      const std::function<std::string(const std::string&, const std::string&)>& call,
      const std::string& order, int nonempty) {
    int seen = 0;
    for (std::size_t i = 0; i < kBounds.size(); ++i) {
      for (std::size_t j = i + 1; j < kBounds.size(); ++j) {
        const auto& from = kBounds[i];
        const auto& to = kBounds[j];
        const auto expected = rows_of(
            conn(), "SELECT " + columns + " FROM " + view + " WHERE " + start_column + " >= '" +
                        from + "' AND " + start_column + " < '" + to + "' ORDER BY " + order);
        const auto actual =
            rows_of(conn(), "SELECT " + columns + " FROM " + call(from, to) + " ORDER BY " + order);
        EXPECT_EQ(actual, expected) << view << " from " << from << " to " << to;
        seen += expected.empty() ? 0 : 1;
      }
    }
    EXPECT_GE(seen, nonempty) << view;
  }

  void expect_energy_summaries_equal_views();
  void expect_heatpump_summary_equals_view();

  // Stores the local days before `until`; returns the new split.
  std::string refresh(const std::string& until) {
    return rows_of(conn(), "SELECT refresh_daily_base('" + until + "')").at(0);
  }

  std::int64_t count(const std::string& sql) { return std::stoll(rows_of(conn(), sql).at(0)); }
};

// A call of a function over [from, to), its result columns optionally renamed.
std::function<std::string(const std::string&, const std::string&)> call_of(
    const std::string& function, const std::string& prefix = "", const std::string& alias = "") {
  return [=](const std::string& from, const std::string& to) {
    return function + "(" + prefix + "'" + from + "', '" + to + "')" + alias;
  };
}

void RangeReads::expect_energy_summaries_equal_views() {
  const std::string measures = "round(energy_consumption_kwh::numeric, 9), measurement_count";
  const auto alias = [](const std::string& unit) {
    return " AS p(" + unit + "_start, " + unit + "_end, energy_consumption_kwh, measurement_count)";
  };
  expect_same_rows("day_start, day_end, " + measures, "energy_daily_summary", "day_start",
                   call_of("energy_summary_between", "'day', ", alias("day")), "day_start", 40);
  expect_same_rows("month_start, month_end, " + measures, "energy_monthly_summary", "month_start",
                   call_of("energy_summary_between", "'month', ", alias("month")), "month_start",
                   10);
  expect_same_rows("year_start, year_end, " + measures, "energy_yearly_summary", "year_start",
                   call_of("energy_summary_between", "'year', ", alias("year")), "year_start", 1);
}

void RangeReads::expect_heatpump_summary_equals_view() {
  expect_same_rows(
      "day, device_id, daily_runtime_compressor_increase, daily_runtime_hotwater_increase, "
      "daily_runtime_3kw_increase, daily_runtime_6kw_increase, "
      "round(avg_outdoor_temp::numeric, 9), round(avg_supplyline_temp::numeric, 9)",
      "heatpump_daily_summary", "day", call_of("heatpump_daily_summary_between"), "day, device_id",
      40);
}

TEST_F(RangeReads, HourlyEnergyEqualsTheView) {
  expect_same_rows(
      "hour_start, hour_end, round(total_energy_kwh::numeric, 9), "
      "round(avg_power_l1_kw::numeric, 9), round(avg_power_total_kw::numeric, 9), "
      "measurement_count",
      "energy_hourly", "hour_start", call_of("energy_hourly_between"), "hour_start", 40);
}

TEST_F(RangeReads, HourlyEnergyPerMeterEqualsTheView) {
  expect_same_rows("hour_start, device_serial, energy_wh, measurement_count, power_l1_sum",
                   "energy_hourly_by_meter", "hour_start",
                   call_of("energy_hourly_by_meter_between"), "hour_start, device_serial", 40);
}

TEST_F(RangeReads, DailyMonthlyAndYearlySummariesEqualTheViews) {
  expect_energy_summaries_equal_views();
}

TEST_F(RangeReads, HeatpumpDailySummaryEqualsTheView) {
  expect_heatpump_summary_equals_view();
}

// Stored days before a split in the middle of the data (the local midnight that starts
// 2026-03-29, the 23-hour day), then before a split after all of it.
TEST_F(RangeReads, SummariesFromStoredDaysEqualTheViews) {
  EXPECT_EQ(refresh("2026-03-29 12:00Z"), "2026-03-28 23:00:00+00");
  EXPECT_EQ(count("SELECT count(DISTINCT day_start) FROM energy_daily_base"), 3);
  expect_energy_summaries_equal_views();
  expect_heatpump_summary_equals_view();

  EXPECT_EQ(refresh("2026-04-10 12:00Z"), "2026-04-09 22:00:00+00");
  EXPECT_EQ(count("SELECT count(DISTINCT day_start) FROM energy_daily_base"), 8);
  EXPECT_EQ(count("SELECT count(*) FROM heatpump_daily_base"), 8);
  expect_energy_summaries_equal_views();
  expect_heatpump_summary_equals_view();
}

// Late rows for stored days: one in meter-b's five-hour gap (local day 2026-03-28), which moves
// the baseline of the first hour after the gap (local day 2026-03-29), and a 3 kW runtime reading
// in the hours that lack it (local day 2026-03-29), which moves the baseline of the next hour
// reporting it (2026-03-30 18:00Z, the next local day). The stored days are stale until the next
// refresh, which recomputes exactly the days concerned.
TEST_F(RangeReads, LateRowsReachTheStoredDaysAtTheNextRefresh) {
  refresh("2026-04-10 12:00Z");
  conn().exec_script(
      "INSERT INTO energy_consumption (time, device_serial, active_energy_total, "
      "active_power_total) VALUES ('2026-03-28 22:30Z', 'meter-b', 100, 500)");
  conn().exec_script(
      "INSERT INTO heatpump_status (time, device_id, runtime_3kw) "
      "VALUES ('2026-03-29 20:00Z', 'hp-1', 40)");
  EXPECT_EQ(rows_of(conn(), "SELECT device_serial, bucket FROM energy_daily_late_hours"),
            (std::vector<std::string>{"meter-b|2026-03-28 22:00:00+00"}));
  EXPECT_EQ(rows_of(conn(), "SELECT device_id, bucket FROM heatpump_daily_late_hours"),
            (std::vector<std::string>{"hp-1|2026-03-29 20:00:00+00"}));

  const std::string week = "'2026-03-26 23:00Z', '2026-04-05 00:00Z'";
  const std::string energy_days =
      "SELECT day_start, round(energy_consumption_kwh::numeric, 9) FROM ";
  EXPECT_NE(rows_of(conn(), energy_days + "energy_summary_between('day', " + week +
                                ") AS s(day_start, e, energy_consumption_kwh) ORDER BY 1"),
            rows_of(conn(), energy_days + "energy_daily_summary WHERE day_start >= '2026-03-26 "
                                          "23:00Z' ORDER BY 1"));
  const std::string heatpump_days = "SELECT day, daily_runtime_3kw_increase FROM ";
  EXPECT_NE(
      rows_of(conn(), heatpump_days + "heatpump_daily_summary_between(" + week + ") ORDER BY 1"),
      rows_of(conn(), heatpump_days + "heatpump_daily_summary ORDER BY 1"));

  refresh("2026-04-10 12:00Z");
  EXPECT_EQ(count("SELECT count(*) FROM energy_daily_late_hours"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM heatpump_daily_late_hours"), 0);
  expect_energy_summaries_equal_views();
  expect_heatpump_summary_equals_view();
}

// The stored days are the old zone's: a new zone empties them, reads fold the hours again, and
// the next refresh stores the new zone's days.
TEST_F(RangeReads, ANewTimeZoneEmptiesTheStoredDays) {
  refresh("2026-04-10 12:00Z");
  conn().exec_script("UPDATE platform_config SET time_zone = 'Europe/London'");
  EXPECT_EQ(rows_of(conn(), "SELECT stored_until FROM daily_base_state"),
            (std::vector<std::string>{"-infinity"}));
  EXPECT_EQ(count("SELECT count(*) FROM energy_daily_base"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM heatpump_daily_base"), 0);
  expect_energy_summaries_equal_views();

  EXPECT_EQ(refresh("2026-04-10 12:00Z"), "2026-04-09 23:00:00+00");
  expect_energy_summaries_equal_views();
  expect_heatpump_summary_equals_view();
}

// The sink refreshes as telemetry_writer; the API's role cannot.
TEST_F(RangeReads, OnlyTheWriterRefreshesTheStoredDays) {
  core::pg::Connection writer(role_conninfo("K12N_TELEMETRY_WRITER_DSN", db_.name()));
  EXPECT_EQ(rows_of(writer, "SELECT refresh_daily_base('2026-04-10 12:00Z') > '2026-04-01'"),
            (std::vector<std::string>{"t"}));
  core::pg::Connection reader(role_conninfo("K12N_TELEMETRY_READER_DSN", db_.name()));
  EXPECT_EQ(sqlstate_of(reader, "SELECT refresh_daily_base()"), "42501");
  EXPECT_EQ(sqlstate_of(reader, "SELECT reset_daily_base()"), "42501");
  EXPECT_EQ(sqlstate_of(writer, "SELECT reset_daily_base()"), "42501");
}

}  // namespace
}  // namespace db_test
