#include "settings_store.hpp"

#include <boost/json/parse.hpp>

#include "core/http/error.hpp"
#include "json_output.hpp"
#include "patch_request.hpp"

namespace settings_api {
namespace {

using core::http::Error;
using core::http::Status;
using settings_common::fields;
using settings_common::kFieldCount;

constexpr const char* kSettingColumns =
    "device_id, indoor_target_temp, mode, curve, curve_min, curve_max, curve_plus_5, "
    "curve_zero, curve_minus_5, heatstop, (extract(epoch FROM updated_at) * 1000000)::bigint";

std::string select_settings(const std::string& tail) {
  return std::string("SELECT ") + kSettingColumns + " FROM settings " + tail;
}

// A Setting from a row of kSettingColumns.
boost::json::object setting_json(const core::pg::Result& result, int row) {
  RowReader read(result, row);
  boost::json::object setting;
  setting["device_id"] = read.text();
  for (const auto& field : fields()) {
    setting[field.name] = field.double_column ? read.number() : read.integer();
  }
  setting["updated_at"] = read.timestamp();
  return setting;
}

constexpr const char* kOutboxColumns =
    "id, aggregate_type, aggregate_id, event_type, payload::text, status, "
    "(extract(epoch FROM created_at) * 1000000)::bigint, "
    "(extract(epoch FROM published_at) * 1000000)::bigint, "
    "(extract(epoch FROM confirmed_at) * 1000000)::bigint, error_message, retry_count, "
    "max_retries";

boost::json::object outbox_entry_json(const core::pg::Result& result, int row) {
  RowReader read(result, row);
  boost::json::object entry;
  entry["id"] = read.integer();
  entry["aggregate_type"] = read.text();
  entry["aggregate_id"] = read.text();
  entry["event_type"] = read.text();
  entry["payload"] = boost::json::parse(read.text().as_string());
  entry["status"] = read.text();
  entry["created_at"] = read.timestamp();
  entry["published_at"] = read.timestamp();
  entry["confirmed_at"] = read.timestamp();
  entry["error_message"] = read.text();
  entry["retry_count"] = read.integer();
  entry["max_retries"] = read.integer();
  return entry;
}

}  // namespace

boost::json::array list_settings(core::pg::Connection& conn) {
  const auto result = conn.exec_prepared(select_settings("ORDER BY device_id"));
  boost::json::array settings;
  for (int row = 0; row < result.rows(); ++row) {
    settings.push_back(setting_json(result, row));
  }
  return settings;
}

std::optional<boost::json::object> find_setting(core::pg::Connection& conn,
                                                const std::string& device_id) {
  const auto result = conn.exec_prepared(select_settings("WHERE device_id = $1"), {device_id});
  if (result.rows() == 0) {
    return std::nullopt;
  }
  return setting_json(result, 0);
}

boost::json::object apply_patch(core::pg::Transaction& tx, const std::string& device_id,
                                const std::vector<settings_common::Command>& commands,
                                int max_retries) {
  auto& conn = tx.connection();
  // The stored values as text: PostgreSQL writes a float8 in its shortest exact form, so a
  // column the patch does not touch is written back unchanged.
  const auto current = conn.exec_prepared(
      "SELECT indoor_target_temp, mode, curve, curve_min, curve_max, curve_plus_5, curve_zero, "
      "curve_minus_5, heatstop FROM settings WHERE device_id = $1 FOR UPDATE",
      {device_id});
  if (current.rows() == 0) {
    throw Error(Status::not_found, "Device " + device_id + " not found");
  }
  std::array<std::optional<std::string>, kFieldCount> values;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    values[i] = current.optional_text(0, static_cast<int>(i));
  }
  for (const auto& command : commands) {
    values[static_cast<std::size_t>(command.field - fields().data())] =
        std::to_string(command.value);
  }
  const auto integer_of = [&values](std::string_view name) -> std::optional<std::int64_t> {
    const auto& text =
        values[static_cast<std::size_t>(settings_common::find_field(name) - fields().data())];
    return text ? std::optional<std::int64_t>(std::stoll(*text)) : std::nullopt;
  };
  check_curve_limits(integer_of("curve_min"), integer_of("curve_max"));

  const auto updated = conn.exec_prepared(
      "UPDATE settings SET indoor_target_temp = $2::float8, mode = $3::integer, "
      "curve = $4::integer, curve_min = $5::integer, curve_max = $6::integer, "
      "curve_plus_5 = $7::integer, curve_zero = $8::integer, curve_minus_5 = $9::integer, "
      "heatstop = $10::integer, updated_at = now() WHERE device_id = $1 RETURNING " +
          std::string(kSettingColumns),
      {device_id, values[0], values[1], values[2], values[3], values[4], values[5], values[6],
       values[7], values[8]});
  const auto outbox = conn.exec_prepared(
      "INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload, status, "
      "max_retries) VALUES ('heatpump_setting', $1, 'setting_update', $2::jsonb, 'pending', $3) "
      "RETURNING id, status",
      {device_id, payload_json(commands), max_retries});
  auto response = setting_json(updated, 0);
  response["outbox_id"] = outbox.integer(0, 0);
  response["outbox_status"] = std::string(outbox.text(0, 1));
  tx.commit();
  return response;
}

boost::json::array device_outbox(core::pg::Connection& conn, const std::string& device_id,
                                 int limit) {
  const auto result = conn.exec_prepared(
      "SELECT " + std::string(kOutboxColumns) +
          " FROM outbox WHERE aggregate_type = 'heatpump_setting' AND aggregate_id = $1 "
          "ORDER BY id DESC LIMIT $2",
      {device_id, limit});
  boost::json::array entries;
  for (int row = 0; row < result.rows(); ++row) {
    entries.push_back(outbox_entry_json(result, row));
  }
  return entries;
}

std::optional<boost::json::object> outbox_status(core::pg::Connection& conn, std::int64_t id) {
  const auto result = conn.exec_prepared(
      "SELECT id, status, (extract(epoch FROM created_at) * 1000000)::bigint, "
      "(extract(epoch FROM published_at) * 1000000)::bigint, "
      "(extract(epoch FROM confirmed_at) * 1000000)::bigint, error_message, retry_count "
      "FROM outbox WHERE id = $1",
      {id});
  if (result.rows() == 0) {
    return std::nullopt;
  }
  RowReader read(result, 0);
  boost::json::object status;
  status["id"] = read.integer();
  status["status"] = read.text();
  status["created_at"] = read.timestamp();
  status["published_at"] = read.timestamp();
  status["confirmed_at"] = read.timestamp();
  status["error_message"] = read.text();
  status["retry_count"] = read.integer();
  return status;
}

}  // namespace settings_api
