#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace core::http {

using Status = boost::beast::http::status;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// The media type of every JSON response (contracts/homelab-api.md section 1).
inline constexpr std::string_view kJsonContentType = "application/json; charset=utf-8";

Response json(Status status, const boost::json::value& body);
// {"error": "<message>"}: the shape of every error response of the platform.
Response error(Status status, std::string_view message);
Response text(Status status, std::string body,
              std::string_view content_type = "text/plain; charset=utf-8");

}  // namespace core::http
