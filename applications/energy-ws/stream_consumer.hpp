#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

#include "broker_probe.hpp"
#include "stream.hpp"
#include "stream_record.hpp"
#include "ws_config.hpp"
#include "ws_metrics.hpp"

namespace energy_ws {

// The process's one Kafka consumer (contracts/kafka.md section 6): no group, every partition of
// the three stream topics assigned statically, starting one record before the end of each
// partition so that the latest-reading cache is warm, never committing. It runs on a thread of
// its own; records that are JSON objects go to the sink, the others are counted and dropped. A
// consumer that fails for good (a topic missing at start) is rebuilt after a capped backoff.
class StreamConsumer {
 public:
  // Called on the consumer thread for every valid record, in partition order. `live` is false
  // for the records that were already in a partition when the consumer started (the last one of
  // each): they only seed the latest reading, they are not news to send to clients.
  using Sink = std::function<void(Stream, Reading, bool live)>;

  // `probe` tells the consumer where each partition ended when it started.
  StreamConsumer(const WsConfig& config, WsMetrics& metrics, BrokerProbe& probe, Sink sink);
  StreamConsumer(const StreamConsumer&) = delete;
  StreamConsumer& operator=(const StreamConsumer&) = delete;
  ~StreamConsumer() { stop(); }

  void start();
  // Stops and joins the thread; idempotent.
  void stop();
  // Partitions are assigned (for /readyz).
  bool assigned() const { return assigned_; }

 private:
  void run(const std::stop_token& stop);
  void consume(const std::stop_token& stop);

  std::string brokers_;
  std::array<std::string, kStreamCount> topics_;
  std::chrono::milliseconds fetch_wait_;
  WsMetrics& metrics_;
  BrokerProbe& probe_;
  Sink sink_;
  std::atomic<bool> assigned_ = false;
  std::jthread thread_;
};

}  // namespace energy_ws
