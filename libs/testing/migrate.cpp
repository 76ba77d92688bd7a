#include "testing/migrate.hpp"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <utility>

#include "testing/run_command.hpp"
#include "testing/stack_env.hpp"
#include "testing/temp_database.hpp"

namespace testing_support {
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
  return stack_env(stack_variable) + " dbname=" + database;
}

void migrate(const std::string& homelab_migrate, const std::string& migrations_dir,
             const std::string& database, const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {
      homelab_migrate, "up",     "--database-url", TempDatabase::admin_conninfo(),
      "--database",    database, "--migrations",   migrations_dir};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  const auto password = [](const char* dsn_variable) {
    return conninfo_value(stack_env(dsn_variable), "password");
  };
  const std::vector<std::string> env = {
      "TELEMETRY_WRITER_PASSWORD=" + password("K12N_TELEMETRY_WRITER_DSN"),
      "TELEMETRY_READER_PASSWORD=" + password("K12N_TELEMETRY_READER_DSN"),
      "SETTINGS_APP_PASSWORD=" + password("K12N_SETTINGS_DSN"),
  };
  const auto result = run_command(std::move(argv), env);
  if (result.exit_code != 0) {
    throw std::runtime_error("homelab-migrate up (" + migrations_dir + ") exited with " +
                             std::to_string(result.exit_code) + ":\n" + result.output);
  }
}

}  // namespace testing_support
