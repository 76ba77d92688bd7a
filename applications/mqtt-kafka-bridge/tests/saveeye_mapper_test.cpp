#include "saveeye_mapper.hpp"

#include "test_support.hpp"

namespace bridge::test {
namespace {

namespace json = boost::json;
constexpr std::string_view saveeye_topic = "saveeye/telemetry";

class SaveEyeMapperTest : public testing::Test {
 protected:
  MappingResult map_payload(const json::object& payload) const {
    return map(mapper_, saveeye_topic, payload);
  }

  SaveEyeMapper mapper_{stockholm()};
  json::object fixture_ = fixture_object("saveeye.json");
};

TEST_F(SaveEyeMapperTest, AbsentOptionalSourcesAreNull) {
  json::object minimal{{"saveeyeDeviceSerialNumber", "9MANZWNG"},
                       {"activeActualConsumption", {{"total", 956}}},
                       {"activeTotalConsumption", {{"total", 102795417}}}};
  const auto record = mapped(map_payload(minimal));
  EXPECT_EQ(record.key, "9MANZWNG");
  EXPECT_EQ(record.value.at("tags"),
            (json::object{{"device_serial", "9MANZWNG"}, {"meter_type", ""}}));
  const auto& fields = record.value.at("fields").as_object();
  EXPECT_EQ(fields.size(), 15U);
  EXPECT_EQ(fields.at("active_power_total"), 956);
  EXPECT_EQ(fields.at("active_energy_total"), 102795417);
  for (const auto* name : {"wifi_rssi", "active_power_l1", "active_production_total", "voltage_l3",
                           "current_l2", "power_factor", "active_energy_production"}) {
    EXPECT_TRUE(fields.at(name).is_null()) << name;
  }
}

TEST_F(SaveEyeMapperTest, ValuesKeepTheirJsonType) {
  auto payload = with(fixture_, "rmsVoltage.L1", 235.5);
  payload = with(payload, "wifiRssi", nullptr);
  const auto fields = mapped(map_payload(payload)).value.at("fields").as_object();
  EXPECT_TRUE(fields.at("voltage_l1").is_double());
  EXPECT_EQ(fields.at("voltage_l1"), 235.5);
  EXPECT_TRUE(fields.at("voltage_l2").is_int64());
  EXPECT_TRUE(fields.at("wifi_rssi").is_null());
}

TEST_F(SaveEyeMapperTest, EnvelopeMembersOfTheDeviceAreReplaced) {
  auto payload = with(fixture_, "ts", "yesterday");
  payload = with(payload, "fields", json::array{1, 2});
  payload = with(payload, "device_id", 7);
  const auto value = mapped(map_payload(payload)).value;
  EXPECT_EQ(value.at("ts"), "2026-01-16T21:10:09.123Z");
  EXPECT_EQ(value.at("device_id"), "9MANZWNG");
  EXPECT_TRUE(value.at("fields").is_object());
  EXPECT_EQ(value.size(), fixture_.size() + 4);
}

TEST_F(SaveEyeMapperTest, NonStringTimestampFallsBackToTheReceiveTime) {
  EXPECT_EQ(ts_of(map_payload(with(fixture_, "timestamp", 1768597805))),
            "2026-01-16T21:10:09.123Z");
}

struct RequiredCase {
  const char* path;
  bool keyed;  // whether the device id is known when the failure happens
};

class SaveEyeRequiredTest : public SaveEyeMapperTest,
                            public testing::WithParamInterface<RequiredCase> {};

TEST_P(SaveEyeRequiredTest, AbsentOrNullIsMissingRequired) {
  const auto [path, keyed] = GetParam();
  for (const auto& payload : {without(fixture_, path), with(fixture_, path, nullptr)}) {
    const auto dead = dead_letter(map_payload(payload));
    EXPECT_EQ(dead.reason, DeadLetterReason::missing_required);
    EXPECT_EQ(dead.detail, path);
    EXPECT_EQ(dead.key, keyed ? std::optional<std::string>("9MANZWNG") : std::nullopt);
  }
}

INSTANTIATE_TEST_SUITE_P(Contract, SaveEyeRequiredTest,
                         testing::Values(RequiredCase{"saveeyeDeviceSerialNumber", false},
                                         RequiredCase{"activeActualConsumption.total", true},
                                         RequiredCase{"activeTotalConsumption.total", true}));

TEST_F(SaveEyeMapperTest, MissingParentObjectIsMissingRequired) {
  const auto dead = dead_letter(map_payload(without(fixture_, "activeTotalConsumption")));
  EXPECT_EQ(dead.reason, DeadLetterReason::missing_required);
  EXPECT_EQ(dead.detail, "activeTotalConsumption.total");
}

TEST_F(SaveEyeMapperTest, EmptySerialIsMissingRequired) {
  const auto dead = dead_letter(map_payload(with(fixture_, "saveeyeDeviceSerialNumber", "")));
  EXPECT_EQ(dead.reason, DeadLetterReason::missing_required);
  EXPECT_EQ(dead.detail, "saveeyeDeviceSerialNumber is empty");
  EXPECT_FALSE(dead.key);
}

struct MismatchCase {
  const char* path;
  json::value value;
  const char* detail;
};

class SaveEyeTypeMismatchTest : public SaveEyeMapperTest,
                                public testing::WithParamInterface<MismatchCase> {};

TEST_P(SaveEyeTypeMismatchTest, IsTypeMismatchNamingThePath) {
  const auto& [path, value, detail] = GetParam();
  const auto dead = dead_letter(map_payload(with(fixture_, path, value)));
  EXPECT_EQ(dead.reason, DeadLetterReason::type_mismatch);
  EXPECT_EQ(dead.detail, detail);
}

INSTANTIATE_TEST_SUITE_P(
    Contract, SaveEyeTypeMismatchTest,
    testing::Values(MismatchCase{"wifiRssi", "-89", "wifiRssi: expected a number, got string"},
                    MismatchCase{"rmsCurrent.L2", json::object{{"mA", 1700}},
                                 "rmsCurrent.L2: expected a number, got object"},
                    MismatchCase{"activeActualConsumption.total", true,
                                 "activeActualConsumption.total: expected a number, got boolean"},
                    MismatchCase{"activeTotalConsumption.total", json::array{1},
                                 "activeTotalConsumption.total: expected a number, got array"},
                    MismatchCase{"rmsVoltage", 235, "rmsVoltage: expected an object, got number"},
                    MismatchCase{"meterType", 3, "meterType: expected a string, got number"},
                    MismatchCase{"saveeyeDeviceSerialNumber", 12345,
                                 "saveeyeDeviceSerialNumber: expected a string, got number"}));

}  // namespace
}  // namespace bridge::test
