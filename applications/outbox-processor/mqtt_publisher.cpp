#include "mqtt_publisher.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace outbox {

MqttPublisher::MqttPublisher(core::mqtt::Options options, std::chrono::milliseconds puback_timeout)
    : puback_timeout_(puback_timeout),
      // Publish only: no subscriptions, so no message ever reaches the handler.
      client_(std::move(options), [](const core::mqtt::Message&) {}) {}

void MqttPublisher::start() {
  try {
    ensure_connected();
  } catch (const std::exception& e) {
    spdlog::warn("mqtt: {}; connecting again before the next publish", e.what());
  }
}

void MqttPublisher::ensure_connected() {
  const std::scoped_lock lock(mutex_);
  if (ever_connected_) {
    return;
  }
  client_.connect();
  ever_connected_ = true;
}

void MqttPublisher::publish(const std::string& topic, const std::string& payload) {
  ensure_connected();
  client_.publish(topic, payload, puback_timeout_);
}

}  // namespace outbox
