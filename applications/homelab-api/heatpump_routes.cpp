#include "heatpump_routes.hpp"

#include <optional>
#include <string>

#include "core/http/error.hpp"
#include "row_writer.hpp"
#include "time_range.hpp"
#include "utc_timestamp.hpp"

namespace homelab_api {
namespace {

namespace asio = boost::asio;
using core::http::Request;
using core::http::Response;
using core::http::Status;

// With and without a device filter as separate statements, so each gets the plan that fits it:
// the time index across devices, or the (device_id, time) key for one device.
constexpr const char* kLatestSql = R"sql(
SELECT (extract(epoch FROM time) * 1000000)::bigint, device_id,
       compressor_on, hotwater_production, flowlinepump_on, brinepump_on,
       aux_heater_3kw_on, aux_heater_6kw_on,
       outdoor_temp, supplyline_temp, returnline_temp, hotwater_temp, brine_out_temp,
       brine_in_temp, integral
FROM heatpump_status
ORDER BY time DESC, device_id
LIMIT 1)sql";

constexpr const char* kLatestOfDeviceSql = R"sql(
SELECT (extract(epoch FROM time) * 1000000)::bigint, device_id,
       compressor_on, hotwater_production, flowlinepump_on, brinepump_on,
       aux_heater_3kw_on, aux_heater_6kw_on,
       outdoor_temp, supplyline_temp, returnline_temp, hotwater_temp, brine_out_temp,
       brine_in_temp, integral
FROM heatpump_status
WHERE device_id = $1
ORDER BY time DESC
LIMIT 1)sql";

// Over db/telemetry 005's range function, which reads only the base rows of the range; one
// statement for all heat pumps and one for a single device.
constexpr const char* kDailySummarySql = R"sql(
SELECT (extract(epoch FROM day) * 1000000)::bigint, device_id,
       daily_runtime_compressor_increase, daily_runtime_hotwater_increase,
       daily_runtime_3kw_increase, daily_runtime_6kw_increase,
       avg_outdoor_temp, avg_supplyline_temp, avg_returnline_temp, avg_hotwater_temp,
       avg_brine_out_temp, avg_brine_in_temp
FROM heatpump_daily_summary_between($1::timestamptz, $2::timestamptz)
ORDER BY day, device_id)sql";

constexpr const char* kDailySummaryOfDeviceSql = R"sql(
SELECT (extract(epoch FROM day) * 1000000)::bigint, device_id,
       daily_runtime_compressor_increase, daily_runtime_hotwater_increase,
       daily_runtime_3kw_increase, daily_runtime_6kw_increase,
       avg_outdoor_temp, avg_supplyline_temp, avg_returnline_temp, avg_hotwater_temp,
       avg_brine_out_temp, avg_brine_in_temp
FROM heatpump_daily_summary_between($1::timestamptz, $2::timestamptz)
WHERE device_id = $3
ORDER BY day)sql";

std::optional<std::string> device_filter(const Request& request) {
  const auto device = request.query_param("device_id");
  if (!device || device->empty()) {
    return std::nullopt;
  }
  return std::string(*device);
}

asio::awaitable<Response> latest(RouteContext context, Request& request) {
  const auto device = device_filter(request);
  // The statement is chosen first and awaited apart: GCC 12 miscompiles co_await inside ?:.
  auto query = device ? context.database.query(kLatestOfDeviceSql, *device)
                      : context.database.query(kLatestSql);
  const auto result = co_await std::move(query);
  if (result.rows() == 0) {
    throw core::http::Error(Status::not_found, "no data");
  }
  co_return json_row_response(result, [](RowWriter& row) {
    row.timestamp("ts")
        .text("device_id")
        .boolean("compressor_on")
        .boolean("hotwater_production")
        .boolean("flowlinepump_on")
        .boolean("brinepump_on")
        .boolean("aux_heater_3kw_on")
        .boolean("aux_heater_6kw_on")
        .number("outdoor_temp")
        .number("supplyline_temp")
        .number("returnline_temp")
        .number("hotwater_temp")
        .number("brine_out_temp")
        .number("brine_in_temp")
        .integer("integral");
  });
}

asio::awaitable<Response> daily_summary(RouteContext context, Request& request) {
  const auto range = parse_time_range(request, context.now());
  const auto device = device_filter(request);
  const auto from = format_utc(range.from);
  const auto to = format_utc(range.to);
  auto query = device ? context.database.query(kDailySummaryOfDeviceSql, from, to, *device)
                      : context.database.query(kDailySummarySql, from, to);
  const auto result = co_await std::move(query);
  co_return json_rows_response(result, [](RowWriter& row) {
    row.timestamp("day")
        .text("device_id")
        .integer("daily_runtime_compressor_increase")
        .integer("daily_runtime_hotwater_increase")
        .integer("daily_runtime_3kw_increase")
        .integer("daily_runtime_6kw_increase")
        .number("avg_outdoor_temp")
        .number("avg_supplyline_temp")
        .number("avg_returnline_temp")
        .number("avg_hotwater_temp")
        .number("avg_brine_out_temp")
        .number("avg_brine_in_temp");
  });
}

}  // namespace

std::vector<ApiRoute> heatpump_routes(const RouteContext& context) {
  using core::http::Verb;
  return {
      {Verb::get, "/api/v1/heatpump/latest", "heatpump",
       [context](Request& request) { return latest(context, request); }},
      {Verb::get, "/api/v1/heatpump/daily-summary", "heatpump",
       [context](Request& request) { return daily_summary(context, request); }},
  };
}

}  // namespace homelab_api
