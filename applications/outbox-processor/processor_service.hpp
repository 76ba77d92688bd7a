#pragma once

#include <atomic>
#include <cstdint>

#include "confirmation.hpp"
#include "core/http/server.hpp"
#include "core/metrics/exposition.hpp"
#include "mqtt_publisher.hpp"
#include "outbox_worker.hpp"
#include "processor_config.hpp"
#include "processor_metrics.hpp"

namespace outbox {

// The processor assembled: the health server (/healthz, /readyz: database and MQTT broker,
// /metrics), the publishing worker and the confirmation consumer, each on a thread of its own.
class ProcessorService {
 public:
  explicit ProcessorService(ProcessorConfig config);

  std::uint16_t port() const { return server_.port(); }
  void stop_on_signals() { server_.stop_on_signals(); }
  // Until stop(); false when the consumer failed beyond recovery (which stops the service).
  bool run();
  void stop() { server_.stop(); }

 private:
  ProcessorConfig config_;
  core::metrics::Registry registry_;
  ProcessorMetrics metrics_;
  MqttPublisher publisher_;
  OutboxWorker worker_;
  Confirmation confirmation_;
  core::http::Server server_;
  std::atomic<bool> failed_ = false;
};

}  // namespace outbox
