#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "settings_common/fields.hpp"

namespace settings_common {

// The settings registers of one homelab-heatpump-telemetry record (kafka.md section 3.3:
// fields.indoor_target_temp .. fields.heatstop are d50..d58, copied unchanged from the device).
struct TelemetryReport {
  std::string device_id;
  // Per field, in the order of fields(): the reported number, nullopt when the member is absent,
  // null, or not a number.
  std::array<std::optional<double>, kFieldCount> values;
  // Members that were present but not numbers, for the log ("mode is \"1\"").
  std::vector<std::string> problems;

  const std::optional<double>& value(const FieldSpec& field) const;
};

// The report in a Kafka value, or nullopt for a record both consumers skip (settings-api.md
// section 5): not a JSON object, no non-empty string device_id, or no fields object.
std::optional<TelemetryReport> parse_report(std::string_view kafka_value);

}  // namespace settings_common
