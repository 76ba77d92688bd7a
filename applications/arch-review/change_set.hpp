// The files a change touches, for --diff and --files.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace arch_review {

// Files changed in the working tree since the merge base of base_ref and HEAD
// (`git diff --name-only --merge-base`), run without a shell. Throws std::runtime_error when git
// fails.
std::set<std::string> changed_since(const std::filesystem::path& root, const std::string& base_ref);

// Paths as given ("./a/b", "a//b") normalised relative to the root.
std::set<std::string> listed_files(const std::vector<std::string>& files);

}  // namespace arch_review
