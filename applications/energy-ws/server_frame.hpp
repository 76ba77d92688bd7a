#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "stream.hpp"

namespace energy_ws {

// The text of the frames the server sends (contracts/energy-ws.md section 4). Timestamps are
// RFC 3339 UTC with milliseconds and Z.
using Clock = std::chrono::system_clock;

// {"type":"data","stream":...,"timestamp":...,"data":<value>}. `value` is a Kafka value already
// known to be a JSON object; it is copied verbatim, not re-serialised.
std::string data_frame(Stream stream, std::string_view value, Clock::time_point sent);
std::string streams_frame(std::string_view type, const std::vector<Stream>& streams);
std::string pong_frame(Clock::time_point sent);
std::string error_frame(std::string_view code, std::string_view message);

}  // namespace energy_ws
