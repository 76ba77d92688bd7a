#include "thermiq_mapper.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "measurement_time.hpp"

namespace bridge {
namespace {

constexpr std::array<FieldSource, 23> field_sources{{
    {"outdoor_temp", "d0", FieldSource::Type::number, true},
    {"supplyline_temp", "d5"},
    {"returnline_temp", "d6"},
    {"hotwater_temp", "d7"},
    {"brine_out_temp", "d8"},
    {"brine_in_temp", "d9"},
    {"integral", "d25"},
    {"flowlinepump_speed", "d30"},
    {"runtime_compressor", "d104"},
    {"runtime_hotwater", "d108"},
    {"runtime_3kw", "d106"},
    {"runtime_6kw", "d114"},
    {"indoor_temp", "INDR_T"},
    {"indoor_target_temp", "d50"},
    {"mode", "d51"},
    {"curve", "d52"},
    {"curve_min", "d53"},
    {"curve_max", "d54"},
    {"curve_plus_5", "d55"},
    {"curve_zero", "d56"},
    {"curve_minus_5", "d57"},
    {"heatstop", "d58"},
    {"integral_setting", "d73"},
}};

// Bit n of a status register is the flag at index n (mqtt.md section 6, bit fields).
constexpr std::array<std::string_view, 4> d16_flags{"brinepump_on", "compressor_on",
                                                    "flowlinepump_on", "hotwater_production"};
constexpr std::array<std::string_view, 2> d13_flags{"aux_heater_3kw_on", "aux_heater_6kw_on"};

// A bit-field register as an integer; a missing one counts as 0 (mqtt.md section 6). A whole
// number written with a fraction (7.0) is still a register value; 7.5 is not.
std::int64_t register_bits(const JsonSource& source, std::string_view name) {
  const auto* value = source.find(name);
  if (value == nullptr) {
    return 0;
  }
  if (value->is_int64()) {
    return value->get_int64();
  }
  constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (value->is_uint64() && value->get_uint64() <= int64_max) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  if (value->is_double()) {
    const auto d = value->get_double();
    if (std::trunc(d) == d && std::abs(d) < 0x1p53) {
      return static_cast<std::int64_t>(d);
    }
  }
  throw type_mismatch(name, "an integer", *value);
}

void add_bit_flags(boost::json::object& fields, std::int64_t bits,
                   std::span<const std::string_view> names) {
  for (std::size_t bit = 0; bit < names.size(); ++bit) {
    fields.emplace(names[bit], ((bits >> bit) & 1) != 0);
  }
}

}  // namespace

std::string ThermiqMapper::device_id(const JsonSource& source) const {
  return source.device_id("Client_Name");
}

DeviceReading ThermiqMapper::read(const MqttMessage& /*message*/, const JsonSource& source,
                                  const std::string& device_id) const {
  DeviceReading reading(source.storage());
  reading.tags = {{"device_id", device_id}};
  reading.fields = source.fields(field_sources);
  add_bit_flags(reading.fields, register_bits(source, "d16"), d16_flags);
  add_bit_flags(reading.fields, register_bits(source, "d13"), d13_flags);
  if (const auto* timestamp = source.find("timestamp")) {
    reading.device_time = timestamp->is_string() ? from_unix_seconds_text(timestamp->get_string())
                                                 : from_unix_seconds(*timestamp);
  }
  return reading;
}

}  // namespace bridge
