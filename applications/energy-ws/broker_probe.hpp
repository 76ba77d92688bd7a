#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/kafka/client_config.hpp"
#include "startup_records.hpp"

namespace energy_ws {

// Broker questions through a client of its own, since core::kafka::Consumer does not expose its
// handle and its poll() loop must not be shared: /readyz's "is the broker reachable", and the end
// offsets the consumer needs to tell the start-up records from new ones. Calls are serialized.
class BrokerProbe {
 public:
  explicit BrokerProbe(const std::string& brokers);

  // True when a broker answered within the timeout.
  bool reachable(std::chrono::milliseconds timeout);
  // The end offset (high watermark) of every partition of the topics; throws
  // core::kafka::Error when the broker does not answer or a topic is missing.
  PartitionOffsets end_offsets(const std::vector<std::string>& topics,
                               std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  core::kafka::LogForwarder log_;
  std::unique_ptr<RdKafka::Producer> client_;
};

}  // namespace energy_ws
