#include "history.hpp"

#include "exit_codes.hpp"

namespace migrate {

History load_history(core::pg::Connection& conn) {
  const auto shape = conn.exec(
      "SELECT to_regclass('schema_migrations') IS NOT NULL, EXISTS (SELECT 1 FROM pg_attribute "
      "WHERE attrelid = to_regclass('schema_migrations') AND attname = 'checksum' "
      "AND NOT attisdropped)");
  History history;
  history.table_exists = shape.boolean(0, 0);
  if (!history.table_exists) {
    return history;
  }
  if (!shape.boolean(0, 1)) {
    throw Failure(Exit::refused,
                  "refusing to run: schema_migrations has no checksum column; it was created by "
                  "an older migration tool and its history cannot be verified (see "
                  "contracts/database.md section 8)");
  }
  const auto rows = conn.exec(
      "SELECT version, name, checksum, "
      "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
      "FROM schema_migrations ORDER BY version");
  for (int r = 0; r < rows.rows(); ++r) {
    history.applied.push_back({static_cast<int>(rows.integer(r, 0)), std::string(rows.text(r, 1)),
                               std::string(rows.text(r, 2)), std::string(rows.text(r, 3))});
  }
  return history;
}

void create_history_table(core::pg::Connection& conn) {
  conn.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), checksum TEXT NOT NULL)");
}

void record_applied(core::pg::Connection& conn, const MigrationFile& file) {
  conn.exec("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
            {file.version, file.name, file.checksum});
}

}  // namespace migrate
