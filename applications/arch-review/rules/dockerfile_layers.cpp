// Images build in stages, and the dependency layer is cached until the dependency list changes:
// before a stage installs packages it may copy only dependency manifests from the context.
#include <algorithm>
#include <regex>

#include "dockerfile.hpp"
#include "rules/rules.hpp"

namespace arch_review {
namespace {

bool installs_dependencies(const Instruction& instruction) {
  static const std::regex install_command(
      R"(\b(apt-get|apt)\s+(-\S+\s+)*install\b|\bnpm\s+(ci|install)\b|\bpip3?\s+install\b|\bapk\s+add\b|\bdeps\.sh\b)");
  return instruction.keyword == "RUN" && std::regex_search(instruction.arguments, install_command);
}

bool is_manifest(const std::string& source) {
  const auto name = file_name(source);
  static const std::regex manifest_name(
      R"(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|requirements[\w.-]*\.txt|[\w.-]*packages[\w.-]*\.txt|go\.(mod|sum)|Cargo\.(toml|lock)|vcpkg\.json|conanfile\.(txt|py)|Gemfile(\.lock)?|[\w.-]+\.lock)");
  return std::regex_match(name, manifest_name);
}

void check_stage(const std::string& file, const Stage& stage, RuleOutput& out) {
  const auto install =
      std::find_if(stage.instructions.begin(), stage.instructions.end(), installs_dependencies);
  if (install == stage.instructions.end()) {
    return;
  }
  for (auto it = stage.instructions.begin(); it != install; ++it) {
    if (it->keyword != "COPY" && it->keyword != "ADD") {
      continue;
    }
    const auto copy = copy_sources(*it);
    if (copy.from_stage) {
      continue;
    }
    for (const auto& source : copy.sources) {
      if (!is_manifest(source)) {
        out.violation({file}, it->line,
                      "copies `" + source + "` before the dependency install step (line " +
                          std::to_string(install->line) +
                          "); copy only dependency manifests before it");
      }
    }
  }
}

}  // namespace

void check_dockerfile_layers(const SourceTree& tree, RuleOutput& out) {
  int checked = 0;
  for (const auto& file : tree.files()) {
    if (!is_dockerfile(file)) {
      continue;
    }
    const auto text = tree.read(file);
    if (!text) {
      continue;
    }
    ++checked;
    const auto stages = parse_dockerfile(*text);
    if (stages.size() < 2) {
      out.violation({file}, stages.empty() ? 0 : stages.front().line,
                    "is single-stage; build and runtime must be separate stages");
    }
    bool any_install = false;
    for (const auto& stage : stages) {
      check_stage(file, stage, out);
      any_install = any_install || std::any_of(stage.instructions.begin(), stage.instructions.end(),
                                               installs_dependencies);
    }
    if (!any_install) {
      out.warning({file}, 0, "has no dependency install step to check the layer order against");
    }
  }
  out.set_checked(std::to_string(checked) + " Dockerfiles");
}

}  // namespace arch_review
