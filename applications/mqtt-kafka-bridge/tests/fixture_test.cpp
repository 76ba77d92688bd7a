// kafka.md section 8: every device fixture maps to its expected Kafka value through the default
// routing, with the receive time 2026-01-16T21:10:09.123Z and the zone Europe/Stockholm.
#include <array>
#include <vector>

#include "router.hpp"
#include "test_support.hpp"

namespace bridge::test {
namespace {

struct Fixture {
  const char* payload;
  const char* expected;
  const char* topic;
  const char* kafka_topic;
  const char* stream;
};

class FixtureTest : public testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, MapsToTheExpectedKafkaValue) {
  const auto& fixture = GetParam();
  const Router router(BridgeConfig{});
  const auto payload = read_fixture(fixture.payload);
  const auto routed = router.route({fixture.topic, payload, receive_time});

  ASSERT_FALSE(routed.dead_letter) << routed.record.headers.at(1).value;
  EXPECT_EQ(routed.stream, fixture.stream);
  EXPECT_EQ(routed.record.topic, fixture.kafka_topic);
  EXPECT_TRUE(routed.record.headers.empty());

  const auto value = boost::json::parse(routed.record.value).as_object();
  const auto expected = fixture_object(fixture.expected);
  EXPECT_EQ(value, expected) << "got      " << value << "\nexpected " << expected;
  EXPECT_EQ(routed.record.key, expected.at("device_id").as_string().c_str());

  // The envelope members come after the device members (kafka.md section 2, rule 2).
  std::vector<std::string> last_keys;
  for (auto it = value.end() - 4; it != value.end(); ++it) {
    last_keys.emplace_back(it->key());
  }
  EXPECT_EQ(last_keys, (std::vector<std::string>{"ts", "device_id", "tags", "fields"}));
}

INSTANTIATE_TEST_SUITE_P(
    Contract, FixtureTest,
    testing::Values(
        Fixture{"saveeye.json", "saveeye.kafka.json", "saveeye/telemetry",
                "homelab-energy-realtime", "energy"},
        Fixture{"shelly-full-status.json", "shelly-full-status.kafka.json",
                "shellyhtg3-e4b32322a0f4/events/rpc", "homelab-temperature-indoor", "temperature"},
        Fixture{"shelly-notify-status.json", "shelly-notify-status.kafka.json",
                "shellyhtg3-e4b32322a0f4/events/rpc", "homelab-temperature-indoor", "temperature"},
        Fixture{"shelly-notify-event.json", "shelly-notify-event.kafka.json",
                "shellyhtg3-e4b32322a0f4/events/rpc", "homelab-temperature-indoor", "temperature"},
        Fixture{"thermiq.json", "thermiq.kafka.json", "thermiq_heatpump/data",
                "homelab-heatpump-telemetry", "heatpump"}),
    [](const testing::TestParamInfo<Fixture>& param) {
      std::string name = param.param.payload;
      name = name.substr(0, name.find('.'));
      for (auto& c : name) {
        c = c == '-' ? '_' : c;
      }
      return name;
    });

}  // namespace
}  // namespace bridge::test
