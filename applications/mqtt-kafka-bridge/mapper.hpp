#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/time/rfc3339.hpp"
#include "dead_letter.hpp"
#include "json_source.hpp"

namespace bridge {

// One MQTT PUBLISH as the bridge received it. The views must outlive the mapping call.
struct MqttMessage {
  std::string_view topic;
  std::string_view payload;
  core::time::TimePoint received;  // bridge wall clock (UTC) when the PUBLISH arrived
};

// A record for the stream topic (kafka.md section 2): key = device id, value = the device object
// with `ts`, `device_id`, `tags` and `fields` added after the device members.
struct MappedRecord {
  std::string key;
  boost::json::object value;
};

using MappingResult = std::variant<MappedRecord, DeadLetter>;

// What a device mapper extracts besides the device id; map() adds `ts` and `device_id`. The
// objects live in the parsed payload's storage (JsonSource::storage()), so that moving them into
// the record moves rather than copies.
struct DeviceReading {
  explicit DeviceReading(const boost::json::storage_ptr& storage)
      : tags(storage), fields(storage) {}

  std::optional<core::time::TimePoint> device_time;  // the device clock, when it parsed
  boost::json::object tags;
  boost::json::object fields;
};

// Base of the per-device mappers (one file each). map() owns the steps every device shares:
// parsing, the envelope and the dead-letter conversion; a device supplies its topic check, id and
// reading, throwing MappingFailure for anything the contract rejects.
class Mapper {
 public:
  virtual ~Mapper() = default;

  // Never throws for bad input: every rejection is a DeadLetter. The record's value is allocated
  // from `storage`, which must outlive it.
  MappingResult map(const MqttMessage& message, const boost::json::storage_ptr& storage = {}) const;

 private:
  // Runs before the payload is parsed: a message on a foreign topic is rejected for that alone.
  virtual void check_topic(std::string_view /*topic*/) const {}
  // The record key; a failure here leaves the dead letter without a key.
  virtual std::string device_id(const JsonSource& source) const = 0;
  virtual DeviceReading read(const MqttMessage& message, const JsonSource& source,
                             const std::string& device_id) const = 0;
};

}  // namespace bridge
