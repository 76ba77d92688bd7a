#include "column_conversion.hpp"

#include <array>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <limits>

namespace sink {
namespace {

namespace json = boost::json;

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
  return "value";
}

// Shortest text that reads back as the same double ("2147483647.5", "1e+19"), which is also
// PostgreSQL's float8 input syntax.
std::string double_text(double number) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  return {buffer.data(), end};
}

// A scalar as the DLQ detail shows it.
std::string shown(const json::value& value) {
  if (value.is_double()) {
    return double_text(value.get_double());
  }
  return json::serialize(value);
}

// Numbers and booleans are short enough to quote; other kinds are named.
ConversionError expected(std::string_view what, const json::value& actual) {
  const auto got =
      actual.is_number() || actual.is_bool() ? shown(actual) : std::string(kind_name(actual));
  return {"expected " + std::string(what) + ", got " + got};
}

ColumnText integral(const json::value& value, ColumnType type) {
  if (!value.is_number()) {
    return expected("a number", value);
  }
  const auto rounded = round_to_int64(value);
  const bool fits = rounded && (type == ColumnType::bigint ||
                                (*rounded >= std::numeric_limits<std::int32_t>::min() &&
                                 *rounded <= std::numeric_limits<std::int32_t>::max()));
  if (!fits) {
    return ConversionError{shown(value) + " is outside the range of " +
                           (type == ColumnType::bigint ? "BIGINT" : "INTEGER")};
  }
  return std::to_string(*rounded);
}

ColumnText float8(const json::value& value) {
  if (value.is_int64()) {
    return std::to_string(value.get_int64());
  }
  if (value.is_uint64()) {
    return std::to_string(value.get_uint64());
  }
  if (!value.is_double()) {
    return expected("a number", value);
  }
  const double number = value.get_double();
  if (!std::isfinite(number)) {
    return ConversionError{"the number is outside the range of DOUBLE PRECISION"};
  }
  return double_text(number);
}

// A boolean, or the number 0 or 1 (kafka.md section 2, rule 5).
std::optional<bool> flag(const json::value& value) {
  if (value.is_bool()) {
    return value.get_bool();
  }
  if (value.is_number()) {
    const auto number = value.to_number<double>();
    if (number == 0.0 || number == 1.0) {
      return number == 1.0;
    }
  }
  return std::nullopt;
}

ColumnText text(const json::value& value) {
  if (!value.is_string()) {
    return expected("a string", value);
  }
  const auto& s = value.get_string();
  if (s.find('\0') != json::string::npos) {
    return ConversionError{"the string contains a NUL character, which TEXT cannot hold"};
  }
  return std::string(s);
}

}  // namespace

std::optional<std::int64_t> round_to_int64(const json::value& number) {
  switch (number.kind()) {
    case json::kind::int64:
      return number.get_int64();
    case json::kind::uint64:
      if (number.get_uint64() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
      }
      return static_cast<std::int64_t>(number.get_uint64());
    case json::kind::double_: {
      const double rounded = std::round(number.get_double());  // half away from zero
      // 2^63 is exact as a double, so every double in [-2^63, 2^63) converts without overflow.
      constexpr double kLimit = 9223372036854775808.0;
      if (!(rounded >= -kLimit && rounded < kLimit)) {
        return std::nullopt;
      }
      return static_cast<std::int64_t>(rounded);
    }
    default:
      return std::nullopt;
  }
}

ColumnText convert(const json::value& value, ColumnType type) {
  if (value.is_null()) {
    return std::optional<std::string>();
  }
  switch (type) {
    case ColumnType::integer:
    case ColumnType::bigint:
      return integral(value, type);
    case ColumnType::float8:
      return float8(value);
    case ColumnType::boolean: {
      const auto on = flag(value);
      if (!on) {
        return expected("a boolean or 0/1", value);
      }
      return std::string(*on ? "t" : "f");
    }
    case ColumnType::presence: {
      const auto on = flag(value);
      if (!on) {
        return expected("a boolean or 0/1", value);
      }
      return std::string(*on ? "1" : "0");
    }
    case ColumnType::text:
      return text(value);
    case ColumnType::timestamp:
      break;
  }
  return ConversionError{"timestamps are converted from ts only"};
}

}  // namespace sink
