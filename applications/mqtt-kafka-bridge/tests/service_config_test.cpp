#include "service_config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace bridge {
namespace {

using Env = std::map<std::string, std::string>;

core::config::Reader reader(Env env, const std::string& yaml_path = {}) {
  return core::config::Reader(yaml_path, [env = std::move(env)](const std::string& name) {
    const auto found = env.find(name);
    return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
  });
}

Env required() {
  return {{"MQTT_URI", "tcp://mosquitto:1883"},
          {"MQTT_USERNAME", "bridge"},
          {"MQTT_PASSWORD", "secret"},
          {"KAFKA_BOOTSTRAP_SERVERS", "redpanda:9092"}};
}

std::vector<std::string> problems(Env env) {
  auto r = reader(std::move(env));
  read_service_config(r);
  return r.problems();
}

TEST(ServiceConfigTest, DefaultsFollowTheContract) {
  auto r = reader(required());
  const auto config = read_service_config(r);
  EXPECT_NO_THROW(r.finish());
  EXPECT_EQ(config.mqtt_uri, "tcp://mosquitto:1883");
  EXPECT_EQ(config.mqtt_username, "bridge");
  EXPECT_EQ(config.mqtt_password, "secret");
  EXPECT_EQ(config.kafka_bootstrap_servers, "redpanda:9092");
  EXPECT_EQ(config.mqtt_client_ids,
            (std::vector<std::string>{"mqtt-redpanda-bridge-energy",
                                      "mqtt-redpanda-bridge-temperature-indoor",
                                      "mqtt-redpanda-bridge-heatpump"}));
  EXPECT_EQ(config.mqtt_max_in_flight, 1000U);
  EXPECT_EQ(config.http_address, "0.0.0.0");
  EXPECT_EQ(config.http_port, 8080);
  EXPECT_EQ(config.log_format, core::log::Format::automatic);
  EXPECT_EQ(config.log_level, "info");
  EXPECT_EQ(config.shutdown_timeout, std::chrono::seconds(10));
  EXPECT_EQ(config.mapping.streams.size(), 3U);
  EXPECT_EQ(config.mapping.time_zone, "Europe/Stockholm");
}

TEST(ServiceConfigTest, EnvironmentOverrides) {
  auto env = required();
  env["STREAMS_ENERGY_MQTT_CLIENT_ID"] = "bridge-energy-2";
  env["MQTT_MAX_IN_FLIGHT"] = "200";
  env["HTTP_ADDRESS"] = "127.0.0.1";
  env["HTTP_PORT"] = "51081";
  env["LOG_FORMAT"] = "json";
  env["LOG_LEVEL"] = "debug";
  env["SHUTDOWN_TIMEOUT_SECONDS"] = "3";
  env["STREAMS_TEMPERATURE_MQTT_TOPICS"] = "+/events/rpc";
  auto r = reader(env);
  const auto config = read_service_config(r);
  EXPECT_NO_THROW(r.finish());
  EXPECT_EQ(config.mqtt_client_ids[0], "bridge-energy-2");
  EXPECT_EQ(config.mqtt_max_in_flight, 200U);
  EXPECT_EQ(config.http_address, "127.0.0.1");
  EXPECT_EQ(config.http_port, 51081);
  EXPECT_EQ(config.log_format, core::log::Format::json);
  EXPECT_EQ(config.log_level, "debug");
  EXPECT_EQ(config.shutdown_timeout, std::chrono::seconds(3));
  EXPECT_EQ(config.mapping.streams[1].mqtt_topics, std::vector<std::string>{"+/events/rpc"});
}

TEST(ServiceConfigTest, PasswordFromAFile) {
  const auto path =
      std::filesystem::temp_directory_path() / ("bridge-password-" + std::to_string(::getpid()));
  std::ofstream(path) << "from-file\n";
  auto env = required();
  env.erase("MQTT_PASSWORD");
  env["MQTT_PASSWORD_FILE"] = path.string();
  auto r = reader(env);
  const auto config = read_service_config(r);
  std::filesystem::remove(path);
  EXPECT_NO_THROW(r.finish());
  EXPECT_EQ(config.mqtt_password, "from-file");
}

TEST(ServiceConfigTest, EveryMissingSettingIsReportedAtOnce) {
  const auto found = problems({});
  ASSERT_EQ(found.size(), 4U);
  EXPECT_NE(found[0].find("MQTT_URI"), std::string::npos);
  EXPECT_NE(found[1].find("MQTT_USERNAME"), std::string::npos);
  EXPECT_NE(found[2].find("MQTT_PASSWORD"), std::string::npos);
  EXPECT_NE(found[3].find("KAFKA_BOOTSTRAP_SERVERS"), std::string::npos);
}

TEST(ServiceConfigTest, InvalidValuesAreReportedAtOnce) {
  auto env = required();
  env["MQTT_URI"] = "ssl://mosquitto:8883";
  env["MQTT_MAX_IN_FLIGHT"] = "70000";
  env["HTTP_ADDRESS"] = "localhost";
  env["HTTP_PORT"] = "-1";
  env["LOG_FORMAT"] = "xml";
  env["LOG_LEVEL"] = "loud";
  env["SHUTDOWN_TIMEOUT_SECONDS"] = "0";
  env["TIME_ZONE"] = "Europe/Atlantis";
  const auto found = problems(env);
  const std::vector<std::string> keys = {
      "time_zone", "mqtt.uri",   "mqtt.max_in_flight", "http.address",
      "http.port", "log.format", "log.level",          "shutdown_timeout_seconds"};
  ASSERT_EQ(found.size(), keys.size()) << testing::PrintToString(found);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(found[i].rfind(keys[i] + ":", 0), 0U) << found[i];
  }
}

TEST(ServiceConfigTest, SharedClientIdIsRejected) {
  auto env = required();
  env["STREAMS_HEATPUMP_MQTT_CLIENT_ID"] = "mqtt-redpanda-bridge-energy";
  const auto found = problems(env);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_NE(found[0].find("streams.heatpump.mqtt_client_id"), std::string::npos) << found[0];
}

TEST(ServiceConfigTest, SecretsAreNotInTheProblems) {
  auto env = required();
  env["MQTT_MAX_IN_FLIGHT"] = "many";
  for (const auto& problem : problems(env)) {
    EXPECT_EQ(problem.find("secret"), std::string::npos) << problem;
  }
}

TEST(ServiceConfigTest, ContractClientIds) {
  EXPECT_EQ(default_client_id("energy"), "mqtt-redpanda-bridge-energy");
  EXPECT_EQ(default_client_id("temperature"), "mqtt-redpanda-bridge-temperature-indoor");
  EXPECT_EQ(default_client_id("heatpump"), "mqtt-redpanda-bridge-heatpump");
  EXPECT_EQ(default_client_id("water"), "mqtt-redpanda-bridge-water");
}

}  // namespace
}  // namespace bridge
