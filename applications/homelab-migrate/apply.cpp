#include "apply.hpp"

#include <spdlog/spdlog.h>

#include "core/pg/transaction.hpp"
#include "exit_codes.hpp"
#include "history.hpp"
#include "sql_splitter.hpp"

namespace migrate {
namespace {

// Statements go one at a time so that an error maps to the statement it came from, even when the
// server reports no position (most execution-time errors).
void run_statements(core::pg::Connection& conn, const MigrationFile& file) {
  for (const auto& statement : split_statements(file.contents)) {
    try {
      conn.exec_script(statement.text);
    } catch (const core::pg::Error& e) {
      const auto line = line_of_position(statement, e.position());
      if (file.no_transaction) {
        spdlog::warn(
            "{} runs without a transaction: its statements before line {} stay applied "
            "and the whole file runs again on the next attempt",
            file.filename(), statement.line);
      }
      throw Failure(Exit::migration_failed,
                    file.path.string() + ":" + std::to_string(line) + ": " + e.what());
    }
  }
}

void record(core::pg::Connection& conn, const MigrationFile& file,
            core::pg::Transaction* transaction) {
  try {
    record_applied(conn, file);
    if (transaction != nullptr) {
      transaction->commit();  // deferred constraints are checked here
    }
  } catch (const core::pg::Error& e) {
    throw Failure(Exit::migration_failed, file.path.string() + ": " + e.what());
  }
}

}  // namespace

void apply_migration(core::pg::Connection& conn, const MigrationFile& file) {
  if (file.no_transaction) {
    run_statements(conn, file);
    record(conn, file, nullptr);
    return;
  }
  core::pg::Transaction transaction(conn);
  run_statements(conn, file);
  record(conn, file, &transaction);
}

}  // namespace migrate
