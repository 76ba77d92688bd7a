#include "shelly_mapper.hpp"

#include "test_support.hpp"

namespace bridge::test {
namespace {

namespace json = boost::json;
constexpr std::string_view shelly_topic = "shellyhtg3-e4b32322a0f4/events/rpc";
constexpr std::string_view shelly_device = "shellyhtg3-e4b32322a0f4";

class ShellyMapperTest : public testing::Test {
 protected:
  MappingResult map_payload(const json::object& payload,
                            std::string_view topic = shelly_topic) const {
    return map(mapper_, topic, payload);
  }
  json::object fields_of(const json::object& payload) const {
    return mapped(map_payload(payload)).value.at("fields").as_object();
  }

  ShellyMapper mapper_;
  json::object full_ = fixture_object("shelly-full-status.json");
};

TEST_F(ShellyMapperTest, TopicsOutsideShellyhtg3AreUnexpected) {
  for (const auto topic : {"homelab/temperature/indoor", "sensor-1/events/rpc",
                           "devices/shellyhtg3-e4b32322a0f4/events/rpc", "shellyhtg3"}) {
    const auto dead = dead_letter(map_payload(full_, topic));
    EXPECT_EQ(dead.reason, DeadLetterReason::unexpected_topic) << topic;
    EXPECT_NE(dead.detail.find(topic), std::string::npos) << dead.detail;
    EXPECT_FALSE(dead.key);
  }
  // The topic is checked before the payload is parsed.
  EXPECT_EQ(dead_letter(map(mapper_, "sensor-1/events/rpc", "{")).reason,
            DeadLetterReason::unexpected_topic);
}

TEST_F(ShellyMapperTest, AnyShellyhtg3DeviceTopicIsAccepted) {
  const auto payload = with(full_, "src", "shellyhtg3-aabbccddeeff");
  const auto record = mapped(map_payload(payload, "shellyhtg3-aabbccddeeff/events/rpc"));
  EXPECT_EQ(record.key, "shellyhtg3-aabbccddeeff");
  EXPECT_EQ(record.value.at("tags").at("device_id"), "shellyhtg3-aabbccddeeff");
}

TEST_F(ShellyMapperTest, UnsupportedMethodIsDeadLettered) {
  const auto dead = dead_letter(map_payload(with(full_, "method", "NotifyWakeup")));
  EXPECT_EQ(dead.reason, DeadLetterReason::unsupported_method);
  EXPECT_EQ(dead.detail,
            R"(method: "NotifyWakeup" is not NotifyFullStatus, NotifyStatus or NotifyEvent)");
  EXPECT_EQ(dead.key, shelly_device);
}

TEST_F(ShellyMapperTest, RequiredMembers) {
  const auto src = dead_letter(map_payload(without(full_, "src")));
  EXPECT_EQ(src.reason, DeadLetterReason::missing_required);
  EXPECT_EQ(src.detail, "src");
  EXPECT_FALSE(src.key);

  const auto method = dead_letter(map_payload(without(full_, "method")));
  EXPECT_EQ(method.reason, DeadLetterReason::missing_required);
  EXPECT_EQ(method.detail, "method");
  EXPECT_EQ(method.key, shelly_device);

  for (const auto& payload : {without(full_, "params.temperature:0.tC"),
                              without(full_, "params.temperature:0"), without(full_, "params")}) {
    const auto dead = dead_letter(map_payload(payload));
    EXPECT_EQ(dead.reason, DeadLetterReason::missing_required);
    EXPECT_EQ(dead.detail, R"(params."temperature:0".tC)");
    EXPECT_EQ(dead.key, shelly_device);
  }
}

TEST_F(ShellyMapperTest, PartialNotificationsNeedNoTemperature) {
  auto status = without(fixture_object("shelly-notify-status.json"), "params.temperature:0");
  status = with(status, "params.humidity:0.rh", 51.5);
  const auto fields = fields_of(status);
  EXPECT_TRUE(fields.at("temperature_c").is_null());
  EXPECT_EQ(fields.at("humidity"), 51.5);
  const auto event = without(fixture_object("shelly-notify-event.json"), "params");
  EXPECT_TRUE(fields_of(event).at("temperature_c").is_null());
}

TEST_F(ShellyMapperTest, ExternalPowerAcceptsBooleansAndZeroOrOneAsIs) {
  for (const auto& present :
       {json::value(true), json::value(false), json::value(1), json::value(0)}) {
    const auto fields = fields_of(with(full_, "params.devicepower:0.external.present", present));
    EXPECT_EQ(fields.at("external_power"), present);
    EXPECT_EQ(fields.at("external_power").kind(), present.kind());
  }
}

TEST_F(ShellyMapperTest, WrongTypesAreTypeMismatch) {
  struct Case {
    const char* path;
    json::value value;
    const char* detail;
  };
  const Case cases[] = {
      {"params.devicepower:0.external.present", 2,
       R"(params."devicepower:0".external.present: expected a boolean or 0/1, got number)"},
      {"params.devicepower:0.external.present", "yes",
       R"(params."devicepower:0".external.present: expected a boolean or 0/1, got string)"},
      {"params.temperature:0.tC", "21.3",
       R"(params."temperature:0".tC: expected a number, got string)"},
      {"params.humidity:0", 45.2, R"(params."humidity:0": expected an object, got number)"},
      {"params.sys.uptime", json::object{{"s", 30}},
       "params.sys.uptime: expected a number, got object"},
      {"params.sys.mac", 42, "params.sys.mac: expected a string, got number"},
      {"params", json::array{}, "params: expected an object, got array"},
      {"method", 1, "method: expected a string, got number"},
      {"src", json::array{"a"}, "src: expected a string, got array"},
  };
  for (const auto& c : cases) {
    const auto dead = dead_letter(map_payload(with(full_, c.path, c.value)));
    EXPECT_EQ(dead.reason, DeadLetterReason::type_mismatch) << c.path;
    EXPECT_EQ(dead.detail, c.detail);
  }
}

TEST_F(ShellyMapperTest, MacAddressIsAStringOrNull) {
  const auto record = mapped(map_payload(with(full_, "params.sys.mac", nullptr)));
  EXPECT_TRUE(record.value.at("tags").at("mac_address").is_null());
}

TEST_F(ShellyMapperTest, LocationIsConfiguredPerTopic) {
  const ShellyMapper mapper(
      ShellyMapper::Locations{{"shellyhtg3-0000000000aa/events/rpc", "garage"}});
  const auto payload = with(full_, "src", "shellyhtg3-0000000000aa");
  const auto garage = mapped(map(mapper, "shellyhtg3-0000000000aa/events/rpc", payload));
  EXPECT_EQ(garage.value.at("tags").at("location"), "garage");
  const auto other = mapped(map(mapper, shelly_topic, full_));
  EXPECT_EQ(other.value.at("tags").at("location"), "indoor");
}

TEST_F(ShellyMapperTest, TimestampOutOfRangeOrNotANumberUsesTheReceiveTime) {
  EXPECT_EQ(ts_of(map_payload(with(full_, "params.ts", 1768590000))), "2026-01-16T21:10:09.123Z");
  EXPECT_EQ(ts_of(map_payload(with(full_, "params.ts", "1768597805"))), "2026-01-16T21:10:09.123Z");
  EXPECT_EQ(ts_of(map_payload(without(full_, "params.ts"))), "2026-01-16T21:10:09.123Z");
}

}  // namespace
}  // namespace bridge::test
