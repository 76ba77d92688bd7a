#include "sink_config.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "core/log/log_settings.hpp"
#include "core/pg/conninfo.hpp"

namespace sink {
namespace {

// Bounds the reconnect of a family thread; /readyz uses a shorter one.
constexpr std::chrono::seconds kConnectTimeout{5};

// The meter reports every second and is the stream a backlog or a load test fills, so its
// consumer prefetches more and wakes its fetcher four times a second (about 0.2 % of a core
// here); the other streams carry a reading every few seconds or minutes.
FamilyConfig fetch_defaults(const FamilySpec& spec) {
  FamilyConfig family;
  if (spec.name == "energy") {
    family.prefetch_kbytes = 16'384;
    family.fetch_wakeup = std::chrono::milliseconds(250);
  }
  return family;
}

std::chrono::milliseconds milliseconds(core::config::Reader& reader, std::string_view key,
                                       std::chrono::milliseconds fallback, std::int64_t min,
                                       std::int64_t max) {
  return std::chrono::milliseconds(reader.integer(key, fallback.count(), min, max));
}

void read_families(core::config::Reader& reader, SinkConfig& config) {
  std::vector<std::string> all;
  for (const auto& spec : families()) {
    all.emplace_back(spec.name);
  }
  const auto names = reader.list("families", all);
  if (names.empty()) {
    reader.add_problem("families: at least one of energy, temperature, heatpump is required");
  }
  std::map<std::string, std::string> group_owner;
  for (const auto& name : names) {
    const auto* spec = find_family(name);
    if (spec == nullptr) {
      reader.add_problem("families: unknown family '" + name +
                         "' (known: energy, temperature, heatpump)");
      continue;
    }
    if (std::any_of(config.families.begin(), config.families.end(),
                    [spec](const FamilyConfig& f) { return f.spec == spec; })) {
      reader.add_problem("families: '" + name + "' is listed twice");
      continue;
    }
    auto family = fetch_defaults(*spec);
    family.spec = spec;
    family.topic = reader.string(name + ".topic", std::string(spec->topic));
    family.group_id = reader.string(name + ".group_id", std::string(spec->group_id));
    family.prefetch_kbytes =
        reader.integer(name + ".prefetch_kbytes", family.prefetch_kbytes, 64, 1'048'576);
    family.fetch_wakeup =
        milliseconds(reader, name + ".fetch_wakeup_ms", family.fetch_wakeup, 0, 60'000);
    // Two families in one group would split one group's partitions between two subscriptions.
    if (const auto [owner, added] = group_owner.emplace(family.group_id, name); !added) {
      reader.add_problem(name + ".group_id: '" + family.group_id + "' is also the group of " +
                         owner->second);
    }
    config.families.push_back(std::move(family));
  }
}

}  // namespace

SinkConfig read_sink_config(core::config::Reader& reader) {
  SinkConfig config;
  const auto url = reader.secret("database.url");
  if (!url.empty()) {
    try {
      config.database_url = core::pg::service_conninfo(url, "telemetry-sink", kConnectTimeout);
    } catch (const std::invalid_argument& e) {
      reader.add_problem(std::string("database.url: ") + e.what());
    }
  }
  config.kafka_bootstrap_servers = reader.string("kafka.bootstrap_servers");
  config.kafka_session_timeout = milliseconds(reader, "kafka.session_timeout_ms",
                                              config.kafka_session_timeout, 1'000, 300'000);
  config.dlq_topic = reader.string("dlq_topic", config.dlq_topic);
  config.http_address = reader.string("http.address", config.http_address);
  config.http_port = static_cast<std::uint16_t>(reader.integer("http.port", 8080, 0, 65535));
  core::log::read_log_settings(reader, config.log_format, config.log_level);

  config.batch_max_records = static_cast<std::size_t>(reader.integer(
      "batch.max_records", static_cast<std::int64_t>(config.batch_max_records), 1, 100'000));
  config.batch_max_wait =
      milliseconds(reader, "batch.max_wait_ms", config.batch_max_wait, 1, 60'000);
  config.retry_initial_backoff =
      milliseconds(reader, "retry.initial_backoff_ms", config.retry_initial_backoff, 1, 600'000);
  config.retry_max_backoff =
      milliseconds(reader, "retry.max_backoff_ms", config.retry_max_backoff, 1, 3'600'000);
  if (config.retry_max_backoff < config.retry_initial_backoff) {
    reader.add_problem("retry.max_backoff_ms: must not be below retry.initial_backoff_ms");
  }
  read_families(reader, config);

  config.retention.days = reader.integer("retention.days", config.retention.days, 1, 36'500);
  config.retention.interval = std::chrono::seconds(
      reader.integer("retention.interval_seconds", config.retention.interval.count(), 1, 604'800));
  config.retention.batch_rows =
      reader.integer("retention.batch_rows", config.retention.batch_rows, 1, 1'000'000);
  return config;
}

}  // namespace sink
