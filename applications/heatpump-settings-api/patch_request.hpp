#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "settings_common/fields.hpp"

namespace settings_api {

// The largest PATCH body (settings-api.md section 3); the server answers 413 above it.
inline constexpr std::uint64_t kBodyLimit = std::uint64_t{16} * 1024;

// A device id of the paths: 1..128 characters of [A-Za-z0-9_.:-] (settings-api.md section 2).
bool valid_device_id(std::string_view id);

// Reads a PATCH request (settings-api.md section 3) and returns its members in register order,
// or throws core::http::Error with the contract's status and message: 415 unless the Content-Type
// is application/json (parameters allowed), 400 for invalid JSON or not an object, an empty
// object, an unknown member, a null, a value that is not a whole number (21.0 is one, 21.5 is
// not: never rounded) or one outside its range. The first problem in member order is reported.
std::vector<settings_common::Command> parse_patch(std::string_view content_type,
                                                  std::string_view body);

// The cross-field rule, on the row as it would be after the patch: throws 400 when both limits
// are known and curve_min > curve_max.
void check_curve_limits(std::optional<std::int64_t> curve_min,
                        std::optional<std::int64_t> curve_max);

// {"indoor_target_temp":21,"mode":1}: the outbox payload, exactly the validated members.
std::string payload_json(const std::vector<settings_common::Command>& commands);

}  // namespace settings_api
