#pragma once

#include <optional>
#include <string_view>

#include "core/http/request.hpp"
#include "core/time/rfc3339.hpp"

namespace homelab_api {

// The half-open range [from, to) of the history and summary endpoints.
struct TimeRange {
  core::time::TimePoint from;
  core::time::TimePoint to;
};

// A `from` or `to` value: RFC 3339 with 'Z' or a numeric offset. A value that ends in a space
// followed by HH:MM had its '+' turned into a space by form decoding somewhere on the way (a
// client, a proxy), so that space is read as '+' (homelab-api.md section 1).
std::optional<core::time::TimePoint> parse_time_parameter(std::string_view value);

// `from` (required) and `to` (default `now`) of a request. Throws core::http::Error 400:
//   missing 'from': expected RFC 3339 date-time
//   invalid 'from': expected RFC 3339 date-time   (likewise 'to')
//   'from' must be earlier than 'to'
TimeRange parse_time_range(const core::http::Request& request, core::time::TimePoint now);

}  // namespace homelab_api
