#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "core/mqtt/client.hpp"

namespace outbox {

// Publishes one write message and returns once the broker acknowledged it; throws with the
// reason otherwise. Tests substitute their own.
class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void publish(const std::string& topic, const std::string& payload) = 0;
};

// The processor's own MQTT connection (settings-api.md section 4.2): QoS 1, retain false, each
// message waits up to `puback_timeout` for its PUBACK. The first connection is made on start()
// and, should the broker be away then, again before each publish until it succeeds; after that
// Paho reconnects by itself. A publish while disconnected fails at once, so the row is retried
// with backoff.
class MqttPublisher final : public Publisher {
 public:
  MqttPublisher(core::mqtt::Options options, std::chrono::milliseconds puback_timeout);

  // Tries the first connection; a failure is logged, not thrown.
  void start();
  void publish(const std::string& topic, const std::string& payload) override;
  bool connected() const { return client_.connected(); }

 private:
  void ensure_connected();

  std::chrono::milliseconds puback_timeout_;
  core::mqtt::Client client_;
  std::mutex mutex_;
  bool ever_connected_ = false;
};

}  // namespace outbox
