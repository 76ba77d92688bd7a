#pragma once

#include <chrono>
#include <string>

namespace sink {

// The operator's libpq connection string (keyword/value or URI) in keyword/value form, with
// defaults for what the sink relies on wherever the string does not set them: connect_timeout,
// so that reconnecting to a server that drops packets cannot hang; TCP keepalives, so that a
// vanished server is noticed within a minute instead of hours; and application_name.
// Throws std::invalid_argument when libpq cannot parse the string.
std::string sink_conninfo(const std::string& conninfo, std::chrono::seconds connect_timeout);

}  // namespace sink
