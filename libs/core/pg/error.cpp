#include "core/pg/error.hpp"

#include <cstdlib>

namespace core::pg {

Error::Error(const std::string& message, std::string sqlstate, int position)
    : std::runtime_error(message), sqlstate_(std::move(sqlstate)), position_(position) {}

Error Error::from_result(const PGresult* result, const std::string& context) {
  const auto field = [result](int code) -> std::string {
    const char* value = PQresultErrorField(result, code);
    return value == nullptr ? std::string() : std::string(value);
  };
  std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) {
    message = PQresultErrorMessage(result);
  }
  if (const auto detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
    message += " (" + detail + ")";
  }
  if (!context.empty()) {
    message = context + ": " + message;
  }
  const auto position = field(PG_DIAG_STATEMENT_POSITION);
  return {message, field(PG_DIAG_SQLSTATE),
          position.empty() ? 0 : static_cast<int>(std::strtol(position.c_str(), nullptr, 10))};
}

bool Error::transient() const {
  // Empty SQLSTATE: the client lost the connection before the server answered.
  return sqlstate_.empty() || sqlstate_.starts_with("08") || sqlstate_ == "40001" ||
         sqlstate_ == "40P01" || sqlstate_ == "57P01" || sqlstate_ == "57P02" ||
         sqlstate_ == "57P03" || sqlstate_ == "53300";
}

}  // namespace core::pg
