#include "stream_consumer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "core/kafka/consumer.hpp"
#include "core/kafka/error.hpp"

namespace energy_ws {
namespace {

constexpr std::chrono::milliseconds kPollTimeout{100};
constexpr std::chrono::milliseconds kInitialBackoff{1'000};
constexpr std::chrono::milliseconds kMaxBackoff{30'000};
constexpr std::chrono::seconds kAssignTimeout{10};

// Sleeps unless stop is requested first.
void pause(const std::stop_token& stop, std::chrono::milliseconds duration) {
  std::mutex mutex;
  std::condition_variable_any wakeup;
  std::unique_lock lock(mutex);
  wakeup.wait_for(lock, stop, duration, [] { return false; });
}

}  // namespace

StreamConsumer::StreamConsumer(const WsConfig& config, WsMetrics& metrics, BrokerProbe& probe,
                               Sink sink)
    : brokers_(config.kafka_brokers),
      topics_(config.topics),
      fetch_wait_(config.kafka_fetch_wait),
      metrics_(metrics),
      probe_(probe),
      sink_(std::move(sink)) {}

void StreamConsumer::start() {
  thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

void StreamConsumer::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void StreamConsumer::run(const std::stop_token& stop) {
  auto backoff = kInitialBackoff;
  while (!stop.stop_requested()) {
    try {
      consume(stop);
      return;
    } catch (const std::exception& e) {
      assigned_ = false;
      spdlog::error("ws: kafka consumer failed, rebuilding in {} ms: {}", backoff.count(),
                    e.what());
    }
    pause(stop, backoff);
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

void StreamConsumer::consume(const std::stop_token& stop) {
  core::kafka::Consumer consumer({{"bootstrap.servers", brokers_},
                                  {"client.id", "energy-ws"},
                                  {"fetch.wait.max.ms", std::to_string(fetch_wait_.count())}});
  const std::vector<std::string> topics(topics_.begin(), topics_.end());
  // Where each partition ends now, before the assignment starts at its last record.
  StartupRecords startup(probe_.end_offsets(topics, kAssignTimeout));
  consumer.assign_from_end(topics, 1, kAssignTimeout);
  assigned_ = true;
  spdlog::info("ws: consuming {}, {} and {}", topics_[0], topics_[1], topics_[2]);
  while (!stop.stop_requested()) {
    auto message = consumer.poll(kPollTimeout);
    if (!message) {
      continue;
    }
    const auto* const found = std::find(topics_.begin(), topics_.end(), message->topic);
    if (found == topics_.end()) {
      continue;
    }
    const auto stream = kAllStreams.at(static_cast<std::size_t>(found - topics_.begin()));
    const auto now = Clock::now();
    const auto lag = std::chrono::duration<double>(now - message->timestamp).count();
    const auto time = reading_time(message->value, message->timestamp);
    metrics_.consumed(stream, time.has_value(), std::max(lag, 0.0));
    if (!time) {
      spdlog::debug("ws: dropped a record of {} [{}] at {}: not a JSON object", message->topic,
                    message->partition, message->offset);
      continue;
    }
    sink_(stream, Reading{std::make_shared<const std::string>(std::move(message->value)), *time},
          startup.live(message->topic, message->partition, message->offset));
  }
}

}  // namespace energy_ws
