#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace device_sim {

// The registers the write protocol may set (contracts/mqtt.md sections 6 and 7).
inline constexpr int kFirstSettableRegister = 50;
inline constexpr int kLastSettableRegister = 58;

struct RegisterRange {
  std::int64_t min;
  std::int64_t max;
};
// The accepted range of a settable register, or nullopt for any other register number.
std::optional<RegisterRange> settable_range(int register_number);

struct WriteCommand {
  int register_number = 0;
  std::int64_t value = 0;
};

struct ParsedCommand {
  std::optional<WriteCommand> command;
  std::string problem;  // why there is no command, for the log
};

// Reads one thermiq_heatpump/write payload: a JSON object with exactly one member "dNN" naming a
// settable register, whose value is a JSON integer (no fraction, not a string or boolean) within
// the register's range.
ParsedCommand parse_write_command(std::string_view payload);

}  // namespace device_sim
