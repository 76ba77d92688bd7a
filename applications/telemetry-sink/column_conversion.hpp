#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "table_columns.hpp"

namespace sink {

// Why a JSON value does not fit its column (a constraint_violation in the DLQ).
struct ConversionError {
  std::string detail;
};

// The column value in PostgreSQL's text input syntax, nullopt for SQL NULL, or the error.
using ColumnText = std::variant<std::optional<std::string>, ConversionError>;

// Converts a JSON value for a column of `type`; JSON null is SQL NULL. Integers are rounded half
// away from zero and must fit the column. Not for ColumnType::timestamp (see row_mapping).
ColumnText convert(const boost::json::value& value, ColumnType type);

// A JSON number rounded half away from zero, or nullopt when the result does not fit 64 bits.
std::optional<std::int64_t> round_to_int64(const boost::json::value& number);

}  // namespace sink
