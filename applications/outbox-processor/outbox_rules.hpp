#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "settings_common/fields.hpp"
#include "settings_common/telemetry_report.hpp"

namespace outbox {

using settings_common::Command;
using Reported = std::array<std::optional<double>, settings_common::kFieldCount>;

// settings-api.md section 4.3, the published -> confirmed rule: the report holds, for every
// member of the command, a value equal to the commanded whole number.
bool reports_commanded_values(const std::vector<Command>& commands, const Reported& reported);

// The superseded rule: a newer command whose payload contains every member of an older one
// replaces it.
bool covers(const std::vector<Command>& newer, const std::vector<Command>& older);

// The reported values of a device_reports.reported document ({"indoor_target_temp": 20, ...}).
Reported reported_from_json(std::string_view json_text);
// The same document for a telemetry report: its non-null settings numbers by field name.
std::string reported_json(const settings_common::TelemetryReport& report);

// The error_message of a published row that timed out: "not confirmed within 120 s; device
// reports d50=20, d51 not reported" listing the commanded registers whose reported value differs,
// or "...; no telemetry received" when the device reported nothing since the publish.
std::string timeout_reason(std::chrono::milliseconds confirm_timeout,
                           const std::vector<Command>& commands,
                           const std::optional<Reported>& reported_since_publish);

// "120 s", "0.5 s"
std::string seconds_text(std::chrono::milliseconds duration);

}  // namespace outbox
