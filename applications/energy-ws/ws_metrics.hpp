#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>

#include <array>
#include <string>

#include "core/metrics/exposition.hpp"
#include "stream.hpp"

namespace energy_ws {

// Why a WebSocket connection ended: the ws_closed_total{reason} label.
enum class CloseReason {
  client,          // the client closed (1000 or any code it chose)
  shutdown,        // 1001
  ping_timeout,    // 1011: protocol pings unanswered
  token_expired,   // 4001
  slow_consumer,   // 4002
  connection_lost  // the socket failed or the client vanished without a close frame
};

// Why an upgrade request was refused: the ws_refused_total{reason} label.
enum class RefusalReason { not_upgrade, unauthenticated, origin, capacity };

// The service's metrics (contract section 1), resolved once so the fan-out does no label lookups:
//   ws_connections                    open WebSocket connections
//   ws_frames_sent_total{stream}      data frames written to clients
//   ws_frames_dropped_total{stream}   data frames dropped from full send queues
//   ws_closed_total{reason}           connections ended, by CloseReason
//   ws_refused_total{reason}          upgrade requests refused, by RefusalReason
//   kafka_records_total{topic}        records consumed
//   kafka_invalid_json_total{topic}   records dropped because the value is not a JSON object
//   kafka_consumer_lag_seconds{topic} age of the last record consumed (now minus its timestamp)
// Counters are thread-safe: the consumer thread and the io thread both update them.
class WsMetrics {
 public:
  WsMetrics(core::metrics::Registry& registry, const std::array<std::string, kStreamCount>& topics);

  prometheus::Gauge& connections() { return connections_; }
  void sent(Stream stream) { sent_.at(stream_index(stream))->Increment(); }
  void dropped(Stream stream) { dropped_.at(stream_index(stream))->Increment(); }
  void closed(CloseReason reason);
  void refused(RefusalReason reason);
  void consumed(Stream stream, bool valid, double lag_seconds);

 private:
  prometheus::Gauge& connections_;
  prometheus::Family<prometheus::Counter>& closed_;
  prometheus::Family<prometheus::Counter>& refused_;
  std::array<prometheus::Counter*, kStreamCount> sent_{};
  std::array<prometheus::Counter*, kStreamCount> dropped_{};
  std::array<prometheus::Counter*, kStreamCount> records_{};
  std::array<prometheus::Counter*, kStreamCount> invalid_{};
  std::array<prometheus::Gauge*, kStreamCount> lag_{};
};

}  // namespace energy_ws
