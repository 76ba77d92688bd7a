#include "status.hpp"

#include <spdlog/fmt/fmt.h>

#include <ostream>

#include "database.hpp"
#include "history.hpp"
#include "migration_files.hpp"
#include "mode.hpp"
#include "plan.hpp"

namespace migrate {
namespace {

std::string describe(const PlanEntry& e) {
  switch (e.state) {
    case State::applied:
      return fmt::format("applied  {}", e.applied->applied_at);
    case State::pending:
      return "pending";
    case State::changed:
      return fmt::format("changed  file differs from the one applied {}", e.applied->applied_at);
    case State::missing:
      return fmt::format("missing  file, applied {}", e.applied->applied_at);
  }
  return {};
}

}  // namespace

Exit run_status(const std::string& conninfo, const std::string& database,
                const std::filesystem::path& migrations, std::ostream& out) {
  const auto files = load_migration_files(migrations);
  auto conn = connect(database_conninfo(conninfo, database));
  const auto history = load_history(conn);
  const auto mode = detect_mode(conn, history.applied.empty());
  const auto chosen = files_for_mode(files, mode);
  const auto plan = make_plan(chosen, history.applied);

  out << fmt::format("database {} ({} mode), migrations in {}\n", database, mode_name(mode),
                     migrations.string());
  bool tampered = false;
  for (const auto& e : plan) {
    out << fmt::format("{:<44} {}\n", label(e), describe(e));
    tampered = tampered || e.state == State::changed || e.state == State::missing;
  }
  return tampered ? Exit::refused : Exit::ok;
}

}  // namespace migrate
