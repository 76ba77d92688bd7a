#include "time_range.hpp"

#include <string>

#include "core/http/error.hpp"

namespace homelab_api {
namespace {

using core::http::Error;
using core::http::Status;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// " HH:MM" at the end of the value.
bool ends_in_spaced_offset(std::string_view value) {
  constexpr std::size_t kLength = 6;
  if (value.size() <= kLength) {
    return false;
  }
  const auto tail = value.substr(value.size() - kLength);
  return tail[0] == ' ' && is_digit(tail[1]) && is_digit(tail[2]) && tail[3] == ':' &&
         is_digit(tail[4]) && is_digit(tail[5]);
}

Error invalid(std::string_view name) {
  return {Status::bad_request, "invalid '" + std::string(name) + "': expected RFC 3339 date-time"};
}

core::time::TimePoint required_time(const core::http::Request& request, std::string_view name) {
  const auto value = request.query_param(name);
  if (!value) {
    throw Error(Status::bad_request,
                "missing '" + std::string(name) + "': expected RFC 3339 date-time");
  }
  const auto parsed = parse_time_parameter(*value);
  if (!parsed) {
    throw invalid(name);
  }
  return *parsed;
}

}  // namespace

std::optional<core::time::TimePoint> parse_time_parameter(std::string_view value) {
  if (!ends_in_spaced_offset(value)) {
    return core::time::parse_rfc3339(value);
  }
  std::string restored(value);
  restored[restored.size() - 6] = '+';
  return core::time::parse_rfc3339(restored);
}

TimeRange parse_time_range(const core::http::Request& request, core::time::TimePoint now) {
  TimeRange range{required_time(request, "from"), now};
  if (request.query_param("to")) {
    range.to = required_time(request, "to");
  }
  if (range.from >= range.to) {
    throw Error(Status::bad_request, "'from' must be earlier than 'to'");
  }
  return range;
}

}  // namespace homelab_api
