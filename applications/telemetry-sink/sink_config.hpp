#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config/reader.hpp"
#include "core/log/logging.hpp"
#include "table_columns.hpp"

namespace sink {

struct FamilyConfig {
  const FamilySpec* spec = nullptr;
  std::string topic;
  std::string group_id;
  // librdkafka's prefetch bound (queued.max.messages.kbytes). Once it is reached, librdkafka 2.0
  // fetches again only when its broker thread wakes up, which it does once a second unless
  // something else wakes it; a metadata refresh every fetch_wakeup (0: librdkafka's default of
  // 5 minutes) does. Catching up is therefore bounded by prefetch_kbytes per fetch_wakeup.
  std::int64_t prefetch_kbytes = 1024;
  std::chrono::milliseconds fetch_wakeup{0};
};

struct RetentionConfig {
  std::int64_t days = 90;               // raw rows older than this are deleted
  std::chrono::seconds interval{3600};  // how often retention runs
  std::int64_t batch_rows = 10'000;     // rows per DELETE statement
};

struct SinkConfig {
  std::string database_url;  // keyword/value form with the sink's connection defaults; secret
  std::string kafka_bootstrap_servers;
  std::chrono::milliseconds kafka_session_timeout{10'000};
  std::string dlq_topic = "homelab-dlq";
  std::string http_address = "0.0.0.0";
  std::uint16_t http_port = 8080;
  core::log::Format log_format = core::log::Format::automatic;
  std::string log_level = "info";
  std::size_t batch_max_records = 500;
  std::chrono::milliseconds batch_max_wait{500};
  std::chrono::milliseconds retry_initial_backoff{1'000};
  std::chrono::milliseconds retry_max_backoff{30'000};
  std::vector<FamilyConfig> families;
  RetentionConfig retention;
};

// Reads the sink's settings (environment variable in parentheses, see core::config::Reader):
//   database.url (DATABASE_URL, or a file named by DATABASE_URL_FILE), required
//   kafka.bootstrap_servers (KAFKA_BOOTSTRAP_SERVERS), required
//   kafka.session_timeout_ms (KAFKA_SESSION_TIMEOUT_MS), dlq_topic (DLQ_TOPIC)
//   http.address (HTTP_ADDRESS), http.port (HTTP_PORT), log.format (LOG_FORMAT: auto, json,
//   text), log.level (LOG_LEVEL)
//   batch.max_records (BATCH_MAX_RECORDS), batch.max_wait_ms (BATCH_MAX_WAIT_MS)
//   retry.initial_backoff_ms (RETRY_INITIAL_BACKOFF_MS), retry.max_backoff_ms
//   families (FAMILIES: a list of energy, temperature, heatpump), and per family
//   <family>.topic, <family>.group_id, <family>.prefetch_kbytes, <family>.fetch_wakeup_ms
//   (ENERGY_TOPIC, ENERGY_GROUP_ID, ENERGY_PREFETCH_KBYTES, ENERGY_FETCH_WAKEUP_MS, ...)
//   retention.days, retention.interval_seconds, retention.batch_rows (RETENTION_DAYS, ...)
// Every problem is recorded in `reader`; call reader.finish() to report them all.
SinkConfig read_sink_config(core::config::Reader& reader);

}  // namespace sink
