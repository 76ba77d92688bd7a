#include "schema_support.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <utility>

#include "testing/run_command.hpp"
#include "testing/stack_env.hpp"
#include "testing/temp_database.hpp"

namespace db_test {
namespace {

struct ConninfoOptionsDeleter {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

// Value of `keyword` in a libpq conninfo string, parsed by libpq itself.
std::string conninfo_value(const std::string& conninfo, const std::string& keyword) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoOptionsDeleter> options(
      PQconninfoParse(conninfo.c_str(), &error));
  if (!options) {
    const std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("cannot parse a stack DSN: " + message);
  }
  for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (keyword == o->keyword && o->val != nullptr) {
      return o->val;
    }
  }
  return {};
}

}  // namespace

std::string role_conninfo(const char* stack_variable, const std::string& database) {
  // libpq keeps the last value of a repeated keyword, so this overrides the DSN's dbname.
  return testing_support::stack_env(stack_variable) + " dbname=" + database;
}

void migrate(const std::string& database, const std::string& schema) {
  const std::string binary = K12N_HOMELAB_MIGRATE;
  std::vector<std::string> argv = {
      binary,       "up",     "--database-url", testing_support::TempDatabase::admin_conninfo(),
      "--database", database, "--migrations",   std::string(K12N_DB_DIR) + "/" + schema};
  if (schema == "telemetry") {
    argv.insert(argv.end(), {"--time-zone", "Europe/Stockholm"});
  }
  const auto password = [](const char* dsn_variable) {
    return conninfo_value(testing_support::stack_env(dsn_variable), "password");
  };
  const std::vector<std::string> env = {
      "TELEMETRY_WRITER_PASSWORD=" + password("K12N_TELEMETRY_WRITER_DSN"),
      "TELEMETRY_READER_PASSWORD=" + password("K12N_TELEMETRY_READER_DSN"),
      "SETTINGS_APP_PASSWORD=" + password("K12N_SETTINGS_DSN"),
  };
  const auto result = testing_support::run_command(std::move(argv), env);
  if (result.exit_code != 0) {
    throw std::runtime_error("homelab-migrate up (" + schema + ") exited with " +
                             std::to_string(result.exit_code) + ":\n" + result.output);
  }
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
