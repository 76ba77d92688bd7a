#include "thermiq_command.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

namespace device_sim {
namespace {

constexpr std::array<RegisterRange, kLastSettableRegister - kFirstSettableRegister + 1> kRanges{{
    {15, 30},  // d50 indoor target temperature
    {0, 3},    // d51 mode
    {0, 200},  // d52 curve
    {0, 200},  // d53 curve minimum
    {0, 200},  // d54 curve maximum
    {-5, 5},   // d55 curve offset at +5 C
    {-5, 5},   // d56 curve offset at 0 C
    {-5, 5},   // d57 curve offset at -5 C
    {0, 200},  // d58 heat stop
}};

// "d50" -> 50; nullopt unless "d" and a decimal number without leading zeros.
std::optional<int> register_number(std::string_view key) {
  if (key.size() < 2 || key.front() != 'd' || (key.size() > 2 && key[1] == '0')) {
    return std::nullopt;
  }
  int number = 0;
  const auto digits = key.substr(1);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc{} || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return number;
}

ParsedCommand problem(std::string text) {
  return {std::nullopt, std::move(text)};
}

}  // namespace

std::optional<RegisterRange> settable_range(int register_number) {
  if (register_number < kFirstSettableRegister || register_number > kLastSettableRegister) {
    return std::nullopt;
  }
  return kRanges[static_cast<std::size_t>(register_number - kFirstSettableRegister)];
}

ParsedCommand parse_write_command(std::string_view payload) {
  boost::system::error_code error;
  const auto json = boost::json::parse(payload, error);
  if (error) {
    return problem("not JSON: " + error.message());
  }
  const auto* object = json.if_object();
  if (object == nullptr) {
    return problem("not a JSON object");
  }
  if (object->size() != 1) {
    return problem("has " + std::to_string(object->size()) + " members instead of exactly one");
  }
  const auto& [key, value] = *object->begin();
  const auto number = register_number(key);
  if (!number) {
    return problem("member '" + std::string(key) + "' does not name a register (dNN)");
  }
  const auto range = settable_range(*number);
  if (!range) {
    return problem("register " + std::string(key) + " is not settable (d50..d58 are)");
  }
  std::int64_t integer = 0;
  if (value.is_int64()) {
    integer = value.get_int64();
  } else if (value.is_uint64()) {
    return problem(std::string(key) + " = " + std::to_string(value.get_uint64()) +
                   " is out of range");
  } else {
    return problem(std::string(key) + " must be a JSON integer, got " +
                   boost::json::serialize(value));
  }
  if (integer < range->min || integer > range->max) {
    return problem(std::string(key) + " = " + std::to_string(integer) + " is outside " +
                   std::to_string(range->min) + ".." + std::to_string(range->max));
  }
  return {WriteCommand{*number, integer}, {}};
}

}  // namespace device_sim
