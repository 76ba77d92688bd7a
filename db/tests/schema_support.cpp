#include "schema_support.hpp"

#include <vector>

#include "testing/migrate.hpp"

namespace db_test {

void migrate(const std::string& database, const std::string& schema) {
  std::vector<std::string> extra_args;
  if (schema == "telemetry") {
    extra_args = {"--time-zone", "Europe/Stockholm"};
  }
  testing_support::migrate(K12N_HOMELAB_MIGRATE, std::string(K12N_DB_DIR) + "/" + schema, database,
                           extra_args);
}

std::string sqlstate_of(core::pg::Connection& conn, const std::string& sql) {
  try {
    conn.exec_script(sql);
  } catch (const core::pg::Error& e) {
    return e.sqlstate();
  }
  return {};
}

std::vector<std::string> rows_of(core::pg::Connection& conn, const std::string& sql) {
  const auto r = conn.exec(sql);
  std::vector<std::string> rows;
  for (int row = 0; row < r.rows(); ++row) {
    std::string line;
    for (int col = 0; col < r.columns(); ++col) {
      if (col > 0) {
        line += '|';
      }
      line += r.is_null(row, col) ? std::string("null") : std::string(r.text(row, col));
    }
    rows.push_back(std::move(line));
  }
  return rows;
}

std::int64_t insert_rows(core::pg::Connection& conn, const std::string& table,
                         const std::string& columns, const std::vector<std::string>& rows) {
  std::string values;
  for (const auto& row : rows) {
    values += (values.empty() ? "" : ", ") + row;
  }
  return conn
      .exec("INSERT INTO " + table + " (" + columns + ") VALUES " + values +
            " ON CONFLICT DO NOTHING")
      .affected();
}

}  // namespace db_test
