#pragma once

#include <string>

#include "core/config/reader.hpp"
#include "core/log/logging.hpp"

namespace core::log {

// Reads log.format (LOG_FORMAT: auto, json, text) into `format` and log.level (LOG_LEVEL: an
// spdlog level name) into `level`, keeping their values as defaults; each unknown name is a
// problem recorded in `reader`.
void read_log_settings(config::Reader& reader, Format& format, std::string& level);

}  // namespace core::log
