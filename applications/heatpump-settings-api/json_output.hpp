#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>

#include "core/http/response.hpp"
#include "core/pg/connection.hpp"

namespace settings_api {

// JSON text like boost::json::serialize, except that floating-point numbers are written in their
// shortest exact decimal form (21.5, not Boost.JSON 1.81's 2.15E1), a whole one with ".0" so it
// stays a float for the client (21.0), and non-finite ones as null.
std::string json_text(const boost::json::value& value);

// `status` with the JSON text and the platform's JSON media type.
core::http::Response json_response(const boost::json::value& body,
                                   core::http::Status status = core::http::Status::ok);

// Microseconds since the Unix epoch as RFC 3339 UTC (homelab-api.md section 1): no fraction when
// it is zero, three digits for whole milliseconds, six otherwise.
std::string format_utc(std::int64_t unix_micros);

// Reads one result row column by column, in SELECT-list order, as JSON values; SQL NULL is null.
class RowReader {
 public:
  RowReader(const core::pg::Result& result, int row) : result_(result), row_(row) {}

  boost::json::value timestamp();  // a BIGINT of microseconds since the epoch
  boost::json::value integer();
  boost::json::value number();  // DOUBLE PRECISION; NaN and infinities are null
  boost::json::value text();

 private:
  int next() { return column_++; }

  const core::pg::Result& result_;
  int row_;
  int column_ = 0;
};

}  // namespace settings_api
