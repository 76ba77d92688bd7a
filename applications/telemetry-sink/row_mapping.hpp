#pragma once

#include <boost/json/parser.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/time/rfc3339.hpp"
#include "table_columns.hpp"

namespace sink {

// The sink-stage reason codes of kafka.md section 4.
enum class RejectReason { invalid_record, constraint_violation };

// The wire name, as it appears before ": " in the x-error-reason header.
std::string_view reason_code(RejectReason reason);

// One record as a row: column texts in TableSpec order, nullopt for NULL.
struct Row {
  std::string device_id;  // the DLQ key, should the database still reject the row
  std::vector<std::optional<std::string>> values;
};

// Consumed and deliberately not stored (a temperature record other than NotifyFullStatus).
struct Skipped {};

// A record that can never be stored.
struct Rejection {
  RejectReason reason;
  std::string detail;
  std::optional<std::string> device_id;  // when the value names one
};

using MappedRecord = std::variant<Row, Skipped, Rejection>;

// Maps Kafka values (kafka.md section 2) to rows of one table (database.md section 2). Every
// value must carry a device_id, an RFC 3339 ts and a fields object (else invalid_record); a member
// that does not fit its column is a constraint_violation. One mapper per thread: it keeps its
// JSON parser between records.
class RowMapper {
 public:
  explicit RowMapper(const TableSpec& table) : table_(table) {}

  MappedRecord map(std::string_view value);

 private:
  const TableSpec& table_;
  boost::json::parser parser_;
};

// "2026-01-16 21:10:09.123000+00", PostgreSQL's input syntax for the instant; nullopt outside
// the years 0001 to 9999.
std::optional<std::string> timestamptz_text(core::time::TimePoint instant);

}  // namespace sink
