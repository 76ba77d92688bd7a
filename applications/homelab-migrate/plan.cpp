#include "plan.hpp"

#include <map>

#include "exit_codes.hpp"

namespace migrate {

std::vector<PlanEntry> make_plan(const std::vector<MigrationFile>& files,
                                 const std::vector<AppliedMigration>& applied) {
  std::map<int, PlanEntry> entries;
  for (const auto& f : files) {
    entries[f.version] = {f.version, State::pending, &f, nullptr};
  }
  for (const auto& a : applied) {
    auto& e = entries[a.version];
    e.version = a.version;
    e.applied = &a;
    if (e.file == nullptr) {
      e.state = State::missing;
    } else {
      e.state = e.file->checksum == a.checksum ? State::applied : State::changed;
    }
  }
  std::vector<PlanEntry> out;
  out.reserve(entries.size());
  for (auto& [version, e] : entries) {
    out.push_back(e);
  }
  return out;
}

std::string label(const PlanEntry& entry) {
  if (entry.file != nullptr) {
    return entry.file->filename();
  }
  return "version " + std::to_string(entry.version) + " (" + entry.applied->name + ")";
}

void refuse_if_tampered(const std::vector<PlanEntry>& plan, const std::string& dir) {
  std::vector<std::string> problems;
  for (const auto& e : plan) {
    if (e.state == State::changed) {
      problems.push_back(e.file->path.string() + " changed after it was applied (recorded sha256 " +
                         e.applied->checksum.substr(0, 12) + "..., file now " +
                         e.file->checksum.substr(0, 12) + "...)");
    } else if (e.state == State::missing) {
      problems.push_back(label(e) + " is recorded as applied but has no file in " + dir);
    }
  }
  if (problems.empty()) {
    return;
  }
  std::string message =
      "refusing to run, nothing was applied: applied migrations must never "
      "change or disappear; add a new migration instead";
  for (const auto& p : problems) {
    message += "\n  - " + p;
  }
  throw Failure(Exit::refused, message);
}

}  // namespace migrate
