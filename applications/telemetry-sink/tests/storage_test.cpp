// The sink stores what the stream carries: one row per record with the contract's column values,
// duplicates once, the plain-mode aggregates current, old raw rows removed by retention, and the
// local days before today stored.
#include <boost/json.hpp>

#include "sink_fixture.hpp"

namespace sink_test {
namespace {

using StorageTest = SinkTest;

TEST_F(StorageTest, EveryRecordBecomesOneRowWithItsValuesAndTime) {
  start_sink({"energy", "temperature", "heatpump"});
  const auto meter = device("meter");
  const auto start = hour_start(2);
  constexpr int kReadings = 300;
  for (int i = 0; i < kReadings; ++i) {
    producer_->produce(kEnergyTopic, meter,
                       energy_value(meter, start + std::chrono::seconds(i), 1000 + i, 500 + i), {});
  }
  ASSERT_TRUE(producer_->flush(10s));

  // NotifyStatus first: same key, same partition, so it is consumed before the full status.
  const auto sensor = device("sensor");
  const auto with_sensor = [&](const std::string& fixture, Clock::time_point ts) {
    auto value = fixture_object(fixture);
    value["device_id"] = sensor;
    value["tags"].as_object()["device_id"] = sensor;
    value["ts"] = rfc3339(ts);
    return boost::json::serialize(value);
  };
  produce(kTemperatureTopic, sensor, with_sensor("shelly-notify-status.kafka.json", start));
  produce(kTemperatureTopic, sensor,
          with_sensor("shelly-full-status.kafka.json", start + std::chrono::milliseconds(1250)));
  produce(kTemperatureTopic, sensor, with_sensor("shelly-full-status.kafka.json", start + 60s));

  const auto pump = device("pump");
  auto thermiq = fixture_object("thermiq.kafka.json");
  thermiq["device_id"] = pump;
  thermiq["tags"].as_object()["device_id"] = pump;
  thermiq["ts"] = rfc3339(start);
  produce(kHeatpumpTopic, pump, boost::json::serialize(thermiq));

  const auto own_energy =
      "SELECT count(*) FROM energy_consumption WHERE device_serial = '" + meter + "'";
  const auto own_temperature =
      "SELECT count(*) FROM temperature_sensors WHERE device_id = '" + sensor + "'";
  const auto own_heatpump = "SELECT count(*) FROM heatpump_status WHERE device_id = '" + pump + "'";
  ASSERT_TRUE(eventually(
      [&] {
        return count(own_energy) == kReadings && count(own_temperature) == 2 &&
               count(own_heatpump) == 1;
      },
      60s));

  EXPECT_EQ(
      rows("SELECT min(time) = '" + rfc3339(start) + "', max(time) = '" +
           rfc3339(start + std::chrono::seconds(kReadings - 1)) +
           "', min(active_energy_total), max(active_energy_total), sum(active_power_total) "
           "FROM energy_consumption WHERE device_serial = '" +
           meter + "'"),
      (std::vector<std::string>{
          "t|t|1000|1299|" + std::to_string(kReadings * 500 + kReadings * (kReadings - 1) / 2)}));
  EXPECT_EQ(rows("SELECT meter_type, wifi_rssi, active_power_l1, active_power_l2, active_power_l3, "
                 "active_production_total, active_energy_production, voltage_l1, voltage_l2, "
                 "voltage_l3, current_l1, current_l2, current_l3, power_factor "
                 "FROM energy_consumption WHERE device_serial = '" +
                 meter + "' LIMIT 1"),
            (std::vector<std::string>{"|-89|638|250|67|0|83|235|236|237|3100|1700|400|100"}));
  EXPECT_EQ(rows("SELECT time = '" + rfc3339(start + std::chrono::milliseconds(1250)) +
                 "', mac_address, location, temperature_c, temperature_f, humidity, "
                 "wifi_rssi, battery_voltage, battery_percent, uptime, ram_free, wind_speed_ms, "
                 "pressure_hpa, external_power FROM temperature_sensors WHERE device_id = '" +
                 sensor + "' ORDER BY time LIMIT 1"),
            (std::vector<std::string>{
                "t|E4B32322A0F4|indoor|21.3|70.3|45.2|-55|0|0|30|165000|null|null|1"}));
  EXPECT_EQ(
      rows("SELECT outdoor_temp, supplyline_temp, returnline_temp, hotwater_temp, "
           "brine_out_temp, brine_in_temp, indoor_temp, flowlinepump_speed, "
           "runtime_compressor, runtime_hotwater, runtime_3kw, runtime_6kw, brinepump_on, "
           "compressor_on, flowlinepump_on, hotwater_production, aux_heater_3kw_on, "
           "aux_heater_6kw_on, integral FROM heatpump_status WHERE device_id = '" +
           pump + "'"),
      (std::vector<std::string>{"-3|35|30|48|1|-2|21|50|45123|3150|455|470|t|t|t|f|f|f|-180"}));

  EXPECT_GE(metric_reaching(R"(telemetry_sink_rows_inserted_total{table="energy_consumption"})",
                            kReadings),
            kReadings);
  EXPECT_GE(metric_reaching(R"(telemetry_sink_records_skipped_total{family="temperature"})", 1), 1);
  EXPECT_EQ(http_get(http_port(), "/healthz").value_or(HttpResponse{}).status, 200U);
}

TEST_F(StorageTest, ARecordDeliveredTwiceIsStoredAndCountedOnce) {
  start_sink({"energy"});
  const auto meter = device("dup");
  const auto start = hour_start(3);
  const auto first = energy_value(meter, start, 5000, 700);
  produce(kEnergyTopic, meter, first);
  produce(kEnergyTopic, meter, first);
  const auto own = "SELECT count(*) FROM energy_consumption WHERE device_serial = '" + meter + "'";
  ASSERT_TRUE(eventually([&] { return count(own) == 1; }, 60s));
  // A later record in the same partition proves the duplicate was consumed, then the first
  // record again in a batch of its own.
  produce(kEnergyTopic, meter, energy_value(meter, start + 10s, 5010, 700));
  produce(kEnergyTopic, meter, first);
  produce(kEnergyTopic, meter, energy_value(meter, start + 20s, 5020, 700));
  ASSERT_TRUE(eventually([&] { return count(own) == 3; }, 60s));
  EXPECT_EQ(count("SELECT sum(measurement_count) FROM energy_hourly_base WHERE device_serial = '" +
                  meter + "'"),
            3);
  EXPECT_GE(
      metric_reaching(R"(telemetry_sink_duplicates_skipped_total{table="energy_consumption"})", 2),
      2);
}

TEST_F(StorageTest, PlainModeHourlyAggregatesFollowTheInsertedRows) {
  start_sink({"energy"});
  // An hour of its own, far from the other tests' hours: energy_hourly sums every meter.
  const auto hour =
      hour_start(24 * 10 + static_cast<int>(std::hash<std::string>{}(device("")) % 1200U));
  const auto meter = device("aggregate");
  // Hour 1: 1000 -> 1300 (300 Wh inside). Hour 2: boundary 1300 -> 1800 is 500 Wh, inside 200.
  const std::vector<std::pair<std::chrono::minutes, std::int64_t>> readings = {
      {0min, 1000}, {30min, 1300}, {60min, 1800}, {90min, 2000}};
  for (const auto& [offset, counter] : readings) {
    produce(kEnergyTopic, meter, energy_value(meter, hour + offset, counter, 2000));
  }
  // Redelivered: must not change the aggregates.
  produce(kEnergyTopic, meter, energy_value(meter, hour + 30min, 1300, 2000));
  const auto own = "SELECT count(*) FROM energy_consumption WHERE device_serial = '" + meter + "'";
  ASSERT_TRUE(eventually([&] { return count(own) == 4; }, 60s));
  const auto hour_literal = "'" + rfc3339(hour) + "'::timestamptz";
  ASSERT_TRUE(eventually(
      [&] {
        return count("SELECT count(*) FROM energy_hourly WHERE hour_start IN (" + hour_literal +
                     ", " + hour_literal + " + interval '1 hour')") == 2;
      },
      10s));
  EXPECT_EQ(rows("SELECT total_energy_kwh, avg_power_total_kw, measurement_count FROM "
                 "energy_hourly WHERE hour_start >= " +
                 hour_literal + " AND hour_start < " + hour_literal +
                 " + interval '2 hours' ORDER BY hour_start"),
            (std::vector<std::string>{"0.3|2|2", "0.7|2|2"}));
}

TEST_F(StorageTest, RetentionDeletesOldRawRowsAndKeepsTheAggregates) {
  const auto meter = device("retention");
  exec(
      "INSERT INTO energy_consumption (time, device_serial, active_power_total, "
      "active_energy_total) VALUES (now() - interval '100 days', '" +
      meter +
      "', 100, 1), "
      "(now() - interval '89 days', '" +
      meter + "', 100, 2), (now() - interval '1 hour', '" + meter + "', 100, 3)");
  start_sink({"energy"}, {"RETENTION_INTERVAL_SECONDS=1"});
  const auto own = "SELECT count(*) FROM energy_consumption WHERE device_serial = '" + meter + "'";
  ASSERT_TRUE(eventually([&] { return count(own) == 2; }, 30s));
  EXPECT_EQ(
      count("SELECT min(active_energy_total) FROM energy_consumption WHERE device_serial = '" +
            meter + "'"),
      2);
  EXPECT_EQ(count("SELECT count(*) FROM energy_hourly_base WHERE device_serial = '" + meter + "'"),
            3);
  EXPECT_GE(metric_reaching(
                R"(telemetry_sink_retention_deleted_rows_total{table="energy_consumption"})", 1),
            1);
}

// The maintenance pass stores past local days and picks up a late reading at its next run.
TEST_F(StorageTest, MaintenanceStoresPastLocalDaysAndLateReadings) {
  const auto meter = device("days");
  const auto insert = [&](const std::string& age, int total) {
    exec(
        "INSERT INTO energy_consumption (time, device_serial, active_power_total, "
        "active_energy_total) VALUES (now() - interval '" +
        age + "', '" + meter + "', 100, " + std::to_string(total) + ")");
  };
  insert("3 days", 1000);
  insert("2 days", 1500);
  start_sink({"energy"}, {"RETENTION_INTERVAL_SECONDS=1"});
  const auto stored =
      "SELECT coalesce(sum(energy_wh), -1) FROM energy_daily_base WHERE "
      "device_serial = '" +
      meter + "'";
  ASSERT_TRUE(eventually([&] { return count(stored) == 500; }, 30s));
  EXPECT_EQ(rows("SELECT stored_until = date_trunc('day', now(), time_zone) "
                 "FROM daily_base_state, platform_config"),
            (std::vector<std::string>{"t"}));

  // A reset between the two: 100 Wh counted from zero, then 1 400 Wh up to 1 500.
  insert("2 days 1 hour", 100);
  EXPECT_TRUE(eventually([&] { return count(stored) == 1500; }, 30s));
  EXPECT_EQ(metric(metrics(), "telemetry_sink_stored_days_failures_total").value_or(-1), 0);
}

}  // namespace
}  // namespace sink_test
