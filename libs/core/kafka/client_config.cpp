#include "core/kafka/client_config.hpp"

#include <spdlog/spdlog.h>

namespace core::kafka {

std::unique_ptr<RdKafka::Conf> make_conf(const Settings& defaults, const Settings& settings,
                                         const Settings& forced) {
  Settings merged = defaults;
  const auto apply = [&merged](const Settings& layer) {
    for (const auto& [name, value] : layer) {
      merged[name] = value;
    }
  };
  apply(settings);
  apply(forced);
  if (!merged.contains("bootstrap.servers") || merged["bootstrap.servers"].empty()) {
    throw Error("kafka configuration", "bootstrap.servers is required", RdKafka::ERR__INVALID_ARG);
  }
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  for (const auto& [name, value] : merged) {
    std::string detail;
    if (conf->set(name, value, detail) != RdKafka::Conf::CONF_OK) {
      throw Error("kafka configuration " + name, detail, RdKafka::ERR__INVALID_ARG);
    }
  }
  return conf;
}

void LogForwarder::event_cb(RdKafka::Event& event) {
  switch (event.type()) {
    case RdKafka::Event::EVENT_LOG: {
      // Syslog severities: 0..3 are errors, 4 warnings, 5..6 information, 7 debug.
      const auto severity = static_cast<int>(event.severity());
      auto level = severity <= 3   ? spdlog::level::err
                   : severity == 4 ? spdlog::level::warn
                   : severity <= 6 ? spdlog::level::info
                                   : spdlog::level::debug;
      // librdkafka repeats this on every metadata request to a broker that does not announce
      // allow.auto.create.topics support (the dev broker's mock cluster); Redpanda does.
      if (event.fac() == "AUTOCREATE") {
        level = spdlog::level::debug;
      }
      spdlog::log(level, "kafka {} {}: {}", client_, event.fac(), event.str());
      break;
    }
    case RdKafka::Event::EVENT_ERROR:
      // Most errors (a broker that went away) are retried by librdkafka itself; fatal ones also
      // reach the caller through failed deliveries or Consumer::poll().
      spdlog::log(event.fatal() ? spdlog::level::err : spdlog::level::warn, "kafka {}: {}: {}",
                  client_, RdKafka::err2str(event.err()), event.str());
      break;
    default:
      break;
  }
}

}  // namespace core::kafka
