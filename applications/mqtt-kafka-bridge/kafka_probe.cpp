#include "kafka_probe.hpp"

#include "core/kafka/error.hpp"

namespace bridge {

KafkaProbe::KafkaProbe(const core::kafka::Settings& settings) : log_("readiness-probe") {
  auto conf = core::kafka::make_conf({}, settings, {});
  core::kafka::set_callback(*conf, "event_cb", static_cast<RdKafka::EventCb*>(&log_));
  std::string detail;
  client_.reset(RdKafka::Producer::create(conf.get(), detail));
  if (!client_) {
    throw core::kafka::Error("create kafka readiness probe", detail, RdKafka::ERR__INVALID_ARG);
  }
}

bool KafkaProbe::reachable(std::chrono::milliseconds timeout) {
  const std::scoped_lock lock(mutex_);
  RdKafka::Metadata* raw = nullptr;
  const auto code = client_->metadata(false, nullptr, &raw, static_cast<int>(timeout.count()));
  const std::unique_ptr<RdKafka::Metadata> metadata(raw);
  return code == RdKafka::ERR_NO_ERROR && metadata && !metadata->brokers()->empty();
}

}  // namespace bridge
