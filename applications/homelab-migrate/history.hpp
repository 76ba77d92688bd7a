#pragma once

#include <string>
#include <vector>

#include "core/pg/connection.hpp"
#include "migration_files.hpp"

namespace migrate {

// One row of schema_migrations (contracts/database.md section 8.1).
struct AppliedMigration {
  int version = 0;
  std::string name;
  std::string checksum;
  std::string applied_at;  // RFC 3339, UTC
};

struct History {
  bool table_exists = false;
  std::vector<AppliedMigration> applied;  // ascending version
};

// Reads schema_migrations. Throws Failure(refused) for a table without the checksum column,
// which the original implementation created and whose history cannot be verified.
History load_history(core::pg::Connection& conn);

void create_history_table(core::pg::Connection& conn);

// Inserts the file's row; called inside the file's transaction when it has one.
void record_applied(core::pg::Connection& conn, const MigrationFile& file);

}  // namespace migrate
