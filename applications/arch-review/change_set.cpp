#include "change_set.hpp"

#include <sstream>
#include <stdexcept>

#include "process_output.hpp"

namespace arch_review {

std::set<std::string> changed_since(const std::filesystem::path& root,
                                    const std::string& base_ref) {
  if (base_ref.empty() || base_ref.starts_with('-')) {
    throw std::runtime_error("--diff needs a git ref, got '" + base_ref + "'");
  }
  const auto result = run_process({"git", "-C", root.string(), "diff", "--name-only",
                                   "--no-renames", "--merge-base", base_ref, "--"});
  if (result.exit_code != 0) {
    throw std::runtime_error("git diff --merge-base " + base_ref + " failed in " + root.string() +
                             " (exit " + std::to_string(result.exit_code) + ")");
  }
  std::set<std::string> files;
  std::istringstream in(result.output);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      files.insert(line);
    }
  }
  return files;
}

std::set<std::string> listed_files(const std::vector<std::string>& files) {
  std::set<std::string> result;
  for (const auto& file : files) {
    if (!file.empty()) {
      result.insert(std::filesystem::path(file).lexically_normal().generic_string());
    }
  }
  return result;
}

}  // namespace arch_review
