#include "settings_mirror.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <limits>
#include <stdexcept>

#include "core/pg/transaction.hpp"

namespace settings_api {
namespace {

using settings_common::fields;
using settings_common::kFieldCount;

std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return {buffer.data(), end};
}

}  // namespace

MirrorMerge merge_report(const SettingValues& stored,
                         const settings_common::TelemetryReport& report,
                         const CommandedValues& in_flight) {
  MirrorMerge merge{stored, false, {}};
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    const auto& field = fields()[i];
    const auto& reported = report.values[i];
    if (!reported) {
      continue;
    }
    const auto whole = settings_common::whole_number(*reported);
    if (!field.double_column && (!whole || *whole < std::numeric_limits<std::int32_t>::min() ||
                                 *whole > std::numeric_limits<std::int32_t>::max())) {
      merge.held_back.push_back(std::string(field.name) + "=" + number_text(*reported) +
                                " (not a 32-bit whole number)");
      continue;
    }
    if (in_flight[i] && (!whole || *whole != *in_flight[i])) {
      merge.held_back.push_back(std::string(field.name) + "=" + number_text(*reported) +
                                " (command " + std::to_string(*in_flight[i]) + " in flight)");
      continue;
    }
    if (merge.values[i] != reported) {
      merge.values[i] = reported;
      merge.changed = true;
    }
  }
  return merge;
}

CommandedValues newest_commands(const std::vector<std::string>& payloads_oldest_first) {
  CommandedValues commanded;
  for (const auto& payload : payloads_oldest_first) {
    for (const auto& command : settings_common::parse_payload(payload)) {
      commanded[static_cast<std::size_t>(command.field - fields().data())] = command.value;
    }
  }
  return commanded;
}

SettingsMirror::SettingsMirror(std::string conninfo, core::metrics::Registry& registry)
    : conninfo_(std::move(conninfo)),
      records_(prometheus::BuildCounter()
                   .Name("settings_mirror_records_total")
                   .Help("Telemetry records handled by the settings mirror, by outcome")
                   .Register(registry)),
      updated_(records_.Add({{"outcome", "updated"}})),
      unchanged_(records_.Add({{"outcome", "unchanged"}})),
      skipped_(records_.Add({{"outcome", "skipped"}})) {}

core::pg::Connection& SettingsMirror::connection() {
  if (conn_ && !conn_->healthy()) {
    conn_.reset();
  }
  if (!conn_) {
    conn_ = std::make_unique<core::pg::Connection>(conninfo_);
  }
  return *conn_;
}

void SettingsMirror::handle(std::string_view kafka_value) {
  const auto report = settings_common::parse_report(kafka_value);
  if (!report) {
    skipped_.Increment();
    return;
  }
  for (const auto& problem : report->problems) {
    spdlog::warn("settings mirror: {}: ignoring {}", report->device_id, problem);
  }
  try {
    apply(*report);
  } catch (...) {
    conn_.reset();
    throw;
  }
}

void SettingsMirror::apply(const settings_common::TelemetryReport& report) {
  auto& conn = connection();
  core::pg::Transaction tx(conn);
  conn.exec_prepared("INSERT INTO settings (device_id) VALUES ($1) ON CONFLICT DO NOTHING",
                     {report.device_id});
  const auto row = conn.exec_prepared(
      "SELECT indoor_target_temp, mode, curve, curve_min, curve_max, curve_plus_5, curve_zero, "
      "curve_minus_5, heatstop FROM settings WHERE device_id = $1 FOR UPDATE",
      {report.device_id});
  SettingValues stored;
  for (std::size_t i = 0; i < kFieldCount; ++i) {
    if (!row.is_null(0, static_cast<int>(i))) {
      stored[i] = row.number(0, static_cast<int>(i));
    }
  }
  // Commands still on their way to the device keep their optimistic value in the row.
  const auto in_flight = conn.exec_prepared(
      "SELECT payload::text FROM outbox WHERE aggregate_type = 'heatpump_setting' "
      "AND aggregate_id = $1 AND status IN ('pending', 'published') ORDER BY id",
      {report.device_id});
  std::vector<std::string> payloads;
  payloads.reserve(static_cast<std::size_t>(in_flight.rows()));
  for (int i = 0; i < in_flight.rows(); ++i) {
    payloads.emplace_back(in_flight.text(i, 0));
  }
  CommandedValues commanded;
  try {
    commanded = newest_commands(payloads);
  } catch (const std::invalid_argument& e) {
    spdlog::error("settings mirror: {}: {}", report.device_id, e.what());
  }
  const auto merge = merge_report(stored, report, commanded);
  for (const auto& held : merge.held_back) {
    spdlog::debug("settings mirror: {}: not applying {}", report.device_id, held);
  }
  if (merge.changed) {
    const auto param = [&merge](std::size_t i) -> core::pg::Param {
      if (!merge.values[i]) {
        return nullptr;
      }
      if (fields()[i].double_column) {
        return *merge.values[i];
      }
      return static_cast<std::int64_t>(*merge.values[i]);
    };
    conn.exec_prepared(
        "UPDATE settings SET indoor_target_temp = $2::float8, mode = $3::integer, "
        "curve = $4::integer, curve_min = $5::integer, curve_max = $6::integer, "
        "curve_plus_5 = $7::integer, curve_zero = $8::integer, curve_minus_5 = $9::integer, "
        "heatstop = $10::integer, updated_at = now() WHERE device_id = $1",
        {report.device_id, param(0), param(1), param(2), param(3), param(4), param(5), param(6),
         param(7), param(8)});
  }
  tx.commit();
  (merge.changed ? updated_ : unchanged_).Increment();
}

}  // namespace settings_api
