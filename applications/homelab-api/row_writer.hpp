#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/http/response.hpp"
#include "core/pg/connection.hpp"

namespace homelab_api {

// Writes one result row as a JSON object straight into the response text, reading the columns in
// the order of the SELECT list. Keys are written as they are: string literals of plain ASCII
// without quotes, backslashes or control characters. Every read writes null for SQL NULL, so
// nullable columns appear as null members (contract section 1). Numbers are written as json_text
// writes them. Nothing is built in between: boost::json values cost an allocation per member, which
// made allocation the largest cost of the larger responses (bench/api.sh).
class RowWriter {
 public:
  // Opens the object; end() closes it.
  RowWriter(std::string& out, const core::pg::Result& result, int row);

  // A BIGINT of microseconds since the Unix epoch as an RFC 3339 UTC string (format_utc).
  RowWriter& timestamp(std::string_view key);
  RowWriter& integer(std::string_view key);
  // DOUBLE PRECISION. NaN and infinities, which JSON cannot carry, are null.
  RowWriter& number(std::string_view key);
  RowWriter& boolean(std::string_view key);
  RowWriter& text(std::string_view key);
  // A null member that reads no column.
  RowWriter& null(std::string_view key);
  void end();

 private:
  // The separator and the key.
  void key(std::string_view key);
  // key(); false, after writing null for it, when the next column is NULL.
  bool member(std::string_view key);

  std::string& out_;
  const core::pg::Result& result_;
  int row_;
  int column_ = 0;
  bool first_ = true;
};

// 200 with the JSON object of row 0 of `result`, written by write(RowWriter&).
template <typename Write>
core::http::Response json_row_response(const core::pg::Result& result, Write write) {
  std::string out;
  out.reserve(512);
  RowWriter row(out, result, 0);
  write(row);
  row.end();
  return core::http::text(core::http::Status::ok, std::move(out), core::http::kJsonContentType);
}

// 200 with a JSON array of an object per row of `result`, each written by write(RowWriter&).
template <typename Write>
core::http::Response json_rows_response(const core::pg::Result& result, Write write) {
  constexpr std::size_t kBytesPerRow = 320;
  std::string out;
  out.reserve((static_cast<std::size_t>(result.rows()) + 1) * kBytesPerRow);
  out += '[';
  for (int i = 0; i < result.rows(); ++i) {
    if (i > 0) {
      out += ',';
    }
    RowWriter row(out, result, i);
    write(row);
    row.end();
  }
  out += ']';
  return core::http::text(core::http::Status::ok, std::move(out), core::http::kJsonContentType);
}

}  // namespace homelab_api
