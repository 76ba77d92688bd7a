#include "connection_settings.hpp"

#include <libpq-fe.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace sink {
namespace {

struct OptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

// Keyword/value syntax: single quotes around every value, backslash before ' and \.
void append_setting(std::string& out, std::string_view keyword, std::string_view value) {
  if (!out.empty()) {
    out.push_back(' ');
  }
  out.append(keyword);
  out += "='";
  for (const char c : value) {
    if (c == '\'' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  out.push_back('\'');
}

}  // namespace

std::string sink_conninfo(const std::string& conninfo, std::chrono::seconds connect_timeout) {
  char* error = nullptr;
  const std::unique_ptr<PQconninfoOption, OptionsDeleter> options(
      PQconninfoParse(conninfo.c_str(), &error));
  if (!options) {
    // libpq's message may quote parts of the string, which can hold the password.
    PQfreemem(error);
    throw std::invalid_argument("not a valid libpq connection string or URI");
  }
  std::map<std::string, std::string> settings = {
      {"connect_timeout", std::to_string(connect_timeout.count())},
      {"keepalives", "1"},
      {"keepalives_idle", "30"},
      {"keepalives_interval", "10"},
      {"keepalives_count", "3"},
      {"application_name", "telemetry-sink"},
  };
  for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr) {
      settings[option->keyword] = option->val;
    }
  }
  std::string out;
  for (const auto& [keyword, value] : settings) {
    append_setting(out, keyword, value);
  }
  return out;
}

}  // namespace sink
