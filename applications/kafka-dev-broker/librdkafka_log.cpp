#include "librdkafka_log.hpp"

#include <spdlog/spdlog.h>

#include <string_view>

namespace kafka_dev_broker {

void forward_librdkafka_log(const rd_kafka_t* /*handle*/, int level, const char* facility,
                            const char* text) {
  // Syslog severities: 0..3 errors, 4 warnings, 5..6 information, 7 debug. CONFWARN only says
  // that the mock's bookkeeping handle has no bootstrap.servers, which is on purpose.
  const auto spd = std::string_view(facility) == "CONFWARN" ? spdlog::level::debug
                   : level <= 3                             ? spdlog::level::err
                   : level == 4                             ? spdlog::level::warn
                   : level <= 6                             ? spdlog::level::info
                                                            : spdlog::level::debug;
  spdlog::log(spd, "librdkafka {}: {}", facility, text);
}

}  // namespace kafka_dev_broker
