#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <map>
#include <memory>
#include <string>

#include "core/kafka/error.hpp"

namespace core::kafka {

// librdkafka properties by name ("bootstrap.servers", "group.id", "delivery.timeout.ms", ...).
using Settings = std::map<std::string, std::string>;

// Builds a librdkafka configuration from three layers, later layers winning: the wrapper's
// defaults, the caller's settings, and properties the wrapper's guarantees depend on.
// bootstrap.servers is required. Throws Error naming the first rejected property.
std::unique_ptr<RdKafka::Conf> make_conf(const Settings& defaults, const Settings& settings,
                                         const Settings& forced);

template <typename Callback>
void set_callback(RdKafka::Conf& conf, const std::string& name, Callback* callback) {
  std::string detail;
  if (conf.set(name, callback, detail) != RdKafka::Conf::CONF_OK) {
    throw Error("kafka configuration " + name, detail, RdKafka::ERR__INVALID_ARG);
  }
}

// Sends librdkafka's log lines and error events to the process logger (spdlog), so that they
// come out as the service's own log lines instead of raw stderr.
class LogForwarder final : public RdKafka::EventCb {
 public:
  explicit LogForwarder(std::string client) : client_(std::move(client)) {}
  void event_cb(RdKafka::Event& event) override;

 private:
  std::string client_;
};

}  // namespace core::kafka
