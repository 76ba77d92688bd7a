#include "stream_connection.hpp"

#include <spdlog/spdlog.h>

#include <optional>

namespace bridge {
namespace {

using Clock = std::chrono::steady_clock;

// Deliveries still queued when the bridge stops are not acknowledged on MQTT, so the broker has
// them again: waiting long for them only delays the exit.
constexpr std::chrono::seconds kProducerCloseTimeout{1};

core::kafka::Headers kafka_headers(const std::vector<KafkaHeader>& headers) {
  core::kafka::Headers out;
  out.reserve(headers.size());
  for (const auto& h : headers) {
    out.push_back({h.name, h.value});
  }
  return out;
}

std::string_view cause(core::mqtt::ConnectionEvent::Kind kind) {
  using Kind = core::mqtt::ConnectionEvent::Kind;
  switch (kind) {
    case Kind::connection_lost:
      return "connection_lost";
    case Kind::refused:
      return "refused";
    case Kind::subscription_refused:
      return "subscription_refused";
    default:
      return "connect_failed";
  }
}

}  // namespace

StreamConnection::StreamConnection(boost::asio::any_io_executor executor, StreamSettings settings,
                                   const Router& router, BridgeMetrics& metrics)
    : settings_(std::move(settings)),
      router_(router),
      metrics_(metrics, settings_.name, settings_.kafka_topic, settings_.dlq_topic),
      subscriber_(
          std::move(executor), settings_.mqtt,
          [this](core::mqtt::InboundMessage message) { on_message(std::move(message)); },
          [this](const core::mqtt::ConnectionEvent& event) { on_connection_event(event); }),
      producer_(settings_.kafka, kProducerCloseTimeout) {}

RoutedMessage StreamConnection::route(const core::mqtt::InboundMessage& message) const {
  const auto received =
      std::chrono::time_point_cast<std::chrono::microseconds>(core::time::Clock::now());
  if (!message.truncated()) {
    return router_.route({message.topic, message.payload, received});
  }
  const DeadLetter dead_letter{DeadLetterReason::invalid_json,
                               "payload exceeds " + std::to_string(kMaxKeptPayload) + " bytes (" +
                                   std::to_string(message.payload_size) +
                                   "); too large to keep, the value is empty",
                               std::nullopt};
  return {settings_.name, dead_letter.reason,
          dead_letter_record(settings_.dlq_topic, {message.topic, {}, received}, dead_letter)};
}

void StreamConnection::on_message(core::mqtt::InboundMessage message) {
  metrics_.received();
  const auto routed = route(message);
  const bool dead_letter = routed.dead_letter.has_value();
  const auto reason = routed.dead_letter.value_or(DeadLetterReason::invalid_json);
  const auto tag = message.tag;
  const auto started = Clock::now();
  const auto& record = routed.record;
  const auto key = record.key ? std::optional<std::string_view>(*record.key) : std::nullopt;
  metrics_.produced();
  try {
    producer_.produce(record.topic, key, record.value, kafka_headers(record.headers),
                      [this, tag, started, dead_letter, reason](const core::kafka::Delivery& d) {
                        const auto seconds =
                            std::chrono::duration<double>(Clock::now() - started).count();
                        if (d.ok()) {
                          metrics_.delivered(dead_letter, reason, seconds);
                          subscriber_.ack(tag);
                        } else {
                          metrics_.failed(seconds);
                          subscriber_.drop_connection(
                              tag, "Kafka delivery to " + d.topic + " failed: " + d.error_message);
                        }
                      });
  } catch (const core::kafka::Error& e) {
    // Not even queued (librdkafka's queue is full, or the producer failed for good): the broker
    // keeps the message and offers it again after the reconnect.
    metrics_.failed(0.0);
    subscriber_.drop_connection(tag, e.what());
  }
}

void StreamConnection::on_connection_event(const core::mqtt::ConnectionEvent& event) {
  if (event.kind == core::mqtt::ConnectionEvent::Kind::connected) {
    metrics_.connected(true);
    return;
  }
  metrics_.connected(false);
  metrics_.reconnect(std::string(cause(event.kind)));
}

}  // namespace bridge
