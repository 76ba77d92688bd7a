// Telemetry schema contract: relation columns and types, platform_config, roles and the runner's
// bookkeeping (database.md sections 1, 2, 3.2, 6 and "Roles").

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "schema_support.hpp"

namespace db_test {
namespace {

class TelemetrySchema : public TelemetryDatabase {
 protected:
  // "name type[ not null], ..." of a relation's columns in order.
  std::string columns_of(const std::string& relation) {
    return conn()
        .exec(
            "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || "
            "CASE WHEN attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY attnum) "
            "FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped",
            {relation})
        .optional_text(0, 0)
        .value_or("(no columns)");
  }
};

TEST_F(TelemetrySchema, PublicViewsExposeTheContractColumnsWithOnlyDoubleAndBigintNumbers) {
  EXPECT_EQ(columns_of("energy_hourly"),
            "hour_start timestamp with time zone, hour_end timestamp with time zone, "
            "total_energy_kwh double precision, avg_power_l1_kw double precision, "
            "avg_power_l2_kw double precision, avg_power_l3_kw double precision, "
            "avg_power_total_kw double precision, measurement_count bigint");
  EXPECT_EQ(columns_of("energy_daily_summary"),
            "day_start timestamp with time zone, day_end timestamp with time zone, "
            "energy_consumption_kwh double precision, measurement_count bigint");
  EXPECT_EQ(columns_of("energy_monthly_summary"),
            "month_start timestamp with time zone, month_end timestamp with time zone, "
            "energy_consumption_kwh double precision, measurement_count bigint");
  EXPECT_EQ(columns_of("energy_yearly_summary"),
            "year_start timestamp with time zone, year_end timestamp with time zone, "
            "energy_consumption_kwh double precision, measurement_count bigint");
  EXPECT_EQ(columns_of("heatpump_daily_summary"),
            "day timestamp with time zone, device_id text, "
            "daily_runtime_compressor_increase bigint, daily_runtime_hotwater_increase bigint, "
            "daily_runtime_3kw_increase bigint, daily_runtime_6kw_increase bigint, "
            "avg_outdoor_temp double precision, avg_supplyline_temp double precision, "
            "avg_returnline_temp double precision, avg_hotwater_temp double precision, "
            "avg_brine_out_temp double precision, avg_brine_in_temp double precision");
  EXPECT_EQ(columns_of("energy"),
            "ts timestamp with time zone, consumption_total_w bigint, "
            "consumption_total_actual_w bigint, consumption_l1_actual_w bigint, "
            "consumption_l2_actual_w bigint, consumption_l3_actual_w bigint, "
            "device_serial text");
}

TEST_F(TelemetrySchema, RawTablesHaveTheContractColumnsKeysAndIndexes) {
  EXPECT_EQ(columns_of("energy_consumption"),
            "time timestamp with time zone not null, device_serial text not null, "
            "meter_type text, wifi_rssi integer, active_power_total integer not null, "
            "active_power_l1 integer, active_power_l2 integer, active_power_l3 integer, "
            "active_production_total integer, active_energy_total bigint not null, "
            "active_energy_production bigint, voltage_l1 integer, voltage_l2 integer, "
            "voltage_l3 integer, current_l1 integer, current_l2 integer, current_l3 integer, "
            "power_factor integer");
  EXPECT_EQ(columns_of("temperature_sensors"),
            "time timestamp with time zone not null, device_id text not null, "
            "mac_address text, location text not null, temperature_c double precision not null, "
            "temperature_f double precision, humidity double precision, "
            "wifi_rssi double precision, battery_voltage double precision, "
            "battery_percent double precision, uptime double precision, "
            "ram_free double precision, wind_speed_ms double precision, "
            "pressure_hpa double precision, external_power double precision");
  EXPECT_EQ(columns_of("heatpump_status"),
            "time timestamp with time zone not null, device_id text not null, "
            "outdoor_temp double precision, supplyline_temp double precision, "
            "returnline_temp double precision, hotwater_temp double precision, "
            "brine_out_temp double precision, brine_in_temp double precision, "
            "indoor_temp double precision, flowlinepump_speed integer, "
            "runtime_compressor integer, runtime_hotwater integer, runtime_3kw integer, "
            "runtime_6kw integer, brinepump_on boolean, compressor_on boolean, "
            "flowlinepump_on boolean, hotwater_production boolean, aux_heater_3kw_on boolean, "
            "aux_heater_6kw_on boolean, integral integer");
  EXPECT_EQ(rows_of(conn(),
                    "SELECT indexrelid::regclass, pg_get_indexdef(indexrelid) LIKE '%UNIQUE%' "
                    "FROM pg_index WHERE indrelid IN ('energy_consumption'::regclass, "
                    "'temperature_sensors'::regclass, 'heatpump_status'::regclass) "
                    "ORDER BY indexrelid::regclass::text"),
            (std::vector<std::string>{
                "energy_consumption_device_time_key|t",
                "energy_consumption_time_idx|f",
                "heatpump_status_device_time_key|t",
                "heatpump_status_time_idx|f",
                "temperature_sensors_device_time_key|t",
                "temperature_sensors_location_time_idx|f",
                "temperature_sensors_time_idx|f",
            }));
  EXPECT_EQ(
      rows_of(conn(), "SELECT pg_get_indexdef('temperature_sensors_location_time_idx'::regclass)"),
      (std::vector<std::string>{
          "CREATE INDEX temperature_sensors_location_time_idx ON "
          "public.temperature_sensors USING btree (location, \"time\" DESC)"}));
}

TEST_F(TelemetrySchema, RunnerChosePlainModeRecordedEveryVersionAndARerunIsANoOp) {
  migrate(db_.name(), "telemetry");
  EXPECT_EQ(rows_of(conn(), "SELECT version, name FROM schema_migrations ORDER BY version"),
            (std::vector<std::string>{"1|platform_config", "2|raw_tables", "3|hourly_base",
                                      "4|aggregate_views", "5|range_reads", "6|daily_base"}));
  // Plain mode: the base relations are ordinary tables keyed by (device, bucket).
  EXPECT_EQ(rows_of(conn(),
                    "SELECT c.relname, c.relkind, pg_get_constraintdef(k.oid) FROM pg_class c "
                    "JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p' "
                    "WHERE c.relname IN ('energy_hourly_base', 'heatpump_hourly_base') "
                    "ORDER BY 1"),
            (std::vector<std::string>{"energy_hourly_base|r|PRIMARY KEY (device_serial, bucket)",
                                      "heatpump_hourly_base|r|PRIMARY KEY (device_id, bucket)"}));
}

TEST_F(TelemetrySchema, PlatformConfigKeepsExactlyOneRowWithAWholeHourZone) {
  EXPECT_EQ(rows_of(conn(), "SELECT time_zone FROM platform_config"),
            (std::vector<std::string>{"Europe/Stockholm"}));
  EXPECT_EQ(sqlstate_of(conn(), "INSERT INTO platform_config VALUES ('UTC')"), "23505");
  EXPECT_EQ(sqlstate_of(conn(), "DELETE FROM platform_config"), "23001");
  EXPECT_EQ(sqlstate_of(conn(), "TRUNCATE platform_config"), "23001");
  // +05:30 is not a whole number of hours; the other name is no zone at all.
  EXPECT_EQ(sqlstate_of(conn(), "UPDATE platform_config SET time_zone = 'Asia/Kolkata'"), "22023");
  EXPECT_EQ(sqlstate_of(conn(), "UPDATE platform_config SET time_zone = 'Mars/Olympus_Mons'"),
            "22023");
  EXPECT_EQ(sqlstate_of(conn(), "UPDATE platform_config SET time_zone = 'America/New_York'"), "");
  EXPECT_EQ(rows_of(conn(), "SELECT time_zone FROM platform_config"),
            (std::vector<std::string>{"America/New_York"}));
}

TEST_F(TelemetrySchema, WriterInsertsWithItsOwnGrantsAndTheBaseFollows) {
  core::pg::Connection writer(role_conninfo("K12N_TELEMETRY_WRITER_DSN", db_.name()));
  const std::vector<std::string> energy = {
      "('2026-01-16 20:10:00Z', 'meter-a', 10, 100)",
      "('2026-01-16 20:50:00Z', 'meter-a', 40, 300)",
  };
  const std::string energy_columns = "time, device_serial, active_energy_total, active_power_total";
  EXPECT_EQ(insert_rows(writer, "energy_consumption", energy_columns, energy), 2);
  EXPECT_EQ(insert_rows(writer, "energy_consumption", energy_columns, energy), 0);
  EXPECT_EQ(insert_rows(writer, "temperature_sensors",
                        "time, device_id, location, temperature_c, external_power",
                        {"('2026-01-16 21:10:05.25Z', 'shelly-1', 'indoor', 21.3, 1.0)"}),
            1);
  EXPECT_EQ(insert_rows(writer, "heatpump_status",
                        "time, device_id, runtime_compressor, outdoor_temp, integral",
                        {"('2026-01-16 21:10:07Z', 'hp-1', 1000, -3.0, -180)"}),
            1);
  EXPECT_EQ(rows_of(writer, "SELECT count(*) FROM energy_consumption"),
            (std::vector<std::string>{"2"}));

  // The triggers maintained the base tables in the writer's transactions: 40 - 10 = 30 Wh.
  EXPECT_EQ(rows_of(conn(), "SELECT total_energy_kwh, measurement_count FROM energy_hourly"),
            (std::vector<std::string>{"0.03|2"}));
  EXPECT_EQ(rows_of(conn(), "SELECT measurement_count FROM heatpump_hourly_base"),
            (std::vector<std::string>{"1"}));

  // Plain-mode retention deletes raw rows; the aggregates stay as they were.
  EXPECT_EQ(
      writer.exec("DELETE FROM energy_consumption WHERE time < '2026-01-16 20:30Z'").affected(), 1);
  EXPECT_EQ(rows_of(conn(), "SELECT total_energy_kwh, measurement_count FROM energy_hourly"),
            (std::vector<std::string>{"0.03|2"}));

  // Nothing beyond the contract's rights.
  EXPECT_EQ(sqlstate_of(writer, "UPDATE energy_consumption SET active_energy_total = 0"), "42501");
  EXPECT_EQ(sqlstate_of(writer, "TRUNCATE heatpump_status"), "42501");
  EXPECT_EQ(sqlstate_of(writer, "UPDATE platform_config SET time_zone = 'UTC'"), "42501");
  EXPECT_EQ(sqlstate_of(writer, "CREATE TABLE intruder (id int)"), "42501");
}

TEST_F(TelemetrySchema, ReaderCanReadEverythingAndWriteNothing) {
  core::pg::Connection reader(role_conninfo("K12N_TELEMETRY_READER_DSN", db_.name()));
  EXPECT_EQ(rows_of(reader, "SHOW default_transaction_read_only"),
            (std::vector<std::string>{"on"}));
  for (const char* relation :
       {"energy", "energy_hourly", "energy_daily_summary", "energy_monthly_summary",
        "energy_yearly_summary", "heatpump_daily_summary", "energy_consumption",
        "temperature_sensors", "heatpump_status", "platform_config",
        "energy_hourly_between(now() - interval '1 day', now())",
        "energy_summary_between('month', now() - interval '1 year', now())",
        "heatpump_daily_summary_between(now() - interval '30 days', now())"}) {
    EXPECT_EQ(sqlstate_of(reader, std::string("SELECT * FROM ") + relation + " LIMIT 1"), "")
        << relation;
  }
  // JIT is off for the database (migration 005): dashboard statements never pay it back.
  EXPECT_EQ(rows_of(reader, "SHOW jit"), (std::vector<std::string>{"off"}));
  const std::string insert =
      "INSERT INTO energy_consumption (time, device_serial, active_energy_total, "
      "active_power_total) VALUES ('2026-01-16 20:10:00Z', 'meter-a', 10, 100)";
  // Refused by the role's read-only default ...
  EXPECT_EQ(sqlstate_of(reader, insert), "25006");
  // ... and, even in a read-write transaction, by missing privileges.
  reader.exec_script("SET default_transaction_read_only = off");
  EXPECT_EQ(sqlstate_of(reader, insert), "42501");
  EXPECT_EQ(sqlstate_of(reader, "DELETE FROM heatpump_status"), "42501");
  EXPECT_EQ(sqlstate_of(reader, "UPDATE platform_config SET time_zone = 'UTC'"), "42501");
  EXPECT_EQ(rows_of(conn(), "SELECT count(*) FROM energy_consumption"),
            (std::vector<std::string>{"0"}));
}

}  // namespace
}  // namespace db_test
