// Migrations db/<database>/NNN_name[.timescaledb|.postgres].sql: numbered 001.. without gaps or
// duplicates, applied and recorded in schema_migrations by homelab-migrate, and never edited once
// released: db/migrations.lock holds the sha256 of every migration (sha256sum format), added in
// the change that adds the file, so any later edit shows.
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "cpp_scan.hpp"
#include "rules/rules.hpp"
#include "sha256.hpp"

namespace arch_review {
namespace {

constexpr std::string_view kLockFile = "db/migrations.lock";
constexpr std::string_view kRunnerDir = "applications/homelab-migrate/";

struct Version {
  std::set<std::string> names;
  std::set<std::string> modes;  // "" for a file that serves both modes
  std::vector<std::string> files;
};

std::string padded(int version) {
  std::string text = std::to_string(version);
  return std::string(text.size() < 3 ? 3 - text.size() : 0, '0') + text;
}

// Database directory -> version -> its files.
using Catalogue = std::map<std::string, std::map<int, Version>>;

Catalogue catalogue(const SourceTree& tree, RuleOutput& out, std::vector<std::string>& files) {
  static const std::regex migration_name(
      R"((\d{3})_([a-z0-9_]+?)(\.(timescaledb|postgres))?\.sql)");
  Catalogue result;
  for (const auto& file : tree.under("db/")) {
    const auto slash = file.find('/', 3);
    if (!file.ends_with(".sql") || slash == std::string::npos ||
        file.find('/', slash + 1) != std::string::npos) {
      continue;
    }
    const auto name = file_name(file);
    std::smatch match;
    if (!std::regex_match(name, match, migration_name)) {
      out.violation({file}, 0,
                    "is not a migration name (NNN_name.sql, NNN_name.timescaledb.sql or "
                    "NNN_name.postgres.sql)");
      continue;
    }
    auto& version = result[file.substr(0, slash)][std::stoi(match.str(1))];
    version.names.insert(match.str(2));
    version.modes.insert(match.str(4));
    version.files.push_back(file);
    files.push_back(file);
  }
  return result;
}

void check_numbering(const Catalogue& databases, RuleOutput& out) {
  for (const auto& [directory, versions] : databases) {
    int expected = 1;
    for (const auto& [number, version] : versions) {
      if (number != expected) {
        out.violation(version.files, 0,
                      directory + ": migration " + padded(expected) +
                          (number > expected + 1 ? "-" + padded(number - 1) : "") +
                          " is missing before " + padded(number) +
                          " (numbers run from 001 without gaps)");
      }
      expected = number + 1;
      const bool mixed = version.modes.contains("") && version.modes.size() > 1;
      if (version.names.size() > 1 || mixed) {
        std::string list;
        for (const auto& file : version.files) {
          list += (list.empty() ? "" : ", ") + file_name(file);
        }
        out.violation(
            version.files, 0,
            directory + ": version " + padded(number) + " is defined twice (" + list + ")");
      }
    }
  }
}

void check_runner_records(const SourceTree& tree, const std::vector<std::string>& migrations,
                          RuleOutput& out) {
  static const std::regex record_statement(R"(\binsert\s+into\s+schema_migrations\b)",
                                           std::regex::icase);
  for (const auto& file : tree.under(kRunnerDir)) {
    if (file.find("/tests/") != std::string::npos || !file.ends_with(".cpp")) {
      continue;
    }
    const auto text = tree.read(file);
    for (const auto& literal : scan_cpp(text.value_or("")).literals) {
      if (std::regex_search(literal.text, record_statement)) {
        return;
      }
    }
  }
  out.violation(migrations, 0,
                "no INSERT INTO schema_migrations in " + std::string(kRunnerDir) +
                    ": the runner must record every applied migration");
}

void check_lock(const SourceTree& tree, const std::vector<std::string>& migrations,
                RuleOutput& out) {
  const std::string lock_file(kLockFile);
  const auto lock = tree.read(lock_file);
  if (!lock) {
    out.violation({lock_file}, 0,
                  "is missing; create it with `sha256sum db/*/[0-9]*.sql > db/migrations.lock`");
    return;
  }
  static const std::regex lock_entry(R"(([0-9a-f]{64}) [ *](\S+))");
  std::map<std::string, std::string> released;
  std::istringstream in(*lock);
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    std::smatch match;
    if (line.empty() || line.starts_with('#')) {
      continue;
    }
    if (!std::regex_match(line, match, lock_entry)) {
      out.violation({lock_file}, line_number, "is not `<sha256>  <path>`");
      continue;
    }
    released[match.str(2)] = match.str(1);
  }
  for (const auto& [file, recorded] : released) {
    const auto text = tree.read(file);
    if (!tree.contains(file) || !text) {
      out.violation({file, lock_file}, 0,
                    "released migration was removed (listed in " + lock_file + ")");
    } else if (const auto actual = sha256_hex(*text); actual != recorded) {
      out.violation({file, lock_file}, 0,
                    "released migration was edited: sha256 " + actual + ", " + lock_file + " has " +
                        recorded + "; add a new migration instead");
    }
  }
  for (const auto& file : migrations) {
    if (!released.contains(file)) {
      out.violation({file, lock_file}, 0,
                    "is not in " + lock_file +
                        "; add its line in the change that adds it (`sha256sum " + file + " >> " +
                        lock_file + "`)");
    }
  }
}

}  // namespace

void check_migrations(const SourceTree& tree, RuleOutput& out) {
  std::vector<std::string> migrations;
  const auto databases = catalogue(tree, out, migrations);
  out.set_checked(std::to_string(migrations.size()) + " migrations in " +
                  std::to_string(databases.size()) + " databases");
  if (migrations.empty()) {
    return;
  }
  check_numbering(databases, out);
  check_runner_records(tree, migrations, out);
  check_lock(tree, migrations, out);
}

}  // namespace arch_review
