// arch-review: checks the house rules on the whole tree or on the files of a change and prints
// a Markdown report. Exit 0: no violation, 1: violations, 2: usage error.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "change_set.hpp"
#include "markdown_report.hpp"
#include "review.hpp"
#include "source_tree.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Checks the k12n house rules and prints a Markdown report.", "arch-review"};
  std::string root = ".";
  std::string base_ref;
  std::vector<std::string> files;
  app.add_option("--root", root, "Repository root to review")->capture_default_str();
  auto* diff = app.add_option("--diff", base_ref,
                              "Report only findings in files changed since this git ref");
  app.add_option("--files", files, "Report only findings in these files (relative to --root)")
      ->delimiter(',')
      ->excludes(diff);
  app.set_version_flag("--version", std::string("arch-review ") + K12N_VERSION);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return e.get_exit_code() == 0 ? 0 : 2;
  }

  try {
    if (!std::filesystem::is_directory(root)) {
      std::cerr << "arch-review: --root " << root << " is not a directory\n";
      return 2;
    }
    arch_review::Scope scope{"whole tree", std::nullopt};
    if (!base_ref.empty()) {
      scope.files = arch_review::changed_since(root, base_ref);
      scope.description =
          "files changed since " + base_ref + " (" + std::to_string(scope.files->size()) + ")";
    } else if (!files.empty()) {
      scope.files = arch_review::listed_files(files);
      scope.description = "listed files (" + std::to_string(scope.files->size()) + ")";
    }
    const arch_review::SourceTree tree(root);
    const auto result = arch_review::review(tree, std::move(scope));
    std::cout << arch_review::markdown_report(result);
    return result.violation_count() == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "arch-review: " << e.what() << "\n";
    return 2;
  }
}
