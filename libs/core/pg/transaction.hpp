#pragma once

#include "core/pg/connection.hpp"

namespace core::pg {

// BEGIN on construction, ROLLBACK on destruction unless commit() was called.
class Transaction {
 public:
  enum class Mode { read_write, read_only };

  explicit Transaction(Connection& conn, Mode mode = Mode::read_write);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction(Transaction&&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Result exec(std::string_view sql, Params params = {}) { return conn_.exec(sql, params); }
  Connection& connection() { return conn_; }
  void commit();

 private:
  Connection& conn_;
  bool done_ = false;
};

}  // namespace core::pg
