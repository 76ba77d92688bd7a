#include "time_zone.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace bridge {
namespace {

static_assert(sizeof(std::time_t) >= 8, "the offset table reaches 2100, past a 32-bit time_t");

constexpr std::int64_t first_probe = 0;                          // 1970-01-01T00:00:00Z
constexpr std::int64_t last_probe = 4102444800;                  // 2100-01-01T00:00:00Z
constexpr std::int64_t probe_step = std::int64_t{24} * 60 * 60;  // one day

std::filesystem::path zoneinfo_dir() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read at start-up, like the C library does
  const char* dir = std::getenv("TZDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

// Sets TZ for its lifetime and restores the previous value. The lock serialises constructions;
// other threads must not convert local time while a TimeZone is being built (start-up).
class ScopedTz {
 public:
  explicit ScopedTz(const std::string& name) : lock_(mutex()) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): serialised by lock_
    if (const char* previous = std::getenv("TZ")) {
      previous_ = previous;
    }
    // A leading ':' makes the C library read the zoneinfo file and never parse a POSIX rule.
    setenv("TZ", (":" + name).c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    tzset();
  }
  ~ScopedTz() {
    if (previous_) {
      setenv("TZ", previous_->c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    } else {
      unsetenv("TZ");  // NOLINT(concurrency-mt-unsafe)
    }
    tzset();
  }
  ScopedTz(const ScopedTz&) = delete;
  ScopedTz& operator=(const ScopedTz&) = delete;

 private:
  static std::mutex& mutex() {
    static std::mutex instance;
    return instance;
  }

  std::lock_guard<std::mutex> lock_;
  std::optional<std::string> previous_;
};

std::int32_t offset_from_libc(std::int64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  localtime_r(&t, &local);
  return static_cast<std::int32_t>(local.tm_gmtoff);
}

}  // namespace

bool TimeZone::exists(std::string_view name) {
  if (name.empty() || name.front() == '/') {
    return false;
  }
  const std::filesystem::path relative(name);
  if (std::any_of(relative.begin(), relative.end(),
                  [](const auto& part) { return part == ".."; })) {
    return false;
  }
  std::ifstream file(zoneinfo_dir() / relative, std::ios::binary);
  std::array<char, 4> magic{};
  file.read(magic.data(), magic.size());
  return file && std::string_view(magic.data(), magic.size()) == "TZif";
}

TimeZone::TimeZone(std::string name) : name_(std::move(name)) {
  if (!exists(name_)) {
    throw std::invalid_argument("unknown time zone '" + name_ + "'");
  }
  const ScopedTz tz(name_);
  periods_.push_back({std::numeric_limits<std::int64_t>::min(), offset_from_libc(first_probe)});
  for (std::int64_t probe = first_probe + probe_step; probe <= last_probe; probe += probe_step) {
    // Each loop finds the first change after the last known one, until the probe's offset is
    // reached, so several changes within one step are all recorded.
    auto known = probe - probe_step;
    while (offset_from_libc(probe) != periods_.back().offset) {
      auto changed = probe;
      while (changed - known > 1) {
        const auto middle = known + (changed - known) / 2;
        if (offset_from_libc(middle) == periods_.back().offset) {
          known = middle;
        } else {
          changed = middle;
        }
      }
      periods_.push_back({changed, offset_from_libc(changed)});
      known = changed;
    }
  }
  for (const auto& period : periods_) {
    offsets_.push_back(period.offset);
  }
  std::sort(offsets_.begin(), offsets_.end());
  offsets_.erase(std::unique(offsets_.begin(), offsets_.end()), offsets_.end());
}

std::chrono::seconds TimeZone::utc_offset(core::time::TimePoint instant) const {
  const auto unix_seconds =
      std::chrono::floor<std::chrono::seconds>(instant.time_since_epoch()).count();
  const auto after = std::upper_bound(
      periods_.begin(), periods_.end(), unix_seconds,
      [](std::int64_t value, const Period& period) { return value < period.since; });
  return std::chrono::seconds{std::prev(after)->offset};
}

std::vector<core::time::TimePoint> TimeZone::to_utc(LocalTime local) const {
  // A candidate is the local time minus one of the zone's offsets; it is an answer when the zone
  // really uses that offset at that instant.
  std::vector<core::time::TimePoint> instants;
  for (const auto offset : offsets_) {
    const core::time::TimePoint candidate{local.time_since_epoch() - std::chrono::seconds{offset}};
    if (utc_offset(candidate) == std::chrono::seconds{offset}) {
      instants.push_back(candidate);
    }
  }
  std::sort(instants.begin(), instants.end());
  return instants;
}

}  // namespace bridge
