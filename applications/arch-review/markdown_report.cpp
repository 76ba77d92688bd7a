#include "markdown_report.hpp"

#include <sstream>

namespace arch_review {
namespace {

std::string location(const Finding& finding) {
  std::string text = finding.files.empty() ? std::string("(tree)") : finding.files.front();
  if (finding.line > 0) {
    text += ":" + std::to_string(finding.line);
  }
  return "`" + text + "`";
}

void list_findings(std::ostringstream& out, const Review& review, bool violations) {
  bool any = false;
  for (const auto& result : review.results) {
    for (const auto& finding : violations ? result.violations : result.warnings) {
      out << "- **" << result.rule->id << "** " << location(finding) << " " << finding.message
          << "\n";
      any = true;
    }
  }
  if (!any) {
    out << "None.\n";
  }
}

}  // namespace

std::string markdown_report(const Review& review) {
  std::ostringstream out;
  out << "# Architecture review\n\n";
  out << "Scope: " << review.scope.description << ".\n\n";

  out << "## Compliant\n\n";
  std::size_t compliant = 0;
  for (const auto& result : review.results) {
    if (result.violations.empty()) {
      ++compliant;
      out << "- **" << result.rule->id << "**: " << result.rule->statement << " (" << result.checked
          << ")\n";
    }
  }
  if (compliant == 0) {
    out << "None.\n";
  }

  out << "\n## Violations\n\n";
  list_findings(out, review, true);
  out << "\n## Warnings\n\n";
  list_findings(out, review, false);

  out << "\n## Summary\n\n";
  out << review.results.size() << " rules: " << compliant << " compliant, "
      << review.results.size() - compliant << " violated; " << review.violation_count()
      << " violation(s), " << review.warning_count() << " warning(s). Result: **"
      << (review.violation_count() == 0 ? "pass" : "fail") << "**.\n";
  return out.str();
}

}  // namespace arch_review
