// The files of the tree under review, as sorted paths relative to its root.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace arch_review {

class SourceTree {
 public:
  // Walks root, skipping version control, build output, local state, installed packages and
  // test fixtures (which hold violations on purpose).
  explicit SourceTree(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  const std::vector<std::string>& files() const { return files_; }
  // Files whose relative path starts with prefix ("gitops/").
  std::vector<std::string> under(std::string_view prefix) const;
  bool contains(const std::string& relative) const;
  // The file's content, or nothing when it cannot be read.
  std::optional<std::string> read(const std::string& relative) const;

 private:
  std::filesystem::path root_;
  std::vector<std::string> files_;
};

// "dir/name.ext" -> "name.ext"
std::string file_name(std::string_view relative);
bool ends_with_any(std::string_view text, std::initializer_list<std::string_view> suffixes);

}  // namespace arch_review
