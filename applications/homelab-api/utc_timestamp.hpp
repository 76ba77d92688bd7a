#pragma once

#include <cstdint>
#include <string>

#include "core/time/rfc3339.hpp"

namespace homelab_api {

// RFC 3339 in UTC with 'Z' as the contract writes instants (homelab-api.md section 1): no
// fraction when it is zero, three digits for whole milliseconds, six otherwise.
// "2026-01-16T21:00:00Z", "2026-01-16T21:10:09.123Z", "2026-01-16T21:10:09.123456Z".
std::string format_utc(core::time::TimePoint t);

// The same text appended to `out`, without a string of its own (response rows).
void append_utc(std::string& out, core::time::TimePoint t);

// The SQL of this service returns instants as microseconds since the Unix epoch, which is exact
// and needs no parsing of PostgreSQL's text output.
core::time::TimePoint from_unix_micros(std::int64_t micros);

}  // namespace homelab_api
