#pragma once

#include <string>
#include <vector>

#include "history.hpp"
#include "migration_files.hpp"

namespace migrate {

enum class State { applied, pending, changed, missing };

// One version as the files and schema_migrations see it together.
struct PlanEntry {
  int version = 0;
  State state = State::pending;
  const MigrationFile* file = nullptr;        // null when missing
  const AppliedMigration* applied = nullptr;  // null when pending
};

// Every version of `files` (already chosen for the database's mode) and of `applied`, ascending.
std::vector<PlanEntry> make_plan(const std::vector<MigrationFile>& files,
                                 const std::vector<AppliedMigration>& applied);

// Human label of an entry: the file name, or for a missing file the recorded version and name.
std::string label(const PlanEntry& entry);

// Throws Failure(refused) naming every changed or missing file; nothing may be applied then.
void refuse_if_tampered(const std::vector<PlanEntry>& plan, const std::string& dir);

}  // namespace migrate
