#pragma once

#include <string>
#include <vector>

namespace testing_support {

// Applies the migrations in `migrations_dir` to an existing database by running the real
// homelab-migrate binary (`homelab_migrate`, an absolute path) as the stack's superuser, with
// `extra_args` appended (e.g. --time-zone). The role passwords are taken from the stack's role
// DSNs, so the roles the runner creates (or re-keys) can log in. Throws with the runner's output
// when it exits non-zero.
void migrate(const std::string& homelab_migrate, const std::string& migrations_dir,
             const std::string& database, const std::vector<std::string>& extra_args = {});

// The stack's DSN of a role (K12N_TELEMETRY_WRITER_DSN, ...) pointed at `database`.
std::string role_conninfo(const char* stack_variable, const std::string& database);

}  // namespace testing_support
