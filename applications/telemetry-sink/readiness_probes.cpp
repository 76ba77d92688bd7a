#include "readiness_probes.hpp"

#include <librdkafka/rdkafkacpp.h>

#include <memory>

#include "core/kafka/client_config.hpp"
#include "core/pg/connection.hpp"

namespace sink {

bool database_reachable(const std::string& conninfo) {
  core::pg::Connection conn(conninfo);
  return conn.exec("SELECT 1").rows() == 1;
}

bool kafka_reachable(const std::string& bootstrap_servers, std::chrono::milliseconds timeout) {
  core::kafka::LogForwarder log("telemetry-sink-readiness");
  auto conf = core::kafka::make_conf({{"client.id", "telemetry-sink-readiness"}},
                                     {{"bootstrap.servers", bootstrap_servers}}, {});
  core::kafka::set_callback(*conf, "event_cb", static_cast<RdKafka::EventCb*>(&log));
  std::string detail;
  const std::unique_ptr<RdKafka::Producer> handle(RdKafka::Producer::create(conf.get(), detail));
  if (!handle) {
    return false;
  }
  RdKafka::Metadata* raw = nullptr;
  const auto code = handle->metadata(false, nullptr, &raw, static_cast<int>(timeout.count()));
  const std::unique_ptr<RdKafka::Metadata> metadata(raw);
  return code == RdKafka::ERR_NO_ERROR && metadata && !metadata->brokers()->empty();
}

}  // namespace sink
