#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "core/time/rfc3339.hpp"
#include "mapper.hpp"
#include "time_zone.hpp"

namespace bridge::test {

// The receive time of every fixture and test vector in the contract.
inline core::time::TimePoint at(std::string_view rfc3339) {
  return core::time::parse_rfc3339(rfc3339).value();
}
inline const core::time::TimePoint receive_time = at("2026-01-16T21:10:09.123Z");

inline std::shared_ptr<const TimeZone> stockholm() {
  static const auto zone = std::make_shared<const TimeZone>("Europe/Stockholm");
  return zone;
}

inline std::string read_fixture(std::string_view name) {
  std::ifstream in(std::string(BRIDGE_FIXTURE_DIR) + "/" + std::string(name), std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline boost::json::object fixture_object(std::string_view name) {
  return boost::json::parse(read_fixture(name)).as_object();
}

inline MappingResult map(const Mapper& mapper, std::string_view topic, std::string_view payload,
                         core::time::TimePoint received = receive_time) {
  return mapper.map({topic, payload, received});
}

inline MappingResult map(const Mapper& mapper, std::string_view topic,
                         const boost::json::object& payload,
                         core::time::TimePoint received = receive_time) {
  return map(mapper, topic, boost::json::serialize(payload), received);
}

// The mapped record of a result; the test fails with the dead letter when there is none.
inline MappedRecord mapped(const MappingResult& result) {
  if (const auto* dead = std::get_if<DeadLetter>(&result)) {
    ADD_FAILURE() << "dead letter: " << reason_code(dead->reason) << ": " << dead->detail;
    return {};
  }
  return std::get<MappedRecord>(result);
}

inline DeadLetter dead_letter(const MappingResult& result) {
  if (const auto* dead = std::get_if<DeadLetter>(&result)) {
    return *dead;
  }
  ADD_FAILURE() << "mapped: " << boost::json::serialize(std::get<MappedRecord>(result).value);
  return {DeadLetterReason::invalid_json, "", std::nullopt};
}

inline std::string ts_of(const MappingResult& result) {
  const auto record = mapped(result);
  const auto* ts = record.value.if_contains("ts");
  return ts != nullptr && ts->is_string() ? std::string(ts->get_string()) : std::string();
}

// Sets a member at a '.'-separated path, creating parent objects as needed.
inline boost::json::object with(boost::json::object root, std::string_view path,
                                boost::json::value value) {
  auto* parent = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    auto& child = (*parent)[path.substr(0, dot)];
    if (!child.is_object()) {
      child = boost::json::object();
    }
    parent = &child.get_object();
    path.remove_prefix(dot + 1);
  }
  (*parent)[path] = std::move(value);
  return root;
}

// Removes a member at a '.'-separated path.
inline boost::json::object without(boost::json::object root, std::string_view path) {
  auto* parent = &root;
  for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
    parent = &parent->at(path.substr(0, dot)).as_object();
    path.remove_prefix(dot + 1);
  }
  parent->erase(path);
  return root;
}

}  // namespace bridge::test
