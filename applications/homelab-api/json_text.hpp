#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/http/response.hpp"

namespace homelab_api {

// JSON text of a value, like boost::json::serialize except for floating-point numbers: Boost.JSON
// 1.81 always writes them in exponent form (0.412 becomes 4.12E-1, 21.3 becomes 2.13E1), which is
// valid but hard to read in a terminal. Here they are written in the shortest form that reads
// back exactly (std::to_chars), so 0.412 stays 0.412 and -3.0 becomes -3. NaN and infinities,
// which JSON cannot express, become null.
std::string json_text(const boost::json::value& value);

// The pieces json_text is made of, for writers that append to a response directly: a string
// with its quotes and escapes, and a number as json_text writes it (null when not finite).
void append_json_string(std::string& out, std::string_view text);
void append_json_number(std::string& out, double number);

// Whether a number's text from PostgreSQL can be copied into JSON as it is, because
// append_json_number would write exactly that text for its value; the caller parses it otherwise.
// A DOUBLE PRECISION qualifies in fixed notation without needless zeros when fixed notation is no
// longer than exponent notation: std::to_chars then chooses it too, and PostgreSQL's digits are
// the shortest that read back, as std::to_chars's are (at most 15 significant digits, which read
// back exactly, when extra_float_digits is 0 or less). A BIGINT qualifies with up to 18 digits and
// no leading zeros.
bool is_shortest_number_text(std::string_view text);
bool is_plain_integer_text(std::string_view text);

// 200 (or `status`) with the JSON text and the platform's JSON media type.
core::http::Response json_response(const boost::json::value& body,
                                   core::http::Status status = core::http::Status::ok);

}  // namespace homelab_api
