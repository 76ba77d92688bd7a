#include "stream_record.hpp"

#include <boost/json/parse.hpp>

#include "core/time/rfc3339.hpp"

namespace energy_ws {

std::optional<Clock::time_point> reading_time(std::string_view value,
                                              Clock::time_point record_time) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(value, ec);
  if (ec || !parsed.is_object()) {
    return std::nullopt;
  }
  const auto* ts = parsed.get_object().if_contains("ts");
  if (ts != nullptr && ts->is_string()) {
    if (const auto time = core::time::parse_rfc3339(ts->get_string())) {
      return std::chrono::time_point_cast<Clock::duration>(*time);
    }
  }
  return record_time;
}

}  // namespace energy_ws
