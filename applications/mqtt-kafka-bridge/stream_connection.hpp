#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "bridge_metrics.hpp"
#include "core/kafka/producer.hpp"
#include "core/mqtt/acking_subscriber.hpp"
#include "router.hpp"

namespace bridge {

struct StreamSettings {
  std::string name;
  std::string kafka_topic;
  std::string dlq_topic;
  core::mqtt::SubscriberOptions mqtt;
  core::kafka::Settings kafka;  // bootstrap.servers and client.id (the stream's MQTT client id)
};

// Payloads above this size are never held: Kafka (message.max.bytes, 1 MB by default) could not
// take them even as a dead letter, and a message Kafka refuses would come back forever. They go
// to the DLQ as invalid_json with an empty value and their size in the reason.
inline constexpr std::size_t kMaxKeptPayload = 900 * 1024;

// One stream of the bridge: its own MQTT connection (contract: one per stream) and its own
// idempotent producer (client id = the MQTT client id). Each message is routed, produced, and
// acknowledged on MQTT only once Kafka acknowledged the record; a failed delivery drops the
// connection instead, so the broker delivers the message again after the reconnect.
// Destroy it after stop() completed or once the executor runs no more handlers: a message handler
// still running would use the producer.
class StreamConnection {
 public:
  StreamConnection(boost::asio::any_io_executor executor, StreamSettings settings,
                   const Router& router, BridgeMetrics& metrics);
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;
  StreamConnection(StreamConnection&&) = delete;
  StreamConnection& operator=(StreamConnection&&) = delete;
  ~StreamConnection() = default;

  void start() { subscriber_.start(); }
  // Reads no more, waits for the deliveries in flight (until the deadline), acknowledges them on
  // MQTT and disconnects.
  boost::asio::awaitable<void> stop(std::chrono::steady_clock::time_point deadline) {
    return subscriber_.stop(deadline);
  }
  bool connected() const { return subscriber_.connected(); }
  const std::string& name() const { return settings_.name; }

 private:
  void on_message(core::mqtt::InboundMessage message);
  void on_connection_event(const core::mqtt::ConnectionEvent& event);
  RoutedMessage route(const core::mqtt::InboundMessage& message) const;

  const StreamSettings settings_;
  const Router& router_;
  BridgeMetrics::Stream metrics_;
  core::mqtt::AckingSubscriber subscriber_;
  // Last: its destructor reports the deliveries still pending, which use the members above.
  core::kafka::Producer producer_;
};

}  // namespace bridge
