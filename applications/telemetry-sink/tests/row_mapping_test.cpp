// Kafka values -> rows (database.md section 2). The fixtures are the bridge's expected Kafka
// values (applications/mqtt-kafka-bridge/tests/fixtures), so the two sides of the topic are
// checked against the same records.
#include "row_mapping.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace sink {
namespace {

namespace json = boost::json;
using Values = std::vector<std::optional<std::string>>;
constexpr std::nullopt_t kNull = std::nullopt;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SINK_FIXTURE_DIR) + "/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

json::object fixture_object(const std::string& name) {
  return json::parse(fixture(name)).as_object();
}

Row row_of(const MappedRecord& mapped) {
  if (const auto* rejection = std::get_if<Rejection>(&mapped)) {
    ADD_FAILURE() << reason_code(rejection->reason) << ": " << rejection->detail;
  } else if (std::holds_alternative<Skipped>(mapped)) {
    ADD_FAILURE() << "skipped";
  } else {
    return std::get<Row>(mapped);
  }
  return {};
}

Rejection rejection_of(const MappedRecord& mapped) {
  if (const auto* rejection = std::get_if<Rejection>(&mapped)) {
    return *rejection;
  }
  ADD_FAILURE() << "not rejected";
  return {};
}

// The energy fixture with one member of `fields` replaced.
std::string energy_with_field(const std::string& field, json::value value) {
  auto object = fixture_object("saveeye.kafka.json");
  object["fields"].as_object()[field] = std::move(value);
  return json::serialize(object);
}

std::optional<std::string> energy_column(const MappedRecord& mapped, std::size_t index) {
  return row_of(mapped).values.at(index);
}

constexpr std::size_t kActivePowerTotal = 4;
constexpr std::size_t kActiveEnergyTotal = 9;

TEST(RowMapping, SaveEyeFixtureGivesItsEnergyRow) {
  RowMapper mapper(energy_consumption());
  const auto row = row_of(mapper.map(fixture("saveeye.kafka.json")));
  EXPECT_EQ(row.device_id, "9MANZWNG");
  EXPECT_EQ(row.values, (Values{"2026-01-16 21:10:09.123000+00", "9MANZWNG", "", "-89", "956",
                                "638", "250", "67", "0", "102795417", "83", "235", "236", "237",
                                "3100", "1700", "400", "100"}));
}

TEST(RowMapping, ShellyFullStatusGivesItsTemperatureRow) {
  RowMapper mapper(temperature_sensors());
  const auto row = row_of(mapper.map(fixture("shelly-full-status.kafka.json")));
  EXPECT_EQ(row.device_id, "shellyhtg3-e4b32322a0f4");
  // external_power true is stored as 1.0; battery_voltage 0.0 reads back as the same double.
  EXPECT_EQ(row.values, (Values{"2026-01-16 21:10:05.250000+00", "shellyhtg3-e4b32322a0f4",
                                "E4B32322A0F4", "indoor", "21.3", "70.3", "45.2", "-55", "0", "0",
                                "30", "165000", kNull, kNull, "1"}));
}

TEST(RowMapping, ShellyNotifyStatusAndEventAreSkipped) {
  RowMapper mapper(temperature_sensors());
  EXPECT_TRUE(
      std::holds_alternative<Skipped>(mapper.map(fixture("shelly-notify-status.kafka.json"))));
  EXPECT_TRUE(
      std::holds_alternative<Skipped>(mapper.map(fixture("shelly-notify-event.kafka.json"))));
}

TEST(RowMapping, ThermiqFixtureGivesItsHeatpumpRow) {
  RowMapper mapper(heatpump_status());
  const auto row = row_of(mapper.map(fixture("thermiq.kafka.json")));
  EXPECT_EQ(row.device_id, "ThermIQ_4091519A3058");
  EXPECT_EQ(row.values, (Values{"2026-01-16 21:10:07.000000+00",
                                "ThermIQ_4091519A3058",
                                "-3",
                                "35",
                                "30",
                                "48",
                                "1",
                                "-2",
                                "21",
                                "50",
                                "45123",
                                "3150",
                                "455",
                                "470",
                                "t",
                                "t",
                                "t",
                                "f",
                                "f",
                                "f",
                                "-180"}));
}

TEST(RowMapping, ExternalPowerAcceptsBooleansAndZeroOrOne) {
  RowMapper mapper(temperature_sensors());
  const auto with_power = [&](json::value value) {
    auto object = fixture_object("shelly-full-status.kafka.json");
    object["fields"].as_object()["external_power"] = std::move(value);
    return mapper.map(json::serialize(object));
  };
  EXPECT_EQ(row_of(with_power(true)).values.back(), "1");
  EXPECT_EQ(row_of(with_power(false)).values.back(), "0");
  EXPECT_EQ(row_of(with_power(1)).values.back(), "1");
  EXPECT_EQ(row_of(with_power(0)).values.back(), "0");
  EXPECT_EQ(row_of(with_power(nullptr)).values.back(), kNull);
  const auto two = rejection_of(with_power(2));
  EXPECT_EQ(two.reason, RejectReason::constraint_violation);
  EXPECT_EQ(two.detail,
            "fields.external_power: expected a boolean or 0/1, got 2 (column external_power)");
}

TEST(RowMapping, IntegerColumnsRoundHalfAwayFromZero) {
  RowMapper mapper(energy_consumption());
  const auto power = [&](double value) {
    return energy_column(mapper.map(energy_with_field("active_power_total", value)),
                         kActivePowerTotal);
  };
  EXPECT_EQ(power(2.5), "3");
  EXPECT_EQ(power(-2.5), "-3");
  EXPECT_EQ(power(2.49), "2");
  EXPECT_EQ(power(-0.4), "0");
  EXPECT_EQ(power(956.0), "956");
  EXPECT_EQ(power(2147483646.5), "2147483647");
  EXPECT_EQ(power(-2147483648.4), "-2147483648");
}

TEST(RowMapping, FloatColumnsKeepTheValue) {
  RowMapper mapper(heatpump_status());
  auto object = fixture_object("thermiq.kafka.json");
  object["fields"].as_object()["indoor_temp"] = 21.25;
  object["fields"].as_object()["outdoor_temp"] = -0.1;
  const auto row = row_of(mapper.map(json::serialize(object)));
  EXPECT_EQ(row.values[8], "21.25");
  EXPECT_EQ(row.values[2], "-0.1");
}

TEST(RowMapping, ValuesOutsideTheColumnRangeAreConstraintViolations) {
  RowMapper mapper(energy_consumption());
  const auto detail = [&](const std::string& field, json::value value) {
    const auto rejection = rejection_of(mapper.map(energy_with_field(field, std::move(value))));
    EXPECT_EQ(rejection.reason, RejectReason::constraint_violation);
    EXPECT_EQ(rejection.device_id, "9MANZWNG");
    return rejection.detail;
  };
  EXPECT_EQ(detail("active_power_total", 2147483648),
            "fields.active_power_total: 2147483648 is outside the range of INTEGER "
            "(column active_power_total)");
  EXPECT_EQ(detail("current_l1", -2147483649),
            "fields.current_l1: -2147483649 is outside the "
            "range of INTEGER (column current_l1)");
  // 2147483647.5 rounds to 2^31, one past the INTEGER maximum.
  EXPECT_EQ(detail("active_power_l1", 2147483647.5),
            "fields.active_power_l1: 2147483647.5 is outside the range of INTEGER "
            "(column active_power_l1)");
  EXPECT_EQ(detail("active_energy_total", std::uint64_t{9223372036854775808U}),
            "fields.active_energy_total: 9223372036854775808 is outside the range of BIGINT "
            "(column active_energy_total)");
  EXPECT_EQ(detail("active_energy_total", 1e19),
            "fields.active_energy_total: 1e+19 is outside the range of BIGINT "
            "(column active_energy_total)");
  EXPECT_EQ(detail("wifi_rssi", "strong"),
            "fields.wifi_rssi: expected a number, got string (column wifi_rssi)");
  EXPECT_EQ(detail("voltage_l1", true),
            "fields.voltage_l1: expected a number, got true (column voltage_l1)");
}

TEST(RowMapping, BigintColumnsTakeTheWholeSignedRange) {
  RowMapper mapper(energy_consumption());
  EXPECT_EQ(energy_column(mapper.map(energy_with_field("active_energy_total",
                                                       std::int64_t{9223372036854775807})),
                          kActiveEnergyTotal),
            "9223372036854775807");
  EXPECT_EQ(energy_column(mapper.map(energy_with_field("active_energy_total", 3000000000.5)),
                          kActiveEnergyTotal),
            "3000000001");
}

TEST(RowMapping, NullInANotNullColumnIsAConstraintViolation) {
  RowMapper mapper(energy_consumption());
  EXPECT_EQ(rejection_of(mapper.map(energy_with_field("active_energy_total", nullptr))).detail,
            "fields.active_energy_total is null, but column active_energy_total is NOT NULL");
  auto object = fixture_object("saveeye.kafka.json");
  object["fields"].as_object().erase("active_power_total");
  EXPECT_EQ(rejection_of(mapper.map(json::serialize(object))).detail,
            "fields.active_power_total is absent, but column active_power_total is NOT NULL");
  // Nullable columns take an absent member as NULL.
  object = fixture_object("saveeye.kafka.json");
  object["fields"].as_object().erase("voltage_l2");
  EXPECT_EQ(row_of(mapper.map(json::serialize(object))).values[12], kNull);
}

TEST(RowMapping, TextColumnsTakeStringsOnly) {
  RowMapper mapper(energy_consumption());
  auto object = fixture_object("saveeye.kafka.json");
  object["tags"].as_object()["meter_type"] = 7;
  EXPECT_EQ(rejection_of(mapper.map(json::serialize(object))).detail,
            "tags.meter_type: expected a string, got 7 (column meter_type)");
  object["tags"].as_object()["meter_type"] = std::string("a\0b", 3);
  EXPECT_EQ(rejection_of(mapper.map(json::serialize(object))).reason,
            RejectReason::constraint_violation);
}

TEST(RowMapping, TsAcceptsAnyRfc3339TimeAndStoresUtcMicroseconds) {
  RowMapper mapper(energy_consumption());
  auto object = fixture_object("saveeye.kafka.json");
  const auto time_of = [&](std::string_view ts) {
    object["ts"] = ts;
    return row_of(mapper.map(json::serialize(object))).values.front();
  };
  EXPECT_EQ(time_of("2026-01-16T22:10:09.123456+01:00"), "2026-01-16 21:10:09.123456+00");
  EXPECT_EQ(time_of("2026-01-16T21:10:09Z"), "2026-01-16 21:10:09.000000+00");
  EXPECT_EQ(time_of("2026-03-29 00:59:59.5-02:30"), "2026-03-29 03:29:59.500000+00");
}

struct InvalidCase {
  const char* name;
  std::string value;
  std::string detail;
  std::optional<std::string> device_id;
};

class InvalidRecords : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidRecords, AreInvalidRecordsWithTheirReason) {
  RowMapper mapper(energy_consumption());
  const auto rejection = rejection_of(mapper.map(GetParam().value));
  EXPECT_EQ(rejection.reason, RejectReason::invalid_record);
  EXPECT_EQ(rejection.detail, GetParam().detail);
  EXPECT_EQ(rejection.device_id, GetParam().device_id);
}

std::string energy_without(const std::string& member) {
  auto object = fixture_object("saveeye.kafka.json");
  object.erase(member);
  return json::serialize(object);
}

std::string energy_with(const std::string& member, json::value value) {
  auto object = fixture_object("saveeye.kafka.json");
  object[member] = std::move(value);
  return json::serialize(object);
}

INSTANTIATE_TEST_SUITE_P(
    RowMapping, InvalidRecords,
    ::testing::Values(
        InvalidCase{"not_json", "{\"device_id\": ", "the value is not JSON: incomplete JSON",
                    kNull},
        InvalidCase{"not_an_object", "[1, 2]", "the value is not a JSON object", kNull},
        InvalidCase{"no_device_id", energy_without("device_id"), "device_id is missing", kNull},
        InvalidCase{"empty_device_id", energy_with("device_id", ""),
                    "device_id is not a non-empty string", kNull},
        InvalidCase{"no_ts", energy_without("ts"), "ts is missing", "9MANZWNG"},
        InvalidCase{"numeric_ts", energy_with("ts", 1768597809), "ts is not a string", "9MANZWNG"},
        InvalidCase{"unparsable_ts", energy_with("ts", "2026-01-16 late"),
                    "ts '2026-01-16 late' is not an RFC 3339 date-time", "9MANZWNG"},
        InvalidCase{"impossible_ts", energy_with("ts", "2026-02-30T10:00:00Z"),
                    "ts '2026-02-30T10:00:00Z' is not an RFC 3339 date-time", "9MANZWNG"},
        InvalidCase{"ts_before_year_1", energy_with("ts", "0000-12-31T23:00:00Z"),
                    "ts '0000-12-31T23:00:00Z' is outside the years 0001-9999", "9MANZWNG"},
        InvalidCase{"no_fields", energy_without("fields"), "fields is missing", "9MANZWNG"},
        InvalidCase{"null_fields", energy_with("fields", nullptr), "fields is missing", "9MANZWNG"},
        InvalidCase{"fields_not_an_object", energy_with("fields", json::array{1}),
                    "fields is not an object", "9MANZWNG"},
        InvalidCase{"tags_not_an_object", energy_with("tags", "9MANZWNG"), "tags is not an object",
                    "9MANZWNG"}),
    [](const auto& test) { return std::string(test.param.name); });

TEST(RowMapping, TimestampTextCoversTheYearsPostgresqlShares) {
  const auto at = [](std::string_view text) { return core::time::parse_rfc3339(text).value(); };
  EXPECT_EQ(timestamptz_text(at("0001-01-01T00:00:00Z")), "0001-01-01 00:00:00.000000+00");
  EXPECT_EQ(timestamptz_text(at("9999-12-31T23:59:59.999999Z")), "9999-12-31 23:59:59.999999+00");
  EXPECT_EQ(timestamptz_text(at("9999-12-31T23:59:59-01:00")), kNull);
}

}  // namespace
}  // namespace sink
