#include "heatpump_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/http/error.hpp"
#include "json_text.hpp"
#include "row_reader.hpp"
#include "time_range.hpp"
#include "utc_timestamp.hpp"

namespace homelab_api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
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

// $3 is the device filter or NULL for every device.
constexpr const char* kDailySummarySql = R"sql(
SELECT (extract(epoch FROM day) * 1000000)::bigint, device_id,
       daily_runtime_compressor_increase, daily_runtime_hotwater_increase,
       daily_runtime_3kw_increase, daily_runtime_6kw_increase,
       avg_outdoor_temp, avg_supplyline_temp, avg_returnline_temp, avg_hotwater_temp,
       avg_brine_out_temp, avg_brine_in_temp
FROM heatpump_daily_summary
WHERE day >= $1::timestamptz AND day < $2::timestamptz
  AND ($3::text IS NULL OR device_id = $3::text)
ORDER BY day, device_id)sql";

std::optional<std::string> device_filter(const Request& request) {
  const auto device = request.query_param("device_id");
  if (!device || device->empty()) {
    return std::nullopt;
  }
  return std::string(*device);
}

asio::awaitable<Response> latest(RouteContext context, Request& request) {
  const auto device = device_filter(request);
  auto response = co_await respond_from_database(context, [&](core::pg::Connection& conn) {
    const auto result =
        device ? conn.exec_prepared(kLatestOfDeviceSql, {*device}) : conn.exec_prepared(kLatestSql);
    if (result.rows() == 0) {
      throw core::http::Error(Status::not_found, "no data");
    }
    RowReader row(result, 0);
    return json_response(json::object{{"ts", row.timestamp()},
                                      {"device_id", row.text()},
                                      {"compressor_on", row.boolean()},
                                      {"hotwater_production", row.boolean()},
                                      {"flowlinepump_on", row.boolean()},
                                      {"brinepump_on", row.boolean()},
                                      {"aux_heater_3kw_on", row.boolean()},
                                      {"aux_heater_6kw_on", row.boolean()},
                                      {"outdoor_temp", row.number()},
                                      {"supplyline_temp", row.number()},
                                      {"returnline_temp", row.number()},
                                      {"hotwater_temp", row.number()},
                                      {"brine_out_temp", row.number()},
                                      {"brine_in_temp", row.number()},
                                      {"integral", row.integer()}});
  });
  co_return response;
}

asio::awaitable<Response> daily_summary(RouteContext context, Request& request) {
  const auto range = parse_time_range(request, context.now());
  const auto device = device_filter(request);
  auto response = co_await respond_from_database(context, [&](core::pg::Connection& conn) {
    const auto result = conn.exec_prepared(kDailySummarySql,
                                           {format_utc(range.from), format_utc(range.to), device});
    json::array rows;
    rows.reserve(static_cast<std::size_t>(result.rows()));
    for (int i = 0; i < result.rows(); ++i) {
      RowReader row(result, i);
      rows.push_back(json::object{{"day", row.timestamp()},
                                  {"device_id", row.text()},
                                  {"daily_runtime_compressor_increase", row.integer()},
                                  {"daily_runtime_hotwater_increase", row.integer()},
                                  {"daily_runtime_3kw_increase", row.integer()},
                                  {"daily_runtime_6kw_increase", row.integer()},
                                  {"avg_outdoor_temp", row.number()},
                                  {"avg_supplyline_temp", row.number()},
                                  {"avg_returnline_temp", row.number()},
                                  {"avg_hotwater_temp", row.number()},
                                  {"avg_brine_out_temp", row.number()},
                                  {"avg_brine_in_temp", row.number()}});
    }
    return json_response(rows);
  });
  co_return response;
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
