#include "core/pg/transaction.hpp"

namespace core::pg {

Transaction::Transaction(Connection& conn, Mode mode) : conn_(conn) {
  conn_.exec_script(mode == Mode::read_only ? "BEGIN READ ONLY" : "BEGIN");
}

Transaction::~Transaction() {
  if (done_ || !conn_.healthy()) {
    return;
  }
  try {
    conn_.exec_script("ROLLBACK");
  } catch (const Error&) {
    // The connection is unusable; the pool discards it because healthy() turns false.
  }
}

void Transaction::commit() {
  done_ = true;
  conn_.exec_script("COMMIT");
}

}  // namespace core::pg
