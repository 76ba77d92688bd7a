#include "settings_common/fields.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <stdexcept>

namespace settings_common {

const std::array<FieldSpec, kFieldCount>& fields() {
  static constexpr std::array<FieldSpec, kFieldCount> kFields{{
      {"indoor_target_temp", 50, 15, 30, true},
      {"mode", 51, 0, 3, false},
      {"curve", 52, 0, 200, false},
      {"curve_min", 53, 0, 200, false},
      {"curve_max", 54, 0, 200, false},
      {"curve_plus_5", 55, -5, 5, false},
      {"curve_zero", 56, -5, 5, false},
      {"curve_minus_5", 57, -5, 5, false},
      {"heatstop", 58, 0, 200, false},
  }};
  return kFields;
}

const FieldSpec* find_field(std::string_view name) {
  for (const auto& field : fields()) {
    if (field.name == name) {
      return &field;
    }
  }
  return nullptr;
}

std::optional<std::int64_t> whole_number(double value) {
  // 2^63 is exactly representable; every double below it in magnitude with no fraction fits.
  constexpr double kLimit = 9223372036854775808.0;
  if (!std::isfinite(value) || std::trunc(value) != value || value >= kLimit || value < -kLimit) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(value);
}

std::vector<Command> parse_payload(std::string_view json_text) {
  boost::system::error_code ec;
  const auto json = boost::json::parse(json_text, ec);
  const auto* object = ec ? nullptr : json.if_object();
  if (object == nullptr) {
    throw std::invalid_argument("outbox payload is not a JSON object");
  }
  std::vector<Command> commands;
  for (const auto& member : *object) {
    const auto* field = find_field(member.key());
    if (field == nullptr) {
      throw std::invalid_argument("outbox payload has the unknown member '" +
                                  std::string(member.key()) + "'");
    }
    std::optional<std::int64_t> value;
    if (member.value().is_int64()) {
      value = member.value().get_int64();
    } else if (member.value().is_double()) {
      value = whole_number(member.value().get_double());
    }
    if (!value) {
      throw std::invalid_argument(
          "outbox payload member " + std::string(field->name) +
          " is not a whole number: " + boost::json::serialize(member.value()));
    }
    commands.push_back({field, *value});
  }
  std::sort(commands.begin(), commands.end(), [](const Command& a, const Command& b) {
    return a.field->register_number < b.field->register_number;
  });
  return commands;
}

std::string write_message(const Command& command) {
  return "{\"" + command.field->register_name() + "\":" + std::to_string(command.value) + "}";
}

}  // namespace settings_common
