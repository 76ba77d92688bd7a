#pragma once

#include <boost/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "dead_letter.hpp"

namespace bridge {

// One row of a contract mapping table (kafka.md section 3): `fields.<field>` from `path`.
struct FieldSource {
  enum class Type { number, flag, always_null };
  std::string_view field;
  std::string_view path;
  Type type = Type::number;
  bool required = false;  // number rows only
};

// Reads the source members of a device payload by path and enforces the JSON types of kafka.md
// section 2, rule 5. A path lists member names separated by '.', e.g. "params.temperature:0.tC"
// (no device member name contains a dot). Every rejection throws a MappingFailure naming the path.
class JsonSource {
 public:
  explicit JsonSource(const boost::json::object& root) : root_(&root) {}

  // The payload's memory resource; every value returned here is allocated from it too.
  const boost::json::storage_ptr& storage() const { return root_->storage(); }

  // The value at `path`, or nullptr when it or a parent is absent or null. A parent that is not
  // an object is a type mismatch, because the path's sources cannot be read through it.
  const boost::json::value* find(std::string_view path) const;

  // Optional sources: the value copied unchanged, or null when absent.
  boost::json::value number(std::string_view path) const;
  // A boolean, or the number 0 or 1 (the original test generator's form), copied as is.
  boost::json::value flag(std::string_view path) const;
  boost::json::value string_or_null(std::string_view path) const;
  std::string string_or(std::string_view path, std::string_view fallback) const;

  // The `fields` object of a mapping table, members in table order, every row present.
  boost::json::object fields(std::span<const FieldSource> table) const;

  // Required sources: absent or null is missing_required.
  boost::json::value required_number(std::string_view path) const;
  std::string required_string(std::string_view path) const;
  // A required non-empty string; an empty one identifies no device and counts as missing.
  std::string device_id(std::string_view path) const;

 private:
  const boost::json::value& required(std::string_view path) const;

  const boost::json::object* root_;
};

// The contract's notation for a path in dead-letter details: members that are not plain
// identifiers are quoted, e.g. params."temperature:0".tC.
std::string display_path(std::string_view path);
std::string display_name(std::string_view member);

// "number", "string", "object", ... as named in dead-letter details.
std::string_view kind_name(const boost::json::value& value);

MappingFailure type_mismatch(std::string_view path, std::string_view expected,
                             const boost::json::value& actual);

}  // namespace bridge
