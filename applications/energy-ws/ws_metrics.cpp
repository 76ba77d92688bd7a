#include "ws_metrics.hpp"

namespace energy_ws {
namespace {

std::string close_label(CloseReason reason) {
  switch (reason) {
    case CloseReason::client:
      return "client";
    case CloseReason::shutdown:
      return "shutdown";
    case CloseReason::ping_timeout:
      return "ping_timeout";
    case CloseReason::token_expired:
      return "token_expired";
    case CloseReason::slow_consumer:
      return "slow_consumer";
    case CloseReason::connection_lost:
      return "connection_lost";
  }
  return "unknown";
}

std::string refusal_label(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::not_upgrade:
      return "not_upgrade";
    case RefusalReason::unauthenticated:
      return "unauthenticated";
    case RefusalReason::origin:
      return "origin";
    case RefusalReason::capacity:
      return "capacity";
  }
  return "unknown";
}

}  // namespace

WsMetrics::WsMetrics(core::metrics::Registry& registry,
                     const std::array<std::string, kStreamCount>& topics)
    : connections_(prometheus::BuildGauge()
                       .Name("ws_connections")
                       .Help("Open WebSocket connections")
                       .Register(registry)
                       .Add({})),
      closed_(prometheus::BuildCounter()
                  .Name("ws_closed_total")
                  .Help("WebSocket connections ended, by reason")
                  .Register(registry)),
      refused_(prometheus::BuildCounter()
                   .Name("ws_refused_total")
                   .Help("WebSocket upgrade requests refused, by reason")
                   .Register(registry)) {
  auto& sent = prometheus::BuildCounter()
                   .Name("ws_frames_sent_total")
                   .Help("Data frames written to clients, by stream")
                   .Register(registry);
  auto& dropped = prometheus::BuildCounter()
                      .Name("ws_frames_dropped_total")
                      .Help("Data frames dropped from full send queues, by stream")
                      .Register(registry);
  auto& records = prometheus::BuildCounter()
                      .Name("kafka_records_total")
                      .Help("Kafka records consumed, by topic")
                      .Register(registry);
  auto& invalid = prometheus::BuildCounter()
                      .Name("kafka_invalid_json_total")
                      .Help("Kafka records dropped because the value is not a JSON object")
                      .Register(registry);
  auto& lag = prometheus::BuildGauge()
                  .Name("kafka_consumer_lag_seconds")
                  .Help("Age of the last record consumed: now minus its Kafka timestamp")
                  .Register(registry);
  for (const auto stream : kAllStreams) {
    const auto i = stream_index(stream);
    const std::string name(stream_name(stream));
    sent_.at(i) = &sent.Add({{"stream", name}});
    dropped_.at(i) = &dropped.Add({{"stream", name}});
    records_.at(i) = &records.Add({{"topic", topics.at(i)}});
    invalid_.at(i) = &invalid.Add({{"topic", topics.at(i)}});
    lag_.at(i) = &lag.Add({{"topic", topics.at(i)}});
  }
}

void WsMetrics::closed(CloseReason reason) {
  closed_.Add({{"reason", close_label(reason)}}).Increment();
}

void WsMetrics::refused(RefusalReason reason) {
  refused_.Add({{"reason", refusal_label(reason)}}).Increment();
}

void WsMetrics::consumed(Stream stream, bool valid, double lag_seconds) {
  const auto i = stream_index(stream);
  records_.at(i)->Increment();
  if (!valid) {
    invalid_.at(i)->Increment();
  }
  lag_.at(i)->Set(lag_seconds);
}

}  // namespace energy_ws
