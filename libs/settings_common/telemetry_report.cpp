#include "settings_common/telemetry_report.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace settings_common {

const std::optional<double>& TelemetryReport::value(const FieldSpec& field) const {
  return values[static_cast<std::size_t>(&field - fields().data())];
}

std::optional<TelemetryReport> parse_report(std::string_view kafka_value) {
  boost::system::error_code ec;
  const auto json = boost::json::parse(kafka_value, ec);
  const auto* root = ec ? nullptr : json.if_object();
  if (root == nullptr) {
    return std::nullopt;
  }
  const auto* device = root->if_contains("device_id");
  const auto* fields_value = root->if_contains("fields");
  if (device == nullptr || !device->is_string() || device->get_string().empty() ||
      fields_value == nullptr || !fields_value->is_object()) {
    return std::nullopt;
  }
  TelemetryReport report;
  report.device_id = std::string(device->get_string());
  const auto& members = fields_value->get_object();
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    const auto& field = fields()[i];
    const auto* value = members.if_contains(field.name);
    if (value == nullptr || value->is_null()) {
      continue;
    }
    if (value->is_number()) {
      report.values[i] = value->to_number<double>();
    } else {
      report.problems.push_back(std::string(field.name) + " is " + boost::json::serialize(*value));
    }
  }
  return report;
}

}  // namespace settings_common
