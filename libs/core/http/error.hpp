#pragma once

#include <stdexcept>
#include <string>

#include "core/http/response.hpp"

namespace core::http {

// Thrown from a handler (or by read_json) to answer with error(status, message). The message goes
// to the client, so it must not carry internal details; any other exception becomes a 500
// {"error":"internal error"} and is only logged.
class Error : public std::runtime_error {
 public:
  Error(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  Status status() const noexcept { return status_; }

 private:
  Status status_;
};

}  // namespace core::http
