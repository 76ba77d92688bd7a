// The review as Markdown: Compliant, Violations, Warnings, Summary (for job summaries and PRs).
#pragma once

#include <string>

#include "review.hpp"

namespace arch_review {

std::string markdown_report(const Review& review);

}  // namespace arch_review
