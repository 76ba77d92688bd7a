#include "row_reader.hpp"

#include <boost/json/string.hpp>

#include "utc_timestamp.hpp"

namespace homelab_api {

boost::json::value RowReader::timestamp() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  return boost::json::string(format_utc(from_unix_micros(result_.integer(row_, column))));
}

boost::json::value RowReader::integer() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  return result_.integer(row_, column);
}

boost::json::value RowReader::number() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  const auto text = result_.text(row_, column);
  if (text == "NaN" || text == "Infinity" || text == "-Infinity") {
    return nullptr;
  }
  return result_.number(row_, column);
}

boost::json::value RowReader::boolean() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  return result_.boolean(row_, column);
}

boost::json::value RowReader::text() {
  const int column = next();
  if (result_.is_null(row_, column)) {
    return nullptr;
  }
  return boost::json::string(result_.text(row_, column));
}

}  // namespace homelab_api
