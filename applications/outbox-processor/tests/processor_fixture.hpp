#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/metrics/exposition.hpp"
#include "core/mqtt/client.hpp"
#include "core/pg/connection.hpp"
#include "mqtt_publisher.hpp"
#include "processor_config.hpp"
#include "processor_metrics.hpp"
#include "testing/temp_database.hpp"

namespace outbox_test {

using namespace std::chrono_literals;

// Records what it is asked to publish; fails while `fail_with` is set, and may take its time.
class RecordingPublisher final : public outbox::Publisher {
 public:
  void publish(const std::string& topic, const std::string& payload) override;
  std::vector<std::string> messages() const;

  std::string fail_with;
  std::chrono::milliseconds delay{0};

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
};

// A real MQTT subscriber on the stack's Mosquitto, counting what arrives on one topic.
class WriteTopicSubscriber {
 public:
  explicit WriteTopicSubscriber(const std::string& topic);
  std::vector<std::string> messages() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
  std::unique_ptr<core::mqtt::Client> client_;
};

// A heatpump_settings database of its own, migrated by the real homelab-migrate, and the
// processor's configuration pointing at it as settings_app, with short test timings and a write
// topic of its own on the stack's Mosquitto (user admin), so tests never disturb a device.
class ProcessorFixture : public ::testing::Test {
 protected:
  void SetUp() override;

  // An outbox row as the settings API writes it; returns its id.
  std::int64_t insert_command(const std::string& device, const std::string& payload,
                              int max_retries = 3);
  std::string query_one(const std::string& sql);
  std::string status_of(std::int64_t id);
  core::pg::Connection& admin() { return *admin_; }
  // A connection as the processor opens it.
  core::pg::Connection connect() const { return core::pg::Connection(config_.database_conninfo); }
  // The real MQTT publisher of the processor, as the admin user.
  std::unique_ptr<outbox::MqttPublisher> mqtt_publisher(const std::string& uri) const;

  static bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

  testing_support::TempDatabase db_{"outbox_test"};
  std::string suffix_;
  outbox::ProcessorConfig config_;
  core::metrics::Registry registry_;
  std::unique_ptr<outbox::ProcessorMetrics> metrics_;

 private:
  std::unique_ptr<core::pg::Connection> admin_;
};

}  // namespace outbox_test
