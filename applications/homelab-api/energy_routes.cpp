#include "energy_routes.hpp"

#include <array>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <string_view>

#include "core/http/error.hpp"
#include "json_text.hpp"
#include "row_writer.hpp"
#include "time_range.hpp"
#include "utc_timestamp.hpp"

namespace homelab_api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using core::http::Request;
using core::http::Response;
using core::http::Status;

// Instants leave the database as microseconds since the epoch (RowWriter::timestamp).

// The newest reading across all meters; the time index serves it.
constexpr const char* kLatestSql = R"sql(
SELECT (extract(epoch FROM ts) * 1000000)::bigint,
       consumption_total_w, consumption_total_actual_w,
       consumption_l1_actual_w, consumption_l2_actual_w, consumption_l3_actual_w
FROM energy
ORDER BY ts DESC, device_serial
LIMIT 1)sql";

// The range functions of db/telemetry 005 read only the base rows of the range; the views would
// read each meter's whole history (database.md section 3, db/README.md).
constexpr const char* kHourTotalSql = R"sql(
SELECT total_energy_kwh
FROM energy_hourly_between($1::timestamptz, $1::timestamptz + interval '1 hour'))sql";

constexpr const char* kHistorySql = R"sql(
SELECT (extract(epoch FROM hour_start) * 1000000)::bigint,
       (extract(epoch FROM hour_end) * 1000000)::bigint,
       total_energy_kwh, avg_power_l1_kw, avg_power_l2_kw, avg_power_l3_kw, avg_power_total_kw,
       measurement_count
FROM energy_hourly_between($1::timestamptz, $2::timestamptz)
ORDER BY hour_start)sql";

// A local-period summary: its statement and which pair of bound members it fills (0 day, 1 month,
// 2 year).
struct Summary {
  const char* path;
  const char* sql;
  std::size_t period;
};

// The bound members of every summary row, in order.
constexpr std::array<std::array<std::string_view, 2>, 3> kBoundMembers{
    {{"day_start", "day_end"}, {"month_start", "month_end"}, {"year_start", "year_end"}}};

constexpr Summary kDaily{"/api/v1/energy/daily-summary", R"sql(
SELECT (extract(epoch FROM period_start) * 1000000)::bigint,
       (extract(epoch FROM period_end) * 1000000)::bigint,
       energy_consumption_kwh, measurement_count
FROM energy_summary_between('day', $1::timestamptz, $2::timestamptz)
ORDER BY period_start)sql",
                         0};

constexpr Summary kMonthly{"/api/v1/energy/monthly-summary", R"sql(
SELECT (extract(epoch FROM period_start) * 1000000)::bigint,
       (extract(epoch FROM period_end) * 1000000)::bigint,
       energy_consumption_kwh, measurement_count
FROM energy_summary_between('month', $1::timestamptz, $2::timestamptz)
ORDER BY period_start)sql",
                           1};

constexpr Summary kYearly{"/api/v1/energy/yearly-summary", R"sql(
SELECT (extract(epoch FROM period_start) * 1000000)::bigint,
       (extract(epoch FROM period_end) * 1000000)::bigint,
       energy_consumption_kwh, measurement_count
FROM energy_summary_between('year', $1::timestamptz, $2::timestamptz)
ORDER BY period_start)sql",
                          2};

asio::awaitable<Response> latest(RouteContext context) {
  const auto result = co_await context.database.query(kLatestSql);
  if (result.rows() == 0) {
    throw core::http::Error(Status::not_found, "no data");
  }
  co_return json_row_response(result, [](RowWriter& row) {
    row.timestamp("ts")
        .integer("consumption_total_w")
        .integer("consumption_total_actual_w")
        .integer("consumption_l1_actual_w")
        .integer("consumption_l2_actual_w")
        .integer("consumption_l3_actual_w");
  });
}

// The current UTC hour so far; the baseline is the last reading before the hour.
asio::awaitable<Response> hourly_total(RouteContext context) {
  const auto now = context.now();
  const auto hour_start = std::chrono::floor<std::chrono::hours>(now);
  const auto result = co_await context.database.query(kHourTotalSql, format_utc(hour_start));
  json::value total = 0.0;
  if (result.rows() > 0) {
    total = nullptr;
    const auto text = result.text(0, 0);
    if (!result.is_null(0, 0) && text != "NaN" && text != "Infinity" && text != "-Infinity") {
      total = result.number(0, 0);
    }
  }
  co_return json_response(json::object{{"total_kwh", total},
                                       {"hour_start", format_utc(hour_start)},
                                       {"current_time", format_utc(now)}});
}

asio::awaitable<Response> history(RouteContext context, Request& request) {
  const auto range = parse_time_range(request, context.now());
  const auto result =
      co_await context.database.query(kHistorySql, format_utc(range.from), format_utc(range.to));
  co_return json_rows_response(result, [](RowWriter& row) {
    row.timestamp("hour_start")
        .timestamp("hour_end")
        .number("total_energy_kwh")
        .number("avg_power_l1_kw")
        .number("avg_power_l2_kw")
        .number("avg_power_l3_kw")
        .number("avg_power_total_kw")
        .integer("measurement_count");
  });
}

// Every row carries all six bound members; only the pair of the requested period is non-null.
asio::awaitable<Response> summary(RouteContext context, Request& request, Summary kind) {
  const auto range = parse_time_range(request, context.now());
  const auto result =
      co_await context.database.query(kind.sql, format_utc(range.from), format_utc(range.to));
  co_return json_rows_response(result, [&kind](RowWriter& row) {
    for (std::size_t period = 0; period < kBoundMembers.size(); ++period) {
      const auto& [start, end] = kBoundMembers[period];
      if (period == kind.period) {
        row.timestamp(start).timestamp(end);
      } else {
        row.null(start).null(end);
      }
    }
    row.number("energy_consumption_kwh").integer("measurement_count");
  });
}

ApiRoute summary_route(const RouteContext& context, const Summary& kind) {
  return {core::http::Verb::get, kind.path, "energy",
          [context, kind](Request& request) { return summary(context, request, kind); }};
}

}  // namespace

std::vector<ApiRoute> energy_routes(const RouteContext& context) {
  using core::http::Verb;
  return {
      {Verb::get, "/api/v1/energy/latest", "energy",
       [context](Request&) { return latest(context); }},
      {Verb::get, "/api/v1/energy/hourly-total", "energy",
       [context](Request&) { return hourly_total(context); }},
      {Verb::get, "/api/v1/energy/history", "energy",
       [context](Request& request) { return history(context, request); }},
      summary_route(context, kDaily),
      summary_route(context, kMonthly),
      summary_route(context, kYearly),
  };
}

}  // namespace homelab_api
