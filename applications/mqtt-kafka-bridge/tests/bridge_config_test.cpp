#include "bridge_config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace bridge {
namespace {

class BridgeConfigTest : public testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(path_); }

  core::config::Reader reader(const std::string& yaml,
                              std::map<std::string, std::string> env = {}) {
    std::ofstream(path_) << yaml;
    return core::config::Reader(path_.string(), [env](const std::string& name) {
      const auto found = env.find(name);
      return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
    });
  }

  std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                ("bridge-config-" + std::to_string(::getpid()) + ".yaml");
};

const StreamConfig* find(const BridgeConfig& config, std::string_view name) {
  for (const auto& stream : config.streams) {
    if (stream.name == name) {
      return &stream;
    }
  }
  return nullptr;
}

TEST_F(BridgeConfigTest, DefaultsFollowTheContract) {
  auto r = reader("{}");
  const auto config = read_bridge_config(r);
  EXPECT_NO_THROW(r.finish());
  EXPECT_EQ(config.time_zone, "Europe/Stockholm");
  EXPECT_EQ(config.max_payload_bytes, 65536U);
  EXPECT_EQ(config.dlq_topic, "homelab-dlq");
  ASSERT_EQ(config.streams.size(), 3U);
  EXPECT_EQ(config.streams[0].name, "energy");
  EXPECT_EQ(config.streams[0].mapper, "saveeye");
  EXPECT_EQ(config.streams[0].mqtt_topics, std::vector<std::string>{"saveeye/telemetry"});
  EXPECT_EQ(config.streams[0].kafka_topic, "homelab-energy-realtime");
  EXPECT_EQ(config.streams[1].name, "temperature");
  EXPECT_EQ(config.streams[1].mapper, "shelly");
  EXPECT_EQ(config.streams[1].mqtt_topics,
            std::vector<std::string>{"shellyhtg3-e4b32322a0f4/events/rpc"});
  EXPECT_EQ(config.streams[1].kafka_topic, "homelab-temperature-indoor");
  EXPECT_EQ(config.streams[2].name, "heatpump");
  EXPECT_EQ(config.streams[2].mapper, "thermiq");
  EXPECT_EQ(config.streams[2].mqtt_topics, std::vector<std::string>{"thermiq_heatpump/data"});
  EXPECT_EQ(config.streams[2].kafka_topic, "homelab-heatpump-telemetry");
}

TEST_F(BridgeConfigTest, EnvironmentOverridesTheFile) {
  auto r = reader("time_zone: Europe/Oslo\nmax_payload_bytes: 2048\n",
                  {{"TIME_ZONE", "Europe/Helsinki"},
                   {"STREAMS_TEMPERATURE_MQTT_TOPICS", "+/events/rpc, shellyhtg3-x/status"}});
  const auto config = read_bridge_config(r);
  EXPECT_NO_THROW(r.finish());
  EXPECT_EQ(config.time_zone, "Europe/Helsinki");
  EXPECT_EQ(config.max_payload_bytes, 2048U);
  EXPECT_EQ(find(config, "temperature")->mqtt_topics,
            (std::vector<std::string>{"+/events/rpc", "shellyhtg3-x/status"}));
}

TEST_F(BridgeConfigTest, YamlAddsLocationsAndStreams) {
  auto r = reader(R"(
streams:
  temperature:
    mqtt_topics: ["+/events/rpc"]
    locations:
      shellyhtg3-e4b32322a0f4/events/rpc: indoor
      shellyhtg3-0000000000aa/events/rpc: garage
  heatpump-2:
    mapper: thermiq
    mqtt_topics: [thermiq_heatpump_2/data]
    kafka_topic: homelab-heatpump-telemetry
)");
  const auto config = read_bridge_config(r);
  EXPECT_NO_THROW(r.finish());
  ASSERT_EQ(config.streams.size(), 4U);
  const auto* temperature = find(config, "temperature");
  EXPECT_EQ(temperature->mapper, "shelly");
  EXPECT_EQ(temperature->kafka_topic, "homelab-temperature-indoor");
  EXPECT_EQ(temperature->locations.at("shellyhtg3-0000000000aa/events/rpc"), "garage");
  EXPECT_EQ(config.streams[3].name, "heatpump-2");
  EXPECT_EQ(config.streams[3].mapper, "thermiq");
}

TEST_F(BridgeConfigTest, ReportsEveryProblemAtOnce) {
  auto r = reader(R"(
time_zone: Mars/Olympus_Mons
max_payload_bytes: 0
streams:
  energy:
    mapper: saveeye-v2
    mqtt_topics: ["saveeye/#/x", "thermiq_heatpump/data"]
  temperature:
    locations: [indoor]
  solar: {}
)");
  read_bridge_config(r);
  const auto& problems = r.problems();
  const auto reported = [&](std::string_view text) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(reported("time_zone: 'Mars/Olympus_Mons' is not an IANA time zone"));
  EXPECT_TRUE(reported("max_payload_bytes: 0 is outside 1..1000000"));
  EXPECT_TRUE(reported("streams.energy.mapper: unknown mapper 'saveeye-v2'"));
  EXPECT_TRUE(reported("'saveeye/#/x' is not a valid MQTT topic filter"));
  EXPECT_TRUE(reported("streams.heatpump.mqtt_topics: 'thermiq_heatpump/data' is used by another"));
  EXPECT_TRUE(reported("streams.temperature.locations: expected a map"));
  EXPECT_TRUE(reported("streams.solar.mapper: required"));
  EXPECT_TRUE(reported("streams.solar.kafka_topic: required"));
  EXPECT_TRUE(reported("streams.solar.mqtt_topics: at least one MQTT topic is required"));
  EXPECT_THROW(r.finish(), core::config::ConfigError);
}

}  // namespace
}  // namespace bridge
