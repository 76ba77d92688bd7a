#include "settings_common/telemetry_consumer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>

#include "core/kafka/error.hpp"

namespace settings_common {
namespace {

constexpr std::size_t kBatch = 100;
constexpr std::chrono::milliseconds kPollWait{500};
// The poll slice while paused: short enough to notice a stop request promptly.
constexpr std::chrono::milliseconds kPausedPoll{200};

core::kafka::Settings consumer_settings(const ConsumerSettings& settings) {
  return {
      {"bootstrap.servers", settings.bootstrap_servers},
      {"group.id", settings.group_id},
      {"client.id", settings.client_id},
      {"auto.offset.reset", settings.offset_reset},
      {"session.timeout.ms", std::to_string(settings.session_timeout.count())},
  };
}

}  // namespace

TelemetryConsumer::TelemetryConsumer(ConsumerSettings settings, Handler handle,
                                     ErrorHandler on_error)
    : settings_(std::move(settings)),
      handle_(std::move(handle)),
      on_error_(std::move(on_error)),
      consumer_(consumer_settings(settings_)) {}

void TelemetryConsumer::run(const std::stop_token& stop) {
  consumer_.subscribe({settings_.topic});
  spdlog::info("kafka: consuming {} as group {}", settings_.topic, settings_.group_id);
  while (!stop.stop_requested()) {
    auto batch = std::move(carried_);
    carried_.clear();
    auto polled = consumer_.poll_batch(kBatch, kPollWait);
    std::move(polled.begin(), polled.end(), std::back_inserter(batch));
    std::vector<core::kafka::Message> handled;
    handled.reserve(batch.size());
    for (auto& record : batch) {
      if (!handle_with_retries(record, stop)) {
        break;
      }
      handled.push_back(std::move(record));
    }
    commit(handled);
  }
  consumer_.close();
  spdlog::info("kafka: {} consumer stopped", settings_.group_id);
}

bool TelemetryConsumer::handle_with_retries(const core::kafka::Message& record,
                                            const std::stop_token& stop) {
  auto delay = settings_.initial_backoff;
  for (;;) {
    try {
      handle_(record);
      if (consumer_.paused()) {
        spdlog::info("kafka: record handled, resuming");
        consumer_.resume();
      }
      return true;
    } catch (const std::exception& e) {
      on_error_(e, delay);
      if (!consumer_.paused()) {
        consumer_.pause();
      }
      if (!wait_paused(delay, stop)) {
        spdlog::warn("kafka: stopping before {}/{}@{} was handled; it is redelivered later",
                     record.topic, record.partition, record.offset);
        return false;
      }
      delay = std::min(delay * 2, settings_.max_backoff);
    }
  }
}

bool TelemetryConsumer::wait_paused(std::chrono::milliseconds delay, const std::stop_token& stop) {
  const auto deadline = std::chrono::steady_clock::now() + delay;
  while (!stop.stop_requested()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return true;
    }
    // Records fetched before the pause took effect are kept, not dropped.
    if (auto message = consumer_.poll(std::min(left, kPausedPoll))) {
      carried_.push_back(std::move(*message));
    }
  }
  return false;
}

void TelemetryConsumer::commit(const std::vector<core::kafka::Message>& handled) {
  if (handled.empty()) {
    return;
  }
  try {
    consumer_.commit(handled);
  } catch (const core::kafka::Error& e) {
    // The records are handled; a refused commit (a rebalance moved the partition) only means
    // they are delivered again, which the idempotent handlers absorb.
    spdlog::warn("kafka: offset commit failed, the records will be redelivered: {}", e.what());
  }
}

}  // namespace settings_common
