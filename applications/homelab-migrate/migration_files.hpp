#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mode.hpp"

namespace migrate {

// What a migration file name says: NNN_snake_case_name.sql, or a mode variant
// NNN_name.timescaledb.sql / NNN_name.postgres.sql that applies in that mode only.
struct FileName {
  int version = 0;
  std::string name;
  std::optional<Mode> only_in;
};

// nullopt for anything else (bad characters, version 0, fewer than three digits, ...).
std::optional<FileName> parse_file_name(std::string_view filename);

struct MigrationFile {
  int version = 0;
  std::string name;
  std::optional<Mode> only_in;
  std::filesystem::path path;
  std::string contents;
  std::string checksum;
  // First line is "-- migrate:no-transaction": run statement by statement, outside a transaction.
  bool no_transaction = false;

  std::string filename() const { return path.filename().string(); }
};

// Every *.sql file of the directory, sorted by version. Other files (roles.yaml, a README) and
// hidden entries (the ..data links of a mounted ConfigMap) are ignored. Throws Failure: usage when
// the directory cannot be read, refused when a .sql name is malformed or a version is defined
// twice for one mode (all such problems reported at once).
std::vector<MigrationFile> load_migration_files(const std::filesystem::path& dir);

// The files that apply in `mode`: plain files plus that mode's variants.
std::vector<MigrationFile> files_for_mode(const std::vector<MigrationFile>& files, Mode mode);

}  // namespace migrate
