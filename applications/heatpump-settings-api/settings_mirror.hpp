#pragma once

#include <prometheus/counter.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/exposition.hpp"
#include "core/pg/connection.hpp"
#include "settings_common/fields.hpp"
#include "settings_common/telemetry_report.hpp"

namespace settings_api {

using SettingValues = std::array<std::optional<double>, settings_common::kFieldCount>;
using CommandedValues = std::array<std::optional<std::int64_t>, settings_common::kFieldCount>;

struct MirrorMerge {
  SettingValues values;  // the row after the report
  bool changed = false;
  // Reported values not stored, for the log: "mode=2 (outbox command 1 in flight)".
  std::vector<std::string> held_back;
};

// The settings mirror rule (settings-api.md section 6) for one report: a reported value replaces
// the stored one exactly; an absent value leaves it; a value for a field with a command in flight
// is taken only when it equals the newest commanded value. An INTEGER column takes only a whole
// number within 32 bits: anything else is held back rather than rounded.
MirrorMerge merge_report(const SettingValues& stored,
                         const settings_common::TelemetryReport& report,
                         const CommandedValues& in_flight);

// The newest commanded value of each field over the payloads of a device's in-flight outbox
// rows, given oldest first.
CommandedValues newest_commands(const std::vector<std::string>& payloads_oldest_first);

// The Kafka handler of the API's consumer group: one telemetry record applied in one
// transaction on a connection of its own, reopened after a failure.
class SettingsMirror {
 public:
  SettingsMirror(std::string conninfo, core::metrics::Registry& registry);

  // Throws when the database fails; the consumer retries the record.
  void handle(std::string_view kafka_value);

 private:
  core::pg::Connection& connection();
  void apply(const settings_common::TelemetryReport& report);

  std::string conninfo_;
  std::unique_ptr<core::pg::Connection> conn_;
  prometheus::Family<prometheus::Counter>& records_;
  prometheus::Counter& updated_;
  prometheus::Counter& unchanged_;
  prometheus::Counter& skipped_;
};

}  // namespace settings_api
