#include "time_zone_check.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>

namespace homelab_api {
namespace {

constexpr std::chrono::seconds kRetryInterval{30};

constexpr const char* kTimeZoneSql = "SELECT time_zone FROM platform_config";

}  // namespace

boost::asio::awaitable<void> check_time_zone(TelemetryDatabase& database, std::string configured) {
  boost::asio::steady_timer retry(co_await boost::asio::this_coro::executor);
  for (;;) {
    std::optional<std::string> stored;
    try {
      const auto result = co_await database.query(kTimeZoneSql);
      stored = std::string(result.text(0, 0));
    } catch (const std::exception& e) {
      spdlog::warn("time zone check postponed: {}", e.what());
    }
    if (stored) {
      if (*stored == configured) {
        spdlog::info("time zone {} matches platform_config", configured);
      } else {
        spdlog::error(
            "time_zone mismatch: configured {}, platform_config.time_zone is {}; the summaries "
            "use {}",
            configured, *stored, *stored);
      }
      co_return;
    }
    retry.expires_after(kRetryInterval);
    co_await retry.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace homelab_api
