// The processor's settings (settings-api.md section 7).
#include "processor_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace outbox {
namespace {

core::config::EnvLookup env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    return found == values.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

TEST(ProcessorConfig, DefaultsFollowTheContract) {
  core::config::Reader reader({}, env({{"DATABASE_URL", "host=db user=settings_app"},
                                       {"MQTT_URL", "tcp://mosquitto:1883"},
                                       {"MQTT_USERNAME", "outbox"},
                                       {"MQTT_PASSWORD", "s3cret"},
                                       {"KAFKA_BROKERS", "redpanda:9092"}}));
  const auto config = read_processor_config(reader);
  EXPECT_NO_THROW(reader.finish());
  EXPECT_EQ(config.poll_interval, std::chrono::seconds(5));
  EXPECT_EQ(config.confirm_timeout, std::chrono::seconds(120));
  EXPECT_EQ(config.retry_delay, std::chrono::seconds(5));
  EXPECT_EQ(config.publish_timeout, std::chrono::seconds(10));
  EXPECT_EQ(config.delay_after_publish, std::chrono::milliseconds(0));
  EXPECT_EQ(config.write_topic, "thermiq_heatpump/write");
  EXPECT_TRUE(config.mqtt.client_id.starts_with("outbox-processor-"));
  EXPECT_TRUE(config.mqtt.clean_session);
  EXPECT_EQ(config.mqtt.keep_alive, std::chrono::seconds(30));
  EXPECT_EQ(config.mqtt.password, "s3cret");
  EXPECT_EQ(config.kafka.group_id, "heatpump-settings-outbox-processor");
  EXPECT_EQ(config.kafka.topic, "homelab-heatpump-telemetry");
  EXPECT_EQ(config.kafka.offset_reset, "latest");
}

TEST(ProcessorConfig, ReportsEveryProblemWithoutThePassword) {
  core::config::Reader reader({}, env({{"MQTT_URL", "ssl://mosquitto:8883"},
                                       {"MQTT_PASSWORD", "s3cret"},
                                       {"MQTT_WRITE_TOPIC", "thermiq/#"},
                                       {"OUTBOX_POLL_INTERVAL_S", "0"}}));
  read_processor_config(reader);
  const auto& problems = reader.problems();
  for (const auto* key : {"database.url", "kafka.brokers", "mqtt.username", "mqtt.url",
                          "mqtt.write_topic", "outbox.poll_interval_s"}) {
    EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [key](const std::string& p) {
      return p.find(key) != std::string::npos;
    })) << key;
  }
  for (const auto& problem : problems) {
    EXPECT_EQ(problem.find("s3cret"), std::string::npos) << problem;
  }
}

}  // namespace
}  // namespace outbox
