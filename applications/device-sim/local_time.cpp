#include "local_time.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>

namespace device_sim {

bool time_zone_exists(std::string_view name) {
  // A relative name without "..": TZ must not reach files outside the database.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return false;
  }
  const char* dir = std::getenv("TZDIR");  // NOLINT(concurrency-mt-unsafe): read at start-up
  const std::filesystem::path root = dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
  std::error_code error;
  return std::filesystem::is_regular_file(root / std::string(name), error);
}

void use_time_zone(const std::string& name) {
  ::setenv("TZ", name.c_str(), 1);  // NOLINT(concurrency-mt-unsafe): before threads start
  ::tzset();
}

std::string local_timestamp(std::time_t unix_seconds) {
  std::tm local{};
  ::localtime_r(&unix_seconds, &local);
  std::array<char, 32> text{};
  const auto length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &local);
  return {text.data(), length};
}

}  // namespace device_sim
