#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "core/http/response.hpp"

namespace homelab_api {

// JSON text of a value, like boost::json::serialize except for floating-point numbers: Boost.JSON
// 1.81 always writes them in exponent form (0.412 becomes 4.12E-1, 21.3 becomes 2.13E1), which is
// valid but hard to read in a terminal. Here they are written in the shortest form that reads
// back exactly (std::to_chars), so 0.412 stays 0.412 and -3.0 becomes -3. NaN and infinities,
// which JSON cannot express, become null.
std::string json_text(const boost::json::value& value);

// 200 (or `status`) with the JSON text and the platform's JSON media type.
core::http::Response json_response(const boost::json::value& body,
                                   core::http::Status status = core::http::Status::ok);

}  // namespace homelab_api
