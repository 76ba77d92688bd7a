#include "processor_config.hpp"

#include <unistd.h>

#include <array>
#include <cmath>
#include <stdexcept>

#include "core/log/log_settings.hpp"
#include "core/mqtt/broker_address.hpp"
#include "core/pg/conninfo.hpp"
#include "settings_common/fields.hpp"

namespace outbox {
namespace {

constexpr std::chrono::seconds kConnectTimeout{5};

std::chrono::milliseconds seconds_setting(core::config::Reader& reader, std::string_view key,
                                          std::chrono::milliseconds fallback, double min,
                                          double max) {
  const auto seconds =
      reader.number(key, std::chrono::duration<double>(fallback).count(), min, max);
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

std::string hostname() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') {
    return "unknown";
  }
  return name.data();
}

}  // namespace

ProcessorConfig read_processor_config(core::config::Reader& reader) {
  ProcessorConfig config;
  config.http_address = reader.string("http.address", config.http_address);
  config.http_port = static_cast<std::uint16_t>(reader.integer("http.port", 8080, 0, 65535));

  config.poll_interval =
      seconds_setting(reader, "outbox.poll_interval_s", config.poll_interval, 0.05, 3600);
  config.confirm_timeout =
      seconds_setting(reader, "outbox.confirm_timeout_s", config.confirm_timeout, 1, 86'400);
  config.retry_delay =
      seconds_setting(reader, "outbox.retry_delay_s", config.retry_delay, 0.01, 3600);
  config.publish_timeout =
      seconds_setting(reader, "outbox.publish_timeout_s", config.publish_timeout, 0.1, 600);
  config.delay_after_publish =
      std::chrono::milliseconds(reader.integer("fault.delay_after_publish_ms", 0, 0, 600'000));

  // The claiming transaction stays open while the messages are published; a processor that
  // hangs there must not hold the row forever.
  const auto idle_limit = config.publish_timeout * static_cast<int>(settings_common::kFieldCount) +
                          config.delay_after_publish + std::chrono::seconds(60);
  const auto url = reader.secret("database.url");
  if (!url.empty()) {
    try {
      config.database_conninfo = core::pg::service_conninfo(
          url, "outbox-processor", kConnectTimeout,
          "-c idle_in_transaction_session_timeout=" + std::to_string(idle_limit.count()));
    } catch (const std::invalid_argument& e) {
      reader.add_problem(std::string("database.url: ") + e.what());
    }
  }

  config.mqtt.uri = reader.string("mqtt.url");
  if (!config.mqtt.uri.empty()) {
    try {
      core::mqtt::parse_broker_uri(config.mqtt.uri);
    } catch (const std::invalid_argument& e) {
      reader.add_problem(std::string("mqtt.url: ") + e.what());
    }
  }
  config.mqtt.username = reader.string("mqtt.username");
  config.mqtt.password = reader.secret("mqtt.password");
  config.mqtt.client_id = reader.string("mqtt.client_id", "outbox-processor-" + hostname());
  config.mqtt.clean_session = true;
  config.mqtt.keep_alive = std::chrono::seconds(30);
  config.write_topic = reader.string("mqtt.write_topic", config.write_topic);
  if (config.write_topic.empty() || config.write_topic.find_first_of("+#") != std::string::npos) {
    reader.add_problem("mqtt.write_topic: '" + config.write_topic +
                       "' is not a topic name (no wildcards)");
  }

  config.kafka.bootstrap_servers = reader.string("kafka.brokers");
  config.kafka.topic = reader.string("kafka.topic", config.kafka.topic);
  config.kafka.group_id = reader.string("kafka.group_id", "heatpump-settings-outbox-processor");
  config.kafka.client_id = config.mqtt.client_id;
  config.kafka.session_timeout =
      std::chrono::milliseconds(reader.integer("kafka.session_timeout_ms", 10'000, 1'000, 300'000));
  core::log::read_log_settings(reader, config.log_format, config.log_level);
  return config;
}

}  // namespace outbox
