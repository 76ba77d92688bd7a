#include "bridge_metrics.hpp"

#include "core/metrics/exposition.hpp"

namespace bridge {

BridgeMetrics::BridgeMetrics(prometheus::Registry& registry)
    : received_(prometheus::BuildCounter()
                    .Name("bridge_mqtt_messages_received_total")
                    .Help("MQTT messages received, per stream")
                    .Register(registry)),
      delivered_(prometheus::BuildCounter()
                     .Name("bridge_kafka_records_delivered_total")
                     .Help("Records acknowledged by Kafka, per stream and topic")
                     .Register(registry)),
      dead_letters_(prometheus::BuildCounter()
                        .Name("bridge_dead_letters_total")
                        .Help("Dead-letter records acknowledged by Kafka, per stream and reason")
                        .Register(registry)),
      failures_(prometheus::BuildCounter()
                    .Name("bridge_kafka_delivery_failures_total")
                    .Help("Kafka deliveries that failed; each drops the MQTT connection")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("bridge_kafka_delivery_seconds")
                   .Help("Time from produce to the Kafka acknowledgement")
                   .Register(registry)),
      in_flight_(prometheus::BuildGauge()
                     .Name("bridge_in_flight_messages")
                     .Help("Messages received and not yet acknowledged by Kafka")
                     .Register(registry)),
      connected_(prometheus::BuildGauge()
                     .Name("bridge_mqtt_connected")
                     .Help("1 while the stream's MQTT connection is subscribed")
                     .Register(registry)),
      reconnects_(prometheus::BuildCounter()
                      .Name("bridge_mqtt_reconnects_total")
                      .Help("MQTT connections that ended or failed and are retried, by cause")
                      .Register(registry)) {}

BridgeMetrics::Stream::Stream(BridgeMetrics& metrics, const std::string& stream,
                              const std::string& kafka_topic, const std::string& dlq_topic)
    : metrics_(metrics),
      stream_(stream),
      received_(metrics.received_.Add({{"stream", stream}})),
      to_stream_topic_(metrics.delivered_.Add({{"stream", stream}, {"topic", kafka_topic}})),
      to_dlq_(metrics.delivered_.Add({{"stream", stream}, {"topic", dlq_topic}})),
      failures_(metrics.failures_.Add({{"stream", stream}})),
      latency_(metrics.latency_.Add({{"stream", stream}}, core::metrics::latency_buckets())),
      in_flight_(metrics.in_flight_.Add({{"stream", stream}})),
      connected_(metrics.connected_.Add({{"stream", stream}})) {}

void BridgeMetrics::Stream::delivered(bool dead_letter, DeadLetterReason reason, double seconds) {
  in_flight_.Decrement();
  latency_.Observe(seconds);
  if (!dead_letter) {
    to_stream_topic_.Increment();
    return;
  }
  to_dlq_.Increment();
  // Rare, so the label lookup (a mutex in prometheus-cpp) is taken here rather than up front.
  metrics_.dead_letters_.Add({{"stream", stream_}, {"reason", std::string(reason_code(reason))}})
      .Increment();
}

void BridgeMetrics::Stream::failed(double seconds) {
  in_flight_.Decrement();
  latency_.Observe(seconds);
  failures_.Increment();
}

void BridgeMetrics::Stream::reconnect(const std::string& cause) {
  metrics_.reconnects_.Add({{"stream", stream_}, {"cause", cause}}).Increment();
}

}  // namespace bridge
