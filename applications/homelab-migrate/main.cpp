// homelab-migrate: the schema migration runner of one k12n database (contracts/database.md
// section 8), run by the GitOps migration Jobs and by deploy/local/stack.sh.
//
//   homelab-migrate [up] --database-url CONNINFO --database NAME --migrations DIR
//                        [--create-database] [--time-zone ZONE] [--dry-run]
//   homelab-migrate status --database-url CONNINFO --database NAME --migrations DIR
//   homelab-migrate refresh-aggregates --database-url CONNINFO --database NAME
//   (also spelled homelab-migrate --refresh-aggregates ...)
//
// Exit codes (exit_codes.hpp): 0 success or nothing to do, 1 a migration failed, 2 usage or
// configuration error, 3 refused (nothing applied), 4 database server unreachable.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "core/log/logging.hpp"
#include "core/pg/error.hpp"
#include "exit_codes.hpp"
#include "refresh.hpp"
#include "runner.hpp"
#include "status.hpp"

namespace {

std::string non_empty(const std::string& value) {
  return value.empty() ? "must not be empty" : std::string();
}

void add_server_options(CLI::App& command, migrate::UpOptions& o) {
  command
      .add_option("--database-url", o.conninfo,
                  "libpq connection string or URI of the server (any database on it)")
      ->envname("DATABASE_URL")
      ->required()
      ->check(non_empty);
  command.add_option("--database", o.database, "name of the database to migrate")
      ->envname("DATABASE_NAME")
      ->required()
      ->check(non_empty);
}

void add_migrations_option(CLI::App& command, migrate::UpOptions& o) {
  command.add_option("--migrations", o.migrations, "directory with the NNN_name.sql files")
      ->envname("MIGRATIONS_DIR")
      ->required();
}

// `up` is the default command: without a command name the arguments are those of `up`.
// `--refresh-aggregates` is the spelling of contracts/database.md section 5 for the command.
std::vector<std::string> with_default_command(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  if (const auto flag = std::find(args.begin() + 1, args.end(), "--refresh-aggregates");
      flag != args.end()) {
    args.erase(flag);
    args.insert(args.begin() + 1, "refresh-aggregates");
    return args;
  }
  const bool names_command = args.size() > 1 && !args[1].starts_with('-');
  const bool asks_help =
      args.size() > 1 && (args[1] == "-h" || args[1] == "--help" || args[1] == "--version");
  if (!names_command && !asks_help) {
    args.insert(args.begin() + 1, "up");
  }
  return args;
}

int exit_code(migrate::Exit code) {
  return static_cast<int>(code);
}

// CLI11 stops at the first missing option; the operator should see every missing one at once.
std::string missing_options(const CLI::App& app) {
  std::string out;
  for (const auto* command : app.get_subcommands()) {
    for (const auto* option : command->get_options()) {
      if (option->get_required() && option->count() == 0) {
        out += "\n  - " + option->get_name() + " (or environment " + option->get_envname() + ")";
      }
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Applies the numbered SQL migrations of one k12n database and records them in "
      "schema_migrations.",
      "homelab-migrate"};
  app.set_version_flag("--version", std::string(K12N_VERSION));
  app.require_subcommand(1);
  app.footer(migrate::kExitCodesHelp);

  migrate::UpOptions o;
  auto* up = app.add_subcommand("up", "apply pending migrations (the default command)");
  add_server_options(*up, o);
  add_migrations_option(*up, o);
  up->add_flag("--create-database", o.create_database, "create the database when it is missing");
  up->add_option("--time-zone", o.time_zone,
                 "IANA zone written to platform_config.time_zone (whole-hour offsets only)")
      ->envname("TIME_ZONE")
      ->capture_default_str();
  up->add_flag("--dry-run", o.dry_run,
               "validate everything and print what would be applied, changing nothing");
  auto* status =
      app.add_subcommand("status", "print applied, pending, changed and missing versions");
  add_server_options(*status, o);
  add_migrations_option(*status, o);
  auto* refresh = app.add_subcommand(
      "refresh-aggregates", "refresh every TimescaleDB continuous aggregate over its whole range");
  add_server_options(*refresh, o);

  const auto args = with_default_command(argc, argv);
  std::vector<const char*> native;
  native.reserve(args.size());
  for (const auto& a : args) {
    native.push_back(a.c_str());
  }
  try {
    app.parse(static_cast<int>(native.size()), native.data());
  } catch (const CLI::RequiredError& e) {
    if (const auto missing = missing_options(app); !missing.empty()) {
      std::cerr << "missing required settings:" << missing
                << "\nRun with --help for more information.\n";
      return exit_code(migrate::Exit::usage);
    }
    return app.exit(e) == 0 ? exit_code(migrate::Exit::ok) : exit_code(migrate::Exit::usage);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? exit_code(migrate::Exit::ok) : exit_code(migrate::Exit::usage);
  }

  core::log::init({.service = "homelab-migrate"});
  try {
    if (up->parsed()) {
      migrate::run_up(o);
      return exit_code(migrate::Exit::ok);
    }
    if (status->parsed()) {
      return exit_code(migrate::run_status(o.conninfo, o.database, o.migrations, std::cout));
    }
    migrate::run_refresh(o.conninfo, o.database);
    return exit_code(migrate::Exit::ok);
  } catch (const migrate::Failure& f) {
    spdlog::error("{}", f.what());
    return exit_code(f.code());
  } catch (const core::pg::Error& e) {
    spdlog::error("{}", e.what());
    const bool lost = e.sqlstate().empty() || e.sqlstate().starts_with("08");
    return exit_code(lost ? migrate::Exit::unreachable : migrate::Exit::migration_failed);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return exit_code(migrate::Exit::migration_failed);
  }
}
