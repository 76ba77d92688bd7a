#pragma once

#include <stdexcept>
#include <string>

namespace migrate {

// Exit codes of homelab-migrate. The Kubernetes migration Job and deploy/local/stack.sh rely on
// them, so they never change meaning:
//   0 success, or nothing to do
//   1 a migration failed (that file is rolled back, earlier files stay applied)
//   2 usage or configuration error (options, migrations directory, roles.yaml, connection string)
//   3 refused: checksum mismatch, applied file missing, legacy schema_migrations, bad file names,
//     unsupported time zone; nothing was applied
//   4 the database server cannot be reached (or the connection was lost outside a migration)
enum class Exit : int { ok = 0, migration_failed = 1, usage = 2, refused = 3, unreachable = 4 };

// The same, for --help.
inline constexpr const char* kExitCodesHelp =
    "Exit codes:\n"
    "  0  success, or nothing to do\n"
    "  1  a migration failed (that file is rolled back, earlier files stay applied)\n"
    "  2  usage or configuration error\n"
    "  3  refused, nothing applied: applied file changed or missing, schema_migrations without\n"
    "     checksum, bad file names, unsupported time zone\n"
    "  4  database server unreachable";

// Ends the run with a message for the operator and the exit code that classifies it.
class Failure : public std::runtime_error {
 public:
  Failure(Exit code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Exit code() const { return code_; }

 private:
  Exit code_;
};

}  // namespace migrate
