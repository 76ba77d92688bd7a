#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/kafka/consumer.hpp"
#include "core/kafka/record.hpp"

namespace settings_common {

struct ConsumerSettings {
  std::string bootstrap_servers;
  std::string topic = "homelab-heatpump-telemetry";
  std::string group_id;
  std::string client_id;
  // kafka.md section 6: both settings consumers start at the end when their group has no offset.
  std::string offset_reset = "latest";
  std::chrono::milliseconds session_timeout{10'000};
  std::chrono::milliseconds initial_backoff{1'000};
  std::chrono::milliseconds max_backoff{30'000};
};

// The consumer loop both settings services share (settings-api.md section 5): each record is
// handed to `handle`, which processes it in one database transaction, and the group's offset is
// committed only after the records before it were handled. A record whose handler throws is
// retried with capped exponential backoff (initial_backoff doubling up to max_backoff), with the
// consumer paused but polled so that it keeps its group membership; it is never skipped.
// Redelivery after a crash is harmless because the handlers are idempotent.
class TelemetryConsumer {
 public:
  using Handler = std::function<void(const core::kafka::Message&)>;
  // Called with the error of every failed attempt, before the backoff.
  using ErrorHandler = std::function<void(const std::exception&, std::chrono::milliseconds)>;

  TelemetryConsumer(ConsumerSettings settings, Handler handle, ErrorHandler on_error);

  // Until `stop` is requested; leaves the group on return. Throws what does not heal by itself
  // (a missing topic, a fatal consumer error).
  void run(const std::stop_token& stop);

 private:
  bool handle_with_retries(const core::kafka::Message& record, const std::stop_token& stop);
  bool wait_paused(std::chrono::milliseconds delay, const std::stop_token& stop);
  void commit(const std::vector<core::kafka::Message>& handled);

  ConsumerSettings settings_;
  Handler handle_;
  ErrorHandler on_error_;
  core::kafka::Consumer consumer_;
  // Records polled while paused; they follow the current batch.
  std::vector<core::kafka::Message> carried_;
};

}  // namespace settings_common
