#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace settings_common {

// One settable heat pump register (contracts/mqtt.md sections 6 and 7, settings-api.md section
// 3): its name in the API, the settings column and the outbox payload, its ThermIQ register, and
// the accepted range. Every settable register holds a whole number.
struct FieldSpec {
  std::string_view name;  // "indoor_target_temp"
  int register_number;    // 50
  std::int64_t min;
  std::int64_t max;
  // The settings column is DOUBLE PRECISION (only indoor_target_temp, which the device may report
  // with a fraction); the others are INTEGER.
  bool double_column;

  // "d50"
  std::string register_name() const { return "d" + std::to_string(register_number); }
};

inline constexpr std::size_t kFieldCount = 9;

// The nine settings in register order, d50..d58: the order of the settings columns, of the
// messages of one command, and of every listing.
const std::array<FieldSpec, kFieldCount>& fields();

// The field of this name, or nullptr.
const FieldSpec* find_field(std::string_view name);

// One member of an outbox payload: a field and its commanded whole-number value.
struct Command {
  const FieldSpec* field;
  std::int64_t value;

  bool operator==(const Command&) const = default;
};

// The members of an outbox payload (the validated PATCH body, a JSON object of known fields with
// integer values), in register order. Throws std::invalid_argument for anything else, which only
// a row not written by the settings API can contain.
std::vector<Command> parse_payload(std::string_view json_text);

// {"d50":21}: the MQTT message of one command member (mqtt.md section 7).
std::string write_message(const Command& command);

// The JSON number as a whole number when it is one exactly: an integer, or a double with no
// fraction inside the int64 range (21.0). nullopt for fractions, non-numbers and values beyond
// int64.
std::optional<std::int64_t> whole_number(double value);

}  // namespace settings_common
