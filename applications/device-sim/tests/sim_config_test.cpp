#include "sim_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace device_sim {
namespace {

using Env = std::map<std::string, std::string>;

core::config::Reader reader_for(const Env& env) {
  return core::config::Reader({}, [env](const std::string& name) -> std::optional<std::string> {
    const auto found = env.find(name);
    return found == env.end() ? std::nullopt : std::optional(found->second);
  });
}

TEST(SimConfigTest, DefaultsNeedOnlyThePassword) {
  auto reader = reader_for({{"MQTT_PASSWORD", "secret"}});
  const auto config = read_sim_config(reader, {});
  EXPECT_NO_THROW(reader.finish());
  EXPECT_EQ(config.mqtt.username, "devices");
  EXPECT_EQ(config.mqtt.password, "secret");
  EXPECT_EQ(config.shelly_id, "e4b32322a0f4");
  EXPECT_EQ(config.thermiq_client_name, "ThermIQ_4091519A3058");
  EXPECT_EQ(config.thermiq_write_topic, "thermiq_heatpump/write");
  EXPECT_EQ(config.time_zone, "Europe/Stockholm");
  EXPECT_EQ(config.saveeye_interval, std::chrono::seconds(1));
  EXPECT_EQ(config.shelly_wake_interval, std::chrono::seconds(60));
  EXPECT_TRUE(config.saveeye && config.shelly && config.thermiq);
  EXPECT_FALSE(config.ignore_commands);
  EXPECT_EQ(config.load_rate, 0);
}

TEST(SimConfigTest, ReadsTheEnvironment) {
  auto reader = reader_for({{"MQTT_URI", "tcp://broker:1883"},
                            {"MQTT_PASSWORD", "secret"},
                            {"MQTT_CLIENT_ID", "sim-2"},
                            {"DEVICES", "thermiq, shelly"},
                            {"SHELLY_ID", "E4B32322A0F5"},
                            {"SHELLY_WAKE_INTERVAL", "0.5"},
                            {"THERMIQ_INTERVAL", "2"},
                            {"THERMIQ_IGNORE_COMMANDS", "true"},
                            {"TIME_ZONE", "UTC"},
                            {"TIME_SCALE", "60"}});
  const auto config = read_sim_config(reader, {});
  EXPECT_NO_THROW(reader.finish());
  EXPECT_EQ(config.mqtt.uri, "tcp://broker:1883");
  EXPECT_EQ(config.mqtt.client_id, "sim-2");
  EXPECT_FALSE(config.saveeye);
  EXPECT_TRUE(config.shelly && config.thermiq);
  EXPECT_EQ(config.shelly_id, "e4b32322a0f5");
  EXPECT_EQ(config.shelly_wake_interval, std::chrono::milliseconds(500));
  EXPECT_EQ(config.thermiq_interval, std::chrono::seconds(2));
  EXPECT_TRUE(config.ignore_commands);
  EXPECT_EQ(config.time_scale, 60);
}

TEST(SimConfigTest, CommandLineWins) {
  auto reader = reader_for({{"MQTT_PASSWORD", "secret"}, {"TIME_SCALE", "60"}});
  CommandLine command_line;
  command_line.rate = 20000;
  command_line.count = 5;
  command_line.time_scale = 2;
  command_line.max_in_flight = 64;
  command_line.ignore_commands = true;
  const auto config = read_sim_config(reader, command_line);
  EXPECT_EQ(config.load_rate, 20000);
  EXPECT_EQ(config.load_count, 5U);
  EXPECT_EQ(config.time_scale, 2);
  EXPECT_EQ(config.load_max_in_flight, 64U);
  EXPECT_TRUE(config.ignore_commands);
}

TEST(SimConfigTest, ReportsEveryProblemAtOnce) {
  auto reader = reader_for({{"MQTT_URI", "ssl://broker:8883"},
                            {"DEVICES", "saveeye,toaster"},
                            {"SHELLY_ID", "shelly"},
                            {"THERMIQ_INTERVAL", "0"},
                            {"SAVEEYE_INTERVAL", "0.5"},
                            {"TIME_ZONE", "Mars/Olympus_Mons"},
                            {"LOG_LEVEL", "loud"}});
  read_sim_config(reader, {});
  try {
    reader.finish();
    FAIL() << "accepted an invalid configuration";
  } catch (const core::config::ConfigError& e) {
    const std::string text = e.what();
    for (const char* key : {"mqtt.uri", "mqtt.password", "devices", "shelly.id", "thermiq.interval",
                            "saveeye.interval", "time_zone", "log.level"}) {
      EXPECT_NE(text.find(key), std::string::npos) << key << " missing in:\n" << text;
    }
  }
}

}  // namespace
}  // namespace device_sim
