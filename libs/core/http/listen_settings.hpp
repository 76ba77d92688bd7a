#pragma once

#include <cstdint>
#include <string>

#include "core/config/reader.hpp"

namespace core::http {

// Reads where a service listens: `listen` (LISTEN, "host:port" or "[v6]:port", default
// "0.0.0.0:8080"), then http.address and http.port (HTTP_ADDRESS, HTTP_PORT), which override
// its parts. A malformed value or an address that is not an IP address is a problem recorded
// in `reader`.
void read_listen(config::Reader& reader, std::string& address, std::uint16_t& port);

}  // namespace core::http
