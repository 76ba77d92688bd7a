#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/config/reader.hpp"
#include "core/log/logging.hpp"
#include "core/mqtt/client.hpp"
#include "settings_common/telemetry_consumer.hpp"

namespace outbox {

struct ProcessorConfig {
  std::string http_address = "0.0.0.0";
  std::uint16_t http_port = 8080;
  // database.url in keyword/value form with the processor's connection defaults. Secret.
  std::string database_conninfo;
  std::chrono::milliseconds poll_interval{5'000};
  std::chrono::milliseconds confirm_timeout{120'000};
  // Publish retries wait retry_delay * 2^retry_count (settings-api.md section 4.3: 5 s).
  std::chrono::milliseconds retry_delay{5'000};
  // The broker's PUBACK for each message (mqtt.md section 7: 10 s).
  std::chrono::milliseconds publish_timeout{10'000};
  // Fault injection for the crash test only: how long a claimed row stays locked after its last
  // PUBACK before it is marked published. 0 in every deployment.
  std::chrono::milliseconds delay_after_publish{0};
  // uri, username, password (secret), client id "outbox-processor-<hostname>", clean session,
  // keep-alive 30 s.
  core::mqtt::Options mqtt;
  std::string write_topic = "thermiq_heatpump/write";
  settings_common::ConsumerSettings kafka;
  core::log::Format log_format = core::log::Format::automatic;
  std::string log_level = "info";
};

// Reads the processor's settings (settings-api.md section 7; environment variable in
// parentheses, see core::config::Reader):
//   http.address, http.port (HTTP_ADDRESS, HTTP_PORT)   /healthz, /readyz, /metrics (0.0.0.0:8080)
//   database.url (DATABASE_URL, or a file named by DATABASE_URL_FILE), required: settings_app
//   outbox.poll_interval_s (OUTBOX_POLL_INTERVAL_S)       5, from 0.05
//   outbox.confirm_timeout_s (OUTBOX_CONFIRM_TIMEOUT_S)   120
//   outbox.retry_delay_s (OUTBOX_RETRY_DELAY_S)           5
//   outbox.publish_timeout_s (OUTBOX_PUBLISH_TIMEOUT_S)   10
//   mqtt.url (MQTT_URL), required; mqtt.username (MQTT_USERNAME), required;
//   mqtt.password (MQTT_PASSWORD) or mqtt.password_file (MQTT_PASSWORD_FILE), required;
//   mqtt.client_id (MQTT_CLIENT_ID)                       outbox-processor-<hostname>
//   mqtt.write_topic (MQTT_WRITE_TOPIC)                   thermiq_heatpump/write
//   kafka.brokers (KAFKA_BROKERS), required; kafka.topic (KAFKA_TOPIC);
//   kafka.group_id (KAFKA_GROUP_ID, heatpump-settings-outbox-processor);
//   kafka.session_timeout_ms (KAFKA_SESSION_TIMEOUT_MS)
//   fault.delay_after_publish_ms (FAULT_DELAY_AFTER_PUBLISH_MS)  0; tests only
//   log.format (LOG_FORMAT), log.level (LOG_LEVEL)
// Every problem is recorded in `reader`; call reader.finish() to report them all.
ProcessorConfig read_processor_config(core::config::Reader& reader);

}  // namespace outbox
