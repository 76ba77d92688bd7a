#pragma once

#include <boost/json/value.hpp>

#include "core/pg/connection.hpp"

namespace homelab_api {

// Reads one result row column by column, in the order of the SELECT list, as JSON values. Every
// read gives null for SQL NULL, so nullable columns appear as null members (contract section 1).
// Reads inside one braced list (json::object{{"a", row.integer()}, ...}) happen in order: the
// elements of a braced initializer list are evaluated left to right.
class RowReader {
 public:
  RowReader(const core::pg::Result& result, int row) : result_(result), row_(row) {}

  // A BIGINT of microseconds since the Unix epoch as an RFC 3339 UTC string (format_utc).
  boost::json::value timestamp();
  boost::json::value integer();
  // DOUBLE PRECISION. NaN and infinities, which JSON cannot carry, are null.
  boost::json::value number();
  boost::json::value boolean();
  boost::json::value text();

 private:
  int next() { return column_++; }

  const core::pg::Result& result_;
  int row_;
  int column_ = 0;
};

}  // namespace homelab_api
