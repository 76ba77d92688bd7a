#include "json_source.hpp"

#include <algorithm>
#include <cctype>

namespace bridge {
namespace json = boost::json;

namespace {

bool is_zero_or_one(const json::value& value) {
  if (value.is_int64()) {
    return value.get_int64() == 0 || value.get_int64() == 1;
  }
  if (value.is_uint64()) {
    return value.get_uint64() <= 1;
  }
  return false;
}

MappingFailure missing(std::string_view path) {
  return {DeadLetterReason::missing_required, display_path(path)};
}

}  // namespace

std::string_view kind_name(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "unknown";
}

std::string display_name(std::string_view member) {
  const bool plain = !member.empty() && std::all_of(member.begin(), member.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
  return plain ? std::string(member) : '"' + std::string(member) + '"';
}

std::string display_path(std::string_view path) {
  std::string out;
  for (std::size_t start = 0; start <= path.size();) {
    const auto end = std::min(path.find('.', start), path.size());
    if (!out.empty()) {
      out += '.';
    }
    out += display_name(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

MappingFailure type_mismatch(std::string_view path, std::string_view expected,
                             const json::value& actual) {
  return {DeadLetterReason::type_mismatch, display_path(path) + ": expected " +
                                               std::string(expected) + ", got " +
                                               std::string(kind_name(actual))};
}

const json::value* JsonSource::find(std::string_view path) const {
  const json::object* parent = root_;
  std::size_t start = 0;
  while (true) {
    const auto end = path.find('.', start);
    const auto* value = parent->if_contains(path.substr(start, end - start));
    if (value == nullptr || value->is_null()) {
      return nullptr;
    }
    if (end == std::string_view::npos) {
      return value;
    }
    if (!value->is_object()) {
      throw type_mismatch(path.substr(0, end), "an object", *value);
    }
    parent = &value->get_object();
    start = end + 1;
  }
}

json::value JsonSource::number(std::string_view path) const {
  const auto* value = find(path);
  if (value == nullptr) {
    return nullptr;
  }
  if (!value->is_number()) {
    throw type_mismatch(path, "a number", *value);
  }
  return *value;
}

json::value JsonSource::flag(std::string_view path) const {
  const auto* value = find(path);
  if (value == nullptr) {
    return nullptr;
  }
  if (!value->is_bool() && !is_zero_or_one(*value)) {
    throw type_mismatch(path, "a boolean or 0/1", *value);
  }
  return *value;
}

json::value JsonSource::string_or_null(std::string_view path) const {
  const auto* value = find(path);
  if (value == nullptr) {
    return nullptr;
  }
  if (!value->is_string()) {
    throw type_mismatch(path, "a string", *value);
  }
  return *value;
}

std::string JsonSource::string_or(std::string_view path, std::string_view fallback) const {
  const auto value = string_or_null(path);
  return value.is_null() ? std::string(fallback) : std::string(value.get_string());
}

json::object JsonSource::fields(std::span<const FieldSource> table) const {
  json::object out(storage());
  out.reserve(table.size());
  for (const auto& row : table) {
    switch (row.type) {
      case FieldSource::Type::number:
        out.emplace(row.field, row.required ? required_number(row.path) : number(row.path));
        break;
      case FieldSource::Type::flag:
        out.emplace(row.field, flag(row.path));
        break;
      case FieldSource::Type::always_null:
        out.emplace(row.field, nullptr);
        break;
    }
  }
  return out;
}

const json::value& JsonSource::required(std::string_view path) const {
  const auto* value = find(path);
  if (value == nullptr) {
    throw missing(path);
  }
  return *value;
}

json::value JsonSource::required_number(std::string_view path) const {
  const auto& value = required(path);
  if (!value.is_number()) {
    throw type_mismatch(path, "a number", value);
  }
  return value;
}

std::string JsonSource::required_string(std::string_view path) const {
  const auto& value = required(path);
  if (!value.is_string()) {
    throw type_mismatch(path, "a string", value);
  }
  return std::string(value.get_string());
}

std::string JsonSource::device_id(std::string_view path) const {
  auto id = required_string(path);
  if (id.empty()) {
    throw MappingFailure(DeadLetterReason::missing_required, display_path(path) + " is empty");
  }
  return id;
}

}  // namespace bridge
