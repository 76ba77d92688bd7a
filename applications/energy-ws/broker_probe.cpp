#include "broker_probe.hpp"

#include <algorithm>

#include "core/kafka/error.hpp"

namespace energy_ws {

BrokerProbe::BrokerProbe(const std::string& brokers) : log_("energy-ws-probe") {
  auto conf = core::kafka::make_conf({}, {{"bootstrap.servers", brokers}}, {});
  core::kafka::set_callback(*conf, "event_cb", static_cast<RdKafka::EventCb*>(&log_));
  std::string detail;
  client_.reset(RdKafka::Producer::create(conf.get(), detail));
  if (!client_) {
    throw core::kafka::Error("create kafka readiness probe", detail, RdKafka::ERR__INVALID_ARG);
  }
}

bool BrokerProbe::reachable(std::chrono::milliseconds timeout) {
  const std::scoped_lock lock(mutex_);
  RdKafka::Metadata* raw = nullptr;
  const auto code = client_->metadata(false, nullptr, &raw, static_cast<int>(timeout.count()));
  const std::unique_ptr<RdKafka::Metadata> metadata(raw);
  return code == RdKafka::ERR_NO_ERROR && metadata && !metadata->brokers()->empty();
}

PartitionOffsets BrokerProbe::end_offsets(const std::vector<std::string>& topics,
                                          std::chrono::milliseconds timeout) {
  const std::scoped_lock lock(mutex_);
  const auto timeout_ms = static_cast<int>(timeout.count());
  RdKafka::Metadata* raw = nullptr;
  const auto code = client_->metadata(true, nullptr, &raw, timeout_ms);
  const std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (code != RdKafka::ERR_NO_ERROR) {
    throw core::kafka::Error("read topic metadata", code);
  }
  PartitionOffsets ends;
  for (const auto& topic : topics) {
    const auto* all = metadata->topics();
    const auto found = std::find_if(all->begin(), all->end(),
                                    [&topic](const auto* t) { return t->topic() == topic; });
    if (found == all->end() || (*found)->err() != RdKafka::ERR_NO_ERROR) {
      throw core::kafka::Error("end offsets of " + topic, found == all->end()
                                                              ? RdKafka::ERR_UNKNOWN_TOPIC_OR_PART
                                                              : (*found)->err());
    }
    for (const auto* partition : *(*found)->partitions()) {
      std::int64_t low = 0;
      std::int64_t high = 0;
      if (const auto queried =
              client_->query_watermark_offsets(topic, partition->id(), &low, &high, timeout_ms);
          queried != RdKafka::ERR_NO_ERROR) {
        throw core::kafka::Error("end offsets of " + topic, queried);
      }
      ends[{topic, partition->id()}] = high;
    }
  }
  return ends;
}

}  // namespace energy_ws
