#pragma once

#include <string_view>

namespace rag {

// The value rules of contracts/rag-k8s.md section 1. Every accepted value is printable ASCII
// without whitespace or shell metacharacters and never starts with '-', so that no value can
// become an option of kubectl, flux or gh (section 3.3 rule 2).

// [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
bool is_dns_label(std::string_view text);
// DNS labels joined by '.', at most 253 characters.
bool is_dns_subdomain(std::string_view text);
// Comma-separated terms k=v, k==v, k!=v, k, !k; at most 256 characters, no spaces.
bool is_label_selector(std::string_view text);
// ^[1-9][0-9]{0,3}[smh]$ and at most 168 hours.
bool is_since(std::string_view text);
// ^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$
bool is_repo(std::string_view text);
// A workflow file name ^[A-Za-z0-9._-]{1,100}\.ya?ml$ or a numeric id.
bool is_workflow(std::string_view text);

}  // namespace rag
