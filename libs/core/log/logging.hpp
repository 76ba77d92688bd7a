#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace core::log {

enum class Format { json, text, automatic };

struct Options {
  std::string service;
  Format format = Format::automatic;  // automatic: text on a terminal, JSON lines otherwise
  std::string level = "info";
};

// Installs the process-wide default logger on stdout. Returns false for an unknown level or format
// name, leaving the defaults in place.
bool init(const Options& options);
bool parse_format(const std::string& name, Format& out);

}  // namespace core::log
