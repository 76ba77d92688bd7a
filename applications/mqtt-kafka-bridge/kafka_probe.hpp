#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "core/kafka/client_config.hpp"

namespace bridge {

// Answers /readyz's "is Kafka reachable": a metadata request through a client of its own, since
// the producers do not expose theirs. An idle bridge produces nothing, so delivery results alone
// could not tell.
class KafkaProbe {
 public:
  // `settings` must hold bootstrap.servers.
  explicit KafkaProbe(const core::kafka::Settings& settings);

  // True when a broker answered within the timeout. Calls are serialized.
  bool reachable(std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  core::kafka::LogForwarder log_;
  std::unique_ptr<RdKafka::Producer> client_;
};

}  // namespace bridge
