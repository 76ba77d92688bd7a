#include "mapper.hpp"

#include <array>
#include <cmath>
#include <optional>

#include "measurement_time.hpp"

namespace bridge {
namespace json = boost::json;

namespace {

// Puts a member name or [index] in front of a path built from the inside out.
void prepend(std::string& path, const std::string& segment) {
  path.insert(0, !path.empty() && path.front() != '[' ? segment + "." : segment);
}

// Boost.JSON 1.81 parses a number beyond the double range (1e400) as infinity and would write it
// back as the token Infinity, which is not JSON. True when `value` holds such a number, whose path
// is then left in `path` (built only then). The parser's depth limit (32) bounds the recursion.
bool find_non_finite(const json::value& value, std::string& path) {
  if (const auto* object = value.if_object()) {
    for (const auto& member : *object) {
      if (find_non_finite(member.value(), path)) {
        prepend(path, display_name(member.key()));
        return true;
      }
    }
    return false;
  }
  if (const auto* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (find_non_finite((*array)[i], path)) {
        prepend(path, "[" + std::to_string(i) + "]");
        return true;
      }
    }
    return false;
  }
  return value.is_double() && !std::isfinite(value.get_double());
}

// Boost.JSON rejects invalid UTF-8 by default (parse_options::allow_invalid_utf8), so a payload
// with bad bytes is invalid_json like any other syntax error.
json::object parse_object(std::string_view payload, const json::storage_ptr& storage) {
  json::parser parser(storage);
  parser.reset(storage);
  boost::system::error_code ec;
  const auto consumed = parser.write(payload.data(), payload.size(), ec);
  if (ec) {
    throw MappingFailure(DeadLetterReason::invalid_json,
                         ec.message() + " at byte " + std::to_string(consumed));
  }
  auto value = parser.release();
  if (std::string path; find_non_finite(value, path)) {
    throw MappingFailure(DeadLetterReason::invalid_json, path + ": number out of range");
  }
  if (!value.is_object()) {
    throw MappingFailure(DeadLetterReason::not_an_object,
                         "payload is a JSON " + std::string(kind_name(value)));
  }
  return std::move(value.get_object());
}

// kafka.md section 2, rule 2: the envelope members follow the device members and replace any
// device member of the same name. stable_erase keeps the order of the remaining members.
void add_envelope(json::object& value, core::time::TimePoint ts, const std::string& device_id,
                  DeviceReading reading) {
  constexpr std::array envelope_members = {"ts", "device_id", "tags", "fields"};
  for (const auto* name : envelope_members) {
    value.stable_erase(name);
  }
  value.emplace("ts", core::time::format_rfc3339_ms(ts));
  value.emplace("device_id", device_id);
  value.emplace("tags", std::move(reading.tags));
  value.emplace("fields", std::move(reading.fields));
}

}  // namespace

MappingResult Mapper::map(const MqttMessage& message, const json::storage_ptr& storage) const {
  std::optional<std::string> key;
  try {
    check_topic(message.topic);
    auto root = parse_object(message.payload, storage);
    const JsonSource source(root);
    key = device_id(source);
    auto reading = read(message, source, *key);
    const auto ts = measurement_time(reading.device_time, message.received);
    add_envelope(root, ts, *key, std::move(reading));
    return MappedRecord{std::move(*key), std::move(root)};
  } catch (const MappingFailure& failure) {
    return DeadLetter{failure.reason(), failure.what(), std::move(key)};
  }
}

}  // namespace bridge
