#include "core/log/log_settings.hpp"

namespace core::log {

void read_log_settings(config::Reader& reader, Format& format, std::string& level) {
  const auto format_name = reader.string("log.format", "auto");
  if (!parse_format(format_name, format)) {
    reader.add_problem("log.format: '" + format_name + "' is not one of auto, json, text");
  }
  level = reader.string("log.level", level);
  if (spdlog::level::from_str(level) == spdlog::level::off && level != "off") {
    reader.add_problem("log.level: '" + level +
                       "' is not one of trace, debug, info, warn, error, critical, off");
  }
}

}  // namespace core::log
