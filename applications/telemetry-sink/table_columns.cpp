#include "table_columns.hpp"

#include <algorithm>
#include <array>

namespace sink {
namespace {

using enum ColumnType;
using enum Section;

constexpr bool kRequired = true;

constexpr std::array kEnergyColumns = {
    Column{"time", timestamp, ts, "", kRequired},
    Column{"device_serial", text, tags, "device_serial", kRequired},
    Column{"meter_type", text, tags, "meter_type"},
    Column{"wifi_rssi", integer, fields, "wifi_rssi"},
    Column{"active_power_total", integer, fields, "active_power_total", kRequired},
    Column{"active_power_l1", integer, fields, "active_power_l1"},
    Column{"active_power_l2", integer, fields, "active_power_l2"},
    Column{"active_power_l3", integer, fields, "active_power_l3"},
    Column{"active_production_total", integer, fields, "active_production_total"},
    Column{"active_energy_total", bigint, fields, "active_energy_total", kRequired},
    Column{"active_energy_production", bigint, fields, "active_energy_production"},
    Column{"voltage_l1", integer, fields, "voltage_l1"},
    Column{"voltage_l2", integer, fields, "voltage_l2"},
    Column{"voltage_l3", integer, fields, "voltage_l3"},
    Column{"current_l1", integer, fields, "current_l1"},
    Column{"current_l2", integer, fields, "current_l2"},
    Column{"current_l3", integer, fields, "current_l3"},
    Column{"power_factor", integer, fields, "power_factor"},
};

constexpr std::array kTemperatureColumns = {
    Column{"time", timestamp, ts, "", kRequired},
    Column{"device_id", text, tags, "device_id", kRequired},
    Column{"mac_address", text, tags, "mac_address"},
    Column{"location", text, tags, "location", kRequired},
    Column{"temperature_c", float8, fields, "temperature_c", kRequired},
    Column{"temperature_f", float8, fields, "temperature_f"},
    Column{"humidity", float8, fields, "humidity"},
    Column{"wifi_rssi", float8, fields, "wifi_rssi"},
    Column{"battery_voltage", float8, fields, "battery_voltage"},
    Column{"battery_percent", float8, fields, "battery_percent"},
    Column{"uptime", float8, fields, "uptime"},
    Column{"ram_free", float8, fields, "ram_free"},
    Column{"wind_speed_ms", float8, fields, "wind_speed_ms"},
    Column{"pressure_hpa", float8, fields, "pressure_hpa"},
    Column{"external_power", presence, fields, "external_power"},
};

constexpr std::array kHeatpumpColumns = {
    Column{"time", timestamp, ts, "", kRequired},
    Column{"device_id", text, tags, "device_id", kRequired},
    Column{"outdoor_temp", float8, fields, "outdoor_temp"},
    Column{"supplyline_temp", float8, fields, "supplyline_temp"},
    Column{"returnline_temp", float8, fields, "returnline_temp"},
    Column{"hotwater_temp", float8, fields, "hotwater_temp"},
    Column{"brine_out_temp", float8, fields, "brine_out_temp"},
    Column{"brine_in_temp", float8, fields, "brine_in_temp"},
    Column{"indoor_temp", float8, fields, "indoor_temp"},
    Column{"flowlinepump_speed", integer, fields, "flowlinepump_speed"},
    Column{"runtime_compressor", integer, fields, "runtime_compressor"},
    Column{"runtime_hotwater", integer, fields, "runtime_hotwater"},
    Column{"runtime_3kw", integer, fields, "runtime_3kw"},
    Column{"runtime_6kw", integer, fields, "runtime_6kw"},
    Column{"brinepump_on", boolean, fields, "brinepump_on"},
    Column{"compressor_on", boolean, fields, "compressor_on"},
    Column{"flowlinepump_on", boolean, fields, "flowlinepump_on"},
    Column{"hotwater_production", boolean, fields, "hotwater_production"},
    Column{"aux_heater_3kw_on", boolean, fields, "aux_heater_3kw_on"},
    Column{"aux_heater_6kw_on", boolean, fields, "aux_heater_6kw_on"},
    Column{"integral", integer, fields, "integral"},
};

}  // namespace

const TableSpec& energy_consumption() {
  static const TableSpec table{"energy_consumption", kEnergyColumns, "", ""};
  return table;
}

const TableSpec& temperature_sensors() {
  static const TableSpec table{"temperature_sensors", kTemperatureColumns, "method",
                               "NotifyFullStatus"};
  return table;
}

const TableSpec& heatpump_status() {
  static const TableSpec table{"heatpump_status", kHeatpumpColumns, "", ""};
  return table;
}

std::span<const FamilySpec> families() {
  static const std::array all = {
      FamilySpec{"energy", "homelab-energy-realtime", "timescaledb-energy", energy_consumption()},
      FamilySpec{"temperature", "homelab-temperature-indoor", "timescaledb-temperature",
                 temperature_sensors()},
      FamilySpec{"heatpump", "homelab-heatpump-telemetry", "timescaledb-heatpump",
                 heatpump_status()},
  };
  return all;
}

const FamilySpec* find_family(std::string_view name) {
  const auto all = families();
  const auto found =
      std::find_if(all.begin(), all.end(), [name](const FamilySpec& f) { return f.name == name; });
  return found == all.end() ? nullptr : &*found;
}

}  // namespace sink
