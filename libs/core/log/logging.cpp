#include "core/log/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <memory>

#include "core/time/rfc3339.hpp"

namespace core::log {
namespace {

// One JSON object per line: {"ts","level","logger","msg"}. Boost.JSON does the escaping.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    boost::json::object line;
    line["ts"] = time::format_rfc3339_ms(msg.time);
    const auto level = spdlog::level::to_string_view(msg.level);
    line["level"] = std::string_view(level.data(), level.size());
    line["logger"] = std::string_view(msg.logger_name.data(), msg.logger_name.size());
    line["msg"] = std::string_view(msg.payload.data(), msg.payload.size());
    const auto text = boost::json::serialize(line);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

}  // namespace

bool parse_format(const std::string& name, Format& out) {
  if (name == "json") {
    out = Format::json;
  } else if (name == "text") {
    out = Format::text;
  } else if (name == "auto") {
    out = Format::automatic;
  } else {
    return false;
  }
  return true;
}

bool init(const Options& options) {
  const auto level = spdlog::level::from_str(options.level);
  if (level == spdlog::level::off && options.level != "off") {
    return false;
  }
  auto logger = std::make_shared<spdlog::logger>(
      options.service, std::make_shared<spdlog::sinks::stdout_sink_mt>());
  const bool json =
      options.format == Format::json ||
      (options.format == Format::automatic && isatty(STDOUT_FILENO) == 0);
  if (json) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");
  }
  logger->set_level(level);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  return true;
}

}  // namespace core::log
