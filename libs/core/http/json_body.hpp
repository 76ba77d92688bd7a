#pragma once

#include <boost/json/value.hpp>

#include "core/http/request.hpp"

namespace core::http {

// The request body as JSON. Throws Error: 415 unless the Content-Type is application/json
// (parameters such as charset are accepted), 400 when the body is not well-formed JSON.
boost::json::value read_json(const Request& request);

}  // namespace core::http
