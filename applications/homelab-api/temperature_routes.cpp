#include "temperature_routes.hpp"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/http/error.hpp"
#include "row_writer.hpp"
#include "utc_timestamp.hpp"

namespace homelab_api {
namespace {

namespace asio = boost::asio;
using core::http::Error;
using core::http::Request;
using core::http::Response;
using core::http::Status;

constexpr std::int64_t kDefaultHours = 24;
constexpr std::int64_t kMaxHours = 8760;

// The (location, time DESC) index finds the newest row of a location directly.
constexpr const char* kLatestSql = R"sql(
SELECT (extract(epoch FROM time) * 1000000)::bigint, location, temperature_c, humidity,
       battery_percent
FROM temperature_sensors
WHERE location = $1
ORDER BY time DESC, device_id
LIMIT 1)sql";

// The newest row of every location. The locations are walked through the (location, time DESC)
// index one after the other (a loose index scan), so the cost grows with the number of
// locations, not with the years of readings that DISTINCT ON would read.
constexpr const char* kAllLatestSql = R"sql(
WITH RECURSIVE locations AS (
    (SELECT location FROM temperature_sensors
     WHERE location IS NOT NULL ORDER BY location LIMIT 1)
    UNION ALL
    SELECT (SELECT t.location FROM temperature_sensors AS t
            WHERE t.location > l.location ORDER BY t.location LIMIT 1)
    FROM locations AS l
    WHERE l.location IS NOT NULL
)
SELECT (extract(epoch FROM r.time) * 1000000)::bigint, r.location, r.temperature_c, r.humidity,
       r.battery_percent
FROM locations AS l
CROSS JOIN LATERAL (
    SELECT t.time, t.location, t.temperature_c, t.humidity, t.battery_percent
    FROM temperature_sensors AS t
    WHERE t.location = l.location
    ORDER BY t.time DESC, t.device_id
    LIMIT 1) AS r
ORDER BY r.location)sql";

constexpr const char* kHistorySql = R"sql(
SELECT (extract(epoch FROM time) * 1000000)::bigint, device_id, mac_address, location,
       temperature_c, temperature_f, humidity, wifi_rssi, battery_voltage, battery_percent
FROM temperature_sensors
WHERE location = $1 AND time > $2::timestamptz
ORDER BY time, device_id)sql";

std::string required_location(const Request& request) {
  const auto location = request.query_param("location");
  if (!location || location->empty()) {
    throw Error(Status::bad_request, "missing 'location'");
  }
  return std::string(*location);
}

std::int64_t hours_parameter(const Request& request) {
  const auto value = request.query_param("hours");
  if (!value) {
    return kDefaultHours;
  }
  std::int64_t hours = 0;
  const auto* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, hours);
  if (value->empty() || ec != std::errc() || ptr != end || hours < 1 || hours > kMaxHours) {
    throw Error(Status::bad_request, "invalid 'hours': expected an integer in 1..8760");
  }
  return hours;
}

void latest_row(RowWriter& row) {
  row.timestamp("time")
      .text("location")
      .number("temperature_c")
      .number("humidity")
      .number("battery_percent");
}

asio::awaitable<Response> latest(RouteContext context, Request& request) {
  const auto location = required_location(request);
  const auto result = co_await context.database.query(kLatestSql, location);
  if (result.rows() == 0) {
    throw Error(Status::not_found, "no data");
  }
  co_return json_row_response(result, latest_row);
}

asio::awaitable<Response> all_latest(RouteContext context) {
  const auto result = co_await context.database.query(kAllLatestSql);
  co_return json_rows_response(result, latest_row);
}

asio::awaitable<Response> history(RouteContext context, Request& request) {
  const auto location = required_location(request);
  const auto since = context.now() - std::chrono::hours(hours_parameter(request));
  const auto result = co_await context.database.query(kHistorySql, location, format_utc(since));
  co_return json_rows_response(result, [](RowWriter& row) {
    row.timestamp("time")
        .text("device_id")
        .text("mac_address")
        .text("location")
        .number("temperature_c")
        .number("temperature_f")
        .number("humidity")
        .number("wifi_rssi")
        .number("battery_voltage")
        .number("battery_percent");
  });
}

}  // namespace

std::vector<ApiRoute> temperature_routes(const RouteContext& context) {
  using core::http::Verb;
  return {
      {Verb::get, "/api/v1/temperature/latest", "temperature",
       [context](Request& request) { return latest(context, request); }},
      {Verb::get, "/api/v1/temperature/all-latest", "temperature",
       [context](Request&) { return all_latest(context); }},
      {Verb::get, "/api/v1/temperature/history", "temperature",
       [context](Request& request) { return history(context, request); }},
  };
}

}  // namespace homelab_api
