#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

#include "dead_letter.hpp"

namespace bridge {

// The bridge's Prometheus metrics, served on /metrics:
//   bridge_mqtt_messages_received_total{stream}      PUBLISH packets delivered to the bridge
//   bridge_kafka_records_delivered_total{stream,topic}  records Kafka acknowledged
//   bridge_dead_letters_total{stream,reason}         DLQ records Kafka acknowledged
//   bridge_kafka_delivery_failures_total{stream}     failed deliveries (each drops the connection)
//   bridge_kafka_delivery_seconds{stream}            produce to Kafka acknowledgement
//   bridge_in_flight_messages{stream}                received, not yet acknowledged by Kafka
//   bridge_mqtt_connected{stream}                    1 while subscribed
//   bridge_mqtt_reconnects_total{stream,cause}       connection ends and failed attempts
class BridgeMetrics {
 public:
  explicit BridgeMetrics(prometheus::Registry& registry);

  // The metrics of one stream, resolved once so the message path does no label lookups.
  class Stream {
   public:
    Stream(BridgeMetrics& metrics, const std::string& stream, const std::string& kafka_topic,
           const std::string& dlq_topic);

    void received() { received_.Increment(); }
    // A record was handed to the producer; `delivered` or `failed` follows exactly once.
    void produced() { in_flight_.Increment(); }
    void delivered(bool dead_letter, DeadLetterReason reason, double seconds);
    void failed(double seconds);
    void connected(bool up) { connected_.Set(up ? 1 : 0); }
    void reconnect(const std::string& cause);

   private:
    BridgeMetrics& metrics_;
    std::string stream_;
    prometheus::Counter& received_;
    prometheus::Counter& to_stream_topic_;
    prometheus::Counter& to_dlq_;
    prometheus::Counter& failures_;
    prometheus::Histogram& latency_;
    prometheus::Gauge& in_flight_;
    prometheus::Gauge& connected_;
  };

 private:
  prometheus::Family<prometheus::Counter>& received_;
  prometheus::Family<prometheus::Counter>& delivered_;
  prometheus::Family<prometheus::Counter>& dead_letters_;
  prometheus::Family<prometheus::Counter>& failures_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Family<prometheus::Gauge>& in_flight_;
  prometheus::Family<prometheus::Gauge>& connected_;
  prometheus::Family<prometheus::Counter>& reconnects_;
};

}  // namespace bridge
