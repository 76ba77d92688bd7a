#include "row_mapping.hpp"

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <chrono>
#include <cstdio>

#include "column_conversion.hpp"

namespace sink {
namespace {

namespace json = boost::json;

Rejection invalid(std::string detail, std::optional<std::string> device_id = std::nullopt) {
  return {RejectReason::invalid_record, std::move(detail), std::move(device_id)};
}

std::string source_name(const Column& column) {
  if (column.section == Section::ts) {
    return "ts";
  }
  return std::string(column.section == Section::tags ? "tags." : "fields.") +
         std::string(column.member);
}

// The envelope's object member `name`: nullptr when absent or null.
std::variant<const json::object*, Rejection> section(const json::object& root,
                                                     std::string_view name,
                                                     const std::string& device_id) {
  const auto* member = root.if_contains(name);
  if (member == nullptr || member->is_null()) {
    return static_cast<const json::object*>(nullptr);
  }
  if (!member->is_object()) {
    return invalid(std::string(name) + " is not an object", device_id);
  }
  return &member->get_object();
}

}  // namespace

std::string_view reason_code(RejectReason reason) {
  return reason == RejectReason::invalid_record ? "invalid_record" : "constraint_violation";
}

std::optional<std::string> timestamptz_text(core::time::TimePoint instant) {
  using namespace std::chrono;
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  if (date.year() < year{1} || date.year() > year{9999}) {
    return std::nullopt;
  }
  const hh_mm_ss time{instant - day};
  std::array<char, 40> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u %02d:%02d:%02d.%06ld+00",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<long>(time.subseconds().count()));
  return std::string(buffer.data());
}

MappedRecord RowMapper::map(std::string_view value) {
  // The parsed value lives only during this call, so one arena replaces per-node allocations.
  std::array<unsigned char, 8192> arena{};
  json::monotonic_resource resource(arena.data(), arena.size());
  parser_.reset(&resource);
  json::error_code ec;
  parser_.write(value.data(), value.size(), ec);
  if (ec) {
    return invalid("the value is not JSON: " + ec.message());
  }
  const json::value root = parser_.release();
  if (!root.is_object()) {
    return invalid("the value is not a JSON object");
  }
  const auto& object = root.get_object();

  const auto* device = object.if_contains("device_id");
  if (device == nullptr || !device->is_string() || device->get_string().empty()) {
    return invalid(device == nullptr ? "device_id is missing"
                                     : "device_id is not a non-empty string");
  }
  std::string device_id(device->get_string());

  const auto* ts = object.if_contains("ts");
  if (ts == nullptr || !ts->is_string()) {
    return invalid(ts == nullptr ? "ts is missing" : "ts is not a string", device_id);
  }
  const auto instant = core::time::parse_rfc3339(ts->get_string());
  if (!instant) {
    return invalid("ts '" + std::string(ts->get_string()) + "' is not an RFC 3339 date-time",
                   device_id);
  }
  auto time = timestamptz_text(*instant);
  if (!time) {
    return invalid("ts '" + std::string(ts->get_string()) + "' is outside the years 0001-9999",
                   device_id);
  }

  const auto fields = section(object, "fields", device_id);
  if (const auto* rejected = std::get_if<Rejection>(&fields)) {
    return *rejected;
  }
  if (std::get<const json::object*>(fields) == nullptr) {
    return invalid("fields is missing", device_id);
  }
  const auto tags = section(object, "tags", device_id);
  if (const auto* rejected = std::get_if<Rejection>(&tags)) {
    return *rejected;
  }

  if (!table_.stored_when_member.empty()) {
    const auto* member = object.if_contains(table_.stored_when_member);
    if (member == nullptr || !member->is_string() ||
        member->get_string() != table_.stored_when_value) {
      return Skipped{};
    }
  }

  const std::array<const json::object*, 2> sections = {std::get<const json::object*>(tags),
                                                       std::get<const json::object*>(fields)};
  Row row{device_id, {}};
  row.values.reserve(table_.columns.size());
  static const json::value null_value;
  for (const auto& column : table_.columns) {
    if (column.section == Section::ts) {
      row.values.emplace_back(*time);
      continue;
    }
    const auto* object_of_section = sections[column.section == Section::tags ? 0 : 1];
    const json::value* source =
        object_of_section == nullptr ? nullptr : object_of_section->if_contains(column.member);
    auto converted = convert(source == nullptr ? null_value : *source, column.type);
    if (const auto* error = std::get_if<ConversionError>(&converted)) {
      return Rejection{
          RejectReason::constraint_violation,
          source_name(column) + ": " + error->detail + " (column " + std::string(column.name) + ")",
          device_id};
    }
    auto& text = std::get<std::optional<std::string>>(converted);
    if (!text && column.not_null) {
      return Rejection{RejectReason::constraint_violation,
                       source_name(column) + " is " + (source == nullptr ? "absent" : "null") +
                           ", but column " + std::string(column.name) + " is NOT NULL",
                       device_id};
    }
    row.values.push_back(std::move(text));
  }
  return row;
}

}  // namespace sink
