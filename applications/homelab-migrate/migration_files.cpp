#include "migration_files.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

#include "checksum.hpp"
#include "exit_codes.hpp"

namespace migrate {
namespace {

constexpr std::string_view kNoTransactionMarker = "-- migrate:no-transaction";

bool starts_with_marker(std::string_view contents) {
  auto first_line = contents.substr(0, contents.find('\n'));
  while (!first_line.empty() &&
         (first_line.back() == '\r' || first_line.back() == ' ' || first_line.back() == '\t')) {
    first_line.remove_suffix(1);
  }
  return first_line == kNoTransactionMarker;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Failure(Exit::usage, "cannot read " + path.string());
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool applies_in(const MigrationFile& file, Mode mode) {
  return !file.only_in || *file.only_in == mode;
}

// A version may come as one plain file or as one variant per mode, never twice for one mode.
void check_unique_versions(const std::vector<MigrationFile>& files,
                           std::vector<std::string>& problems) {
  std::map<int, std::vector<const MigrationFile*>> by_version;
  for (const auto& f : files) {
    by_version[f.version].push_back(&f);
  }
  const auto count = [](const std::vector<const MigrationFile*>& group, Mode mode) {
    return std::count_if(group.begin(), group.end(),
                         [mode](const MigrationFile* f) { return applies_in(*f, mode); });
  };
  for (const auto& [version, group] : by_version) {
    if (count(group, Mode::timescaledb) > 1 || count(group, Mode::plain) > 1) {
      std::string names;
      for (const auto* f : group) {
        names += (names.empty() ? "" : ", ") + f->filename();
      }
      problems.push_back("version " + std::to_string(version) +
                         " is defined more than once for one mode: " + names);
    }
  }
}

}  // namespace

std::optional<FileName> parse_file_name(std::string_view filename) {
  static const std::regex pattern(
      R"(([0-9]{3,})_([a-z0-9]+(?:_[a-z0-9]+)*)(?:\.(timescaledb|postgres))?\.sql)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(filename.begin(), filename.end(), match, pattern)) {
    return std::nullopt;
  }
  FileName out;
  const auto digits = match[1];
  const auto [end, ec] =
      std::from_chars(&*digits.first, &*digits.first + digits.length(), out.version);
  if (ec != std::errc() || out.version <= 0) {
    return std::nullopt;
  }
  out.name = match[2].str();
  if (match[3].matched) {
    out.only_in = match[3].str() == "timescaledb" ? Mode::timescaledb : Mode::plain;
  }
  return out;
}

std::vector<MigrationFile> load_migration_files(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw Failure(Exit::usage, "migrations directory " + dir.string() + " does not exist");
  }
  const std::filesystem::directory_iterator entries(dir, ec);
  if (ec) {
    throw Failure(Exit::usage,
                  "cannot read the migrations directory " + dir.string() + ": " + ec.message());
  }
  std::vector<MigrationFile> files;
  std::vector<std::string> problems;
  for (const auto& entry : entries) {
    const auto filename = entry.path().filename().string();
    if (filename.starts_with('.') || entry.path().extension() != ".sql" ||
        !std::filesystem::is_regular_file(entry.path())) {
      continue;
    }
    const auto parsed = parse_file_name(filename);
    if (!parsed) {
      problems.push_back(filename +
                         ": not a migration file name (expected NNN_snake_case_name.sql, "
                         "NNN_name.timescaledb.sql or NNN_name.postgres.sql, NNN >= 001)");
      continue;
    }
    MigrationFile file;
    file.version = parsed->version;
    file.name = parsed->name;
    file.only_in = parsed->only_in;
    file.path = entry.path();
    file.contents = read_bytes(entry.path());
    file.checksum = sha256_hex(file.contents);
    file.no_transaction = starts_with_marker(file.contents);
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(), [](const MigrationFile& a, const MigrationFile& b) {
    return a.version != b.version ? a.version < b.version : a.filename() < b.filename();
  });
  check_unique_versions(files, problems);
  if (!problems.empty()) {
    std::string message = "refusing to run: " + std::to_string(problems.size()) +
                          " problem(s) with the files in " + dir.string();
    for (const auto& p : problems) {
      message += "\n  - " + p;
    }
    throw Failure(Exit::refused, message);
  }
  return files;
}

std::vector<MigrationFile> files_for_mode(const std::vector<MigrationFile>& files, Mode mode) {
  std::vector<MigrationFile> out;
  std::copy_if(files.begin(), files.end(), std::back_inserter(out),
               [mode](const MigrationFile& f) { return applies_in(f, mode); });
  return out;
}

}  // namespace migrate
