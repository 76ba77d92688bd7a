#include "outbox_rules.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

namespace outbox {
namespace {

using settings_common::fields;

std::size_t index_of(const settings_common::FieldSpec* field) {
  return static_cast<std::size_t>(field - fields().data());
}

std::string number_text(double value) {
  if (const auto whole = settings_common::whole_number(value)) {
    return std::to_string(*whole);
  }
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return {buffer.data(), end};
}

}  // namespace

bool reports_commanded_values(const std::vector<Command>& commands, const Reported& reported) {
  return std::all_of(commands.begin(), commands.end(), [&reported](const Command& command) {
    const auto& value = reported[index_of(command.field)];
    return value && settings_common::whole_number(*value) == command.value;
  });
}

bool covers(const std::vector<Command>& newer, const std::vector<Command>& older) {
  return std::all_of(older.begin(), older.end(), [&newer](const Command& old) {
    return std::any_of(newer.begin(), newer.end(),
                       [&old](const Command& c) { return c.field == old.field; });
  });
}

Reported reported_from_json(std::string_view json_text) {
  Reported reported;
  boost::system::error_code ec;
  const auto json = boost::json::parse(json_text, ec);
  const auto* object = ec ? nullptr : json.if_object();
  if (object == nullptr) {
    return reported;
  }
  for (std::size_t i = 0; i < settings_common::kFieldCount; ++i) {
    const auto* value = object->if_contains(fields()[i].name);
    if (value != nullptr && value->is_number()) {
      reported[i] = value->to_number<double>();
    }
  }
  return reported;
}

std::string reported_json(const settings_common::TelemetryReport& report) {
  boost::json::object object;
  for (std::size_t i = 0; i < settings_common::kFieldCount; ++i) {
    if (const auto& value = report.values[i]) {
      if (const auto whole = settings_common::whole_number(*value)) {
        object[fields()[i].name] = *whole;
      } else {
        object[fields()[i].name] = *value;
      }
    }
  }
  return boost::json::serialize(object);
}

std::string seconds_text(std::chrono::milliseconds duration) {
  const auto count = duration.count();
  if (count % 1000 == 0) {
    return std::to_string(count / 1000) + " s";
  }
  return number_text(static_cast<double>(count) / 1000.0) + " s";
}

std::string timeout_reason(std::chrono::milliseconds confirm_timeout,
                           const std::vector<Command>& commands,
                           const std::optional<Reported>& reported_since_publish) {
  auto reason = "not confirmed within " + seconds_text(confirm_timeout) + "; ";
  if (!reported_since_publish) {
    return reason + "no telemetry received";
  }
  std::string differing;
  for (const auto& command : commands) {
    const auto& value = (*reported_since_publish)[index_of(command.field)];
    std::string item;
    if (!value) {
      item = command.field->register_name() + " not reported";
    } else if (settings_common::whole_number(*value) != command.value) {
      item = command.field->register_name() + "=" + number_text(*value);
    }
    if (!item.empty()) {
      differing += (differing.empty() ? "" : ", ") + item;
    }
  }
  if (differing.empty()) {
    // The matching report arrived but was not processed before the deadline.
    return reason + "device reports the commanded values";
  }
  return reason + "device reports " + differing;
}

}  // namespace outbox
