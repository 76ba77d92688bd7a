#include "command_listener.hpp"

#include <spdlog/spdlog.h>

#include "thermiq_command.hpp"

namespace device_sim {
namespace {

// Enough of a payload to recognise it in the log; an invalid one may be of any size.
std::string_view excerpt(std::string_view payload) {
  return payload.substr(0, 200);
}

}  // namespace

void CommandListener::on_message(const core::mqtt::Message& message) {
  if (ignore_) {
    spdlog::info("thermiq: ignoring command {} (--ignore-commands)", excerpt(message.payload));
    ignored_.Increment();
    return;
  }
  const auto parsed = parse_write_command(message.payload);
  if (!parsed.command) {
    spdlog::warn("thermiq: ignoring invalid command {}: {}", excerpt(message.payload),
                 parsed.problem);
    invalid_.Increment();
    return;
  }
  spdlog::info("thermiq: command d{} = {}", parsed.command->register_number, parsed.command->value);
  applied_.Increment();
  events_.push(*parsed.command);
}

}  // namespace device_sim
