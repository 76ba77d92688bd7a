#pragma once

#include <libpq-fe.h>

#include <stdexcept>
#include <string>

namespace core::pg {

// A failed PostgreSQL operation. transient() tells whether retrying later can succeed
// (connection lost, serialization failure, deadlock, server starting or shutting down).
class Error : public std::runtime_error {
 public:
  Error(const std::string& message, std::string sqlstate, int position = 0);
  // Built from a failed result: message, SQLSTATE, detail and statement position.
  static Error from_result(const PGresult* result, const std::string& context);

  const std::string& sqlstate() const { return sqlstate_; }
  // 1-based character offset into the statement, 0 when the server gave none.
  int position() const { return position_; }
  bool transient() const;

 private:
  std::string sqlstate_;
  int position_;
};

}  // namespace core::pg
