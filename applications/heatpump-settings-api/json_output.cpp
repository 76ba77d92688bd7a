#include "json_output.hpp"

#include <array>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <cmath>
#include <ctime>

namespace settings_api {
namespace {

void write(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        out += first ? "" : ",";
        first = false;
        out += boost::json::serialize(boost::json::string(member.key()));
        out += ':';
        write(member.value(), out);
      }
      out += '}';
      break;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value.get_array()) {
        out += first ? "" : ",";
        first = false;
        write(element, out);
      }
      out += ']';
      break;
    }
    case boost::json::kind::double_: {
      const double number = value.get_double();
      if (!std::isfinite(number)) {
        out += "null";
        break;
      }
      std::array<char, 32> buffer{};
      const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
      const std::string_view text(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
      out += text;
      // A float stays a float for the client: 21.0, not 21.
      if (text.find_first_of(".e") == std::string_view::npos) {
        out += ".0";
      }
      break;
    }
    default:
      out += boost::json::serialize(value);
  }
}

}  // namespace

std::string json_text(const boost::json::value& value) {
  std::string out;
  write(value, out);
  return out;
}

core::http::Response json_response(const boost::json::value& body, core::http::Status status) {
  return core::http::text(status, json_text(body), core::http::kJsonContentType);
}

std::string format_utc(std::int64_t unix_micros) {
  auto seconds = unix_micros / 1'000'000;
  auto micros = unix_micros % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    --seconds;
  }
  const auto t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::array<char, 32> base{};
  const auto length = std::strftime(base.data(), base.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::string out(base.data(), length);
  if (micros != 0) {
    std::array<char, 8> fraction{};
    if (micros % 1000 == 0) {
      std::snprintf(fraction.data(), fraction.size(), ".%03d", static_cast<int>(micros / 1000));
    } else {
      std::snprintf(fraction.data(), fraction.size(), ".%06d", static_cast<int>(micros));
    }
    out += fraction.data();
  }
  return out + "Z";
}

boost::json::value RowReader::timestamp() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  return boost::json::string(format_utc(result_.integer(row_, column)));
}

boost::json::value RowReader::integer() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  return result_.integer(row_, column);
}

boost::json::value RowReader::number() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  const auto value = result_.number(row_, column);
  if (!std::isfinite(value)) {
    return nullptr;
  }
  return value;
}

boost::json::value RowReader::text() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  return boost::json::string(result_.text(row_, column));
}

}  // namespace settings_api
