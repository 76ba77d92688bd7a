#include "utc_timestamp.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace homelab_api {

std::string format_utc(core::time::TimePoint t) {
  using std::chrono::days;
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  const auto micros = static_cast<int>(hms.subseconds().count());
  std::array<char, 40> buf{};
  const int date_len = std::snprintf(
      buf.data(), buf.size(), "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()));
  std::string out(buf.data(), static_cast<std::size_t>(date_len));
  if (micros != 0) {
    const bool whole_millis = micros % 1000 == 0;
    std::snprintf(buf.data(), buf.size(), whole_millis ? ".%03d" : ".%06d",
                  whole_millis ? micros / 1000 : micros);
    out += buf.data();
  }
  out += 'Z';
  return out;
}

core::time::TimePoint from_unix_micros(std::int64_t micros) {
  return core::time::TimePoint{std::chrono::microseconds{micros}};
}

}  // namespace homelab_api
