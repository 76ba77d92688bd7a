#pragma once

#include <filesystem>
#include <string>

namespace migrate {

struct UpOptions {
  std::string conninfo;  // any database on the server
  std::string database;
  std::filesystem::path migrations;
  bool create_database = false;
  std::string time_zone = "Europe/Stockholm";
  bool dry_run = false;
};

// `homelab-migrate up` (contracts/database.md section 8.2): validates the files, the roles and
// the time zone, prepares the database, verifies the applied history and applies what is pending.
// With dry_run nothing is created or changed. Throws Failure with the matching exit code.
void run_up(const UpOptions& options);

}  // namespace migrate
