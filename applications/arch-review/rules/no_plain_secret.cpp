// Secrets reach the cluster only as SealedSecrets that the owner creates with kubeseal: a plain
// Secret in Git is readable by anyone with the repository.
#include "gitops_manifests.hpp"
#include "rules/rules.hpp"

namespace arch_review {

void check_no_plain_secret(const SourceTree& tree, RuleOutput& out) {
  const auto gitops = load_gitops(tree);
  for (const auto& manifest : gitops.manifests) {
    if (manifest.kind() == "Secret") {
      out.violation({manifest.file}, manifest.line,
                    "declares a plain Secret `" + manifest.name() +
                        "`; commit a SealedSecret created with kubeseal instead");
    }
  }
  for (const auto& k : gitops.kustomizations) {
    if (k.generates_secrets) {
      out.violation({k.file}, 0,
                    "generates a plain Secret with secretGenerator; use a SealedSecret instead");
    }
  }
  for (const auto& problem : gitops.unreadable) {
    const auto file = problem.substr(0, problem.find(": "));
    out.warning({file}, 0,
                "cannot be parsed as YAML, so it was not checked: " +
                    problem.substr(problem.find(": ") + 2));
  }
  out.set_checked(std::to_string(gitops.manifests.size()) + " objects in gitops/");
}

}  // namespace arch_review
