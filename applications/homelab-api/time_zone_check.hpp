#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "telemetry_database.hpp"

namespace homelab_api {

// Compares the configured time_zone with platform_config.time_zone once the database answers
// (retrying every 30 s until it does) and logs an error on a mismatch. The summaries always use
// the database's zone, because the views compute them; the configured value only tells the
// operator that the deployment disagrees with itself.
boost::asio::awaitable<void> check_time_zone(TelemetryDatabase& database, std::string configured);

}  // namespace homelab_api
