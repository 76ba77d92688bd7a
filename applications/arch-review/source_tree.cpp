#include "source_tree.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

namespace arch_review {
namespace {

bool skipped_directory(const std::filesystem::path& relative) {
  static constexpr std::array<std::string_view, 5> kSkipped = {".git", "build", ".local",
                                                               "node_modules", "dist"};
  const auto name = relative.filename().string();
  if (std::find(kSkipped.begin(), kSkipped.end(), name) != kSkipped.end()) {
    return true;
  }
  const auto text = relative.generic_string();
  return text.ends_with("tests/fixtures");
}

}  // namespace

SourceTree::SourceTree(std::filesystem::path root) : root_(std::move(root)) {
  namespace fs = std::filesystem;
  for (auto it = fs::recursive_directory_iterator(root_, fs::directory_options::none);
       it != fs::recursive_directory_iterator(); ++it) {
    const auto relative = fs::relative(it->path(), root_);
    if (it->is_directory()) {
      if (skipped_directory(relative)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_regular_file()) {
      files_.push_back(relative.generic_string());
    }
  }
  std::sort(files_.begin(), files_.end());
}

std::vector<std::string> SourceTree::under(std::string_view prefix) const {
  std::vector<std::string> result;
  for (const auto& file : files_) {
    if (file.starts_with(prefix)) {
      result.push_back(file);
    }
  }
  return result;
}

bool SourceTree::contains(const std::string& relative) const {
  return std::binary_search(files_.begin(), files_.end(), relative);
}

std::optional<std::string> SourceTree::read(const std::string& relative) const {
  std::ifstream in(root_ / relative, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string file_name(std::string_view relative) {
  const auto slash = relative.rfind('/');
  return std::string(slash == std::string_view::npos ? relative : relative.substr(slash + 1));
}

bool ends_with_any(std::string_view text, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [text](std::string_view suffix) { return text.ends_with(suffix); });
}

}  // namespace arch_review
