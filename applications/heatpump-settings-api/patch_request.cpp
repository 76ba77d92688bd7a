#include "patch_request.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <string>

#include "core/http/error.hpp"

namespace settings_api {
namespace {

using core::http::Error;
using core::http::Status;
using settings_common::Command;
using settings_common::FieldSpec;

constexpr std::size_t kMaxDeviceIdLength = 128;

std::string_view media_type(std::string_view content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  return type;
}

[[noreturn]] void bad_request(const std::string& message) {
  throw Error(Status::bad_request, message);
}

std::int64_t checked_value(const FieldSpec& field, const boost::json::value& value) {
  const std::string name(field.name);
  const auto out_of_range = [&] {
    bad_request(name + " must be between " + std::to_string(field.min) + " and " +
                std::to_string(field.max));
  };
  std::int64_t number = 0;
  if (value.is_null()) {
    bad_request(name + " must not be null");
  } else if (value.is_int64()) {
    number = value.get_int64();
  } else if (value.is_uint64()) {
    out_of_range();  // beyond int64, so beyond every range
  } else if (value.is_double()) {
    const auto whole = settings_common::whole_number(value.get_double());
    if (!whole) {
      // A whole number too large for int64 is still a whole number, just out of range.
      if (std::isfinite(value.get_double()) &&
          std::trunc(value.get_double()) == value.get_double()) {
        out_of_range();
      }
      bad_request(name + " must be an integer");
    }
    number = *whole;
  } else {
    bad_request(name + " must be an integer");
  }
  if (number < field.min || number > field.max) {
    out_of_range();
  }
  return number;
}

}  // namespace

bool valid_device_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxDeviceIdLength) {
    return false;
  }
  return std::ranges::all_of(id, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == ':' || c == '-';
  });
}

std::vector<Command> parse_patch(std::string_view content_type, std::string_view body) {
  if (!boost::beast::iequals(media_type(content_type), "application/json")) {
    throw Error(Status::unsupported_media_type, "Content-Type must be application/json");
  }
  boost::system::error_code ec;
  const auto json = boost::json::parse(body, ec);
  const auto* object = ec ? nullptr : json.if_object();
  if (object == nullptr) {
    bad_request("invalid JSON body");
  }
  if (object->empty()) {
    bad_request("at least one setting is required");
  }
  std::vector<Command> commands;
  for (const auto& member : *object) {
    const auto* field = settings_common::find_field(member.key());
    if (field == nullptr) {
      bad_request("unknown field: " + std::string(member.key()));
    }
    const auto value = checked_value(*field, member.value());
    // A member sent twice counts once, with its last value, as JSON parsers commonly read it.
    std::erase_if(commands, [field](const Command& c) { return c.field == field; });
    commands.push_back({field, value});
  }
  std::sort(commands.begin(), commands.end(), [](const Command& a, const Command& b) {
    return a.field->register_number < b.field->register_number;
  });
  return commands;
}

void check_curve_limits(std::optional<std::int64_t> curve_min,
                        std::optional<std::int64_t> curve_max) {
  if (curve_min && curve_max && *curve_min > *curve_max) {
    bad_request("curve_min must not be greater than curve_max (curve_min " +
                std::to_string(*curve_min) + ", curve_max " + std::to_string(*curve_max) + ")");
  }
}

std::string payload_json(const std::vector<Command>& commands) {
  boost::json::object payload;
  for (const auto& command : commands) {
    payload[command.field->name] = command.value;
  }
  return boost::json::serialize(payload);
}

}  // namespace settings_api
