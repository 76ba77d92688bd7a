#include "core/pg/conninfo.hpp"

#include <libpq-fe.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace core::pg {
namespace {

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

struct OptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

}  // namespace

std::string with_database(const std::string& conninfo, const std::string& dbname) {
  char* error = nullptr;
  const std::unique_ptr<PQconninfoOption, OptionsDeleter> options(
      PQconninfoParse(conninfo.c_str(), &error));
  if (!options) {
    std::string message = "invalid PostgreSQL connection string";
    if (error != nullptr) {
      message += ": " + std::string(error);
      PQfreemem(error);
      while (message.back() == '\n') {
        message.pop_back();
      }
    }
    throw std::invalid_argument(message);
  }
  std::string out;
  // Only settings given in the string carry a value; libpq fills in defaults at connect time.
  for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr && std::string_view(option->keyword) != "dbname") {
      append_setting(out, option->keyword, option->val);
    }
  }
  append_setting(out, "dbname", dbname);
  return out;
}

std::string service_conninfo(const std::string& conninfo, const std::string& application_name,
                             std::chrono::seconds connect_timeout,
                             const std::string& forced_options) {
  char* error = nullptr;
  const std::unique_ptr<PQconninfoOption, OptionsDeleter> options(
      PQconninfoParse(conninfo.c_str(), &error));
  if (!options) {
    // libpq's message may quote the part it could not parse, which can be the password.
    PQfreemem(error);
    throw std::invalid_argument("not a valid libpq connection string or URI");
  }
  std::map<std::string, std::string> settings = {
      {"connect_timeout", std::to_string(connect_timeout.count())},
      {"keepalives", "1"},
      {"keepalives_idle", "30"},
      {"keepalives_interval", "10"},
      {"keepalives_count", "3"},
      {"application_name", application_name},
      // GSSAPI encryption is tried first by default; the platform's PostgreSQL has no Kerberos,
      // and the attempt initialises the Kerberos libraries in every service (0.6 MB resident).
      {"gssencmode", "disable"},
  };
  for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr) {
      settings[option->keyword] = option->val;
    }
  }
  if (!forced_options.empty()) {
    // The server applies startup options in order, so these win over the operator's.
    auto& startup = settings["options"];
    startup += startup.empty() ? "" : " ";
    startup += forced_options;
  }
  std::string out;
  for (const auto& [keyword, value] : settings) {
    append_setting(out, keyword, value);
  }
  return out;
}

}  // namespace core::pg
