#pragma once

#include <span>
#include <string_view>

namespace sink {

// How a Kafka value member becomes the text of one column (database.md section 2).
enum class ColumnType {
  timestamp,  // TIMESTAMPTZ from the RFC 3339 `ts`
  text,       // TEXT from a JSON string
  integer,    // INTEGER from a number, rounded half away from zero
  bigint,     // BIGINT from a number, rounded half away from zero
  float8,     // DOUBLE PRECISION from a number
  boolean,    // BOOLEAN from a boolean (or 0/1)
  presence,   // DOUBLE PRECISION from a boolean or 0/1: 1.0 or 0.0 (external_power)
};

// Where in the Kafka value a column's source is.
enum class Section { ts, tags, fields };

struct Column {
  std::string_view name;
  ColumnType type;
  Section section;
  std::string_view member;  // the member of `tags` or `fields`; empty for `ts`
  bool not_null = false;
};

// A raw table and the rule that decides which records of its topic it stores.
struct TableSpec {
  std::string_view name;
  std::span<const Column> columns;
  // When set, only records whose root member `stored_when_member` equals `stored_when_value` are
  // stored; the others are consumed and skipped (temperature: NotifyFullStatus only).
  std::string_view stored_when_member;
  std::string_view stored_when_value;
};

// One consumer group per table family (kafka.md section 6).
struct FamilySpec {
  std::string_view name;
  std::string_view topic;
  std::string_view group_id;
  const TableSpec& table;
};

const TableSpec& energy_consumption();
const TableSpec& temperature_sensors();
const TableSpec& heatpump_status();

// energy, temperature, heatpump with the contract's topics and group ids.
std::span<const FamilySpec> families();
const FamilySpec* find_family(std::string_view name);

}  // namespace sink
