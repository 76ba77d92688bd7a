#include "utc_timestamp.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace homelab_api {

namespace {

// `width` decimal digits of a non-negative value, zero-padded.
void append_digits(std::string& out, unsigned value, int width) {
  std::array<char, 10> buf{};
  for (int i = width - 1; i >= 0; --i) {
    buf[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf.data(), static_cast<std::size_t>(width));
}

}  // namespace

std::string format_utc(core::time::TimePoint t) {
  std::string out;
  append_utc(out, t);
  return out;
}

// Written digit by digit: snprintf was a visible share of large responses.
void append_utc(std::string& out, core::time::TimePoint t) {
  using std::chrono::days;
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  const auto micros = static_cast<unsigned>(hms.subseconds().count());
  const int year = static_cast<int>(ymd.year());
  if (year >= 0 && year <= 9999) {
    append_digits(out, static_cast<unsigned>(year), 4);
  } else {
    std::array<char, 16> buf{};
    const int length = std::snprintf(buf.data(), buf.size(), "%04d", year);
    out.append(buf.data(), static_cast<std::size_t>(length));
  }
  out += '-';
  append_digits(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  append_digits(out, static_cast<unsigned>(ymd.day()), 2);
  out += 'T';
  append_digits(out, static_cast<unsigned>(hms.hours().count()), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(hms.minutes().count()), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(hms.seconds().count()), 2);
  if (micros != 0) {
    out += '.';
    if (micros % 1000 == 0) {
      append_digits(out, micros / 1000, 3);
    } else {
      append_digits(out, micros, 6);
    }
  }
  out += 'Z';
}

core::time::TimePoint from_unix_micros(std::int64_t micros) {
  return core::time::TimePoint{std::chrono::microseconds{micros}};
}

}  // namespace homelab_api
