#pragma once

#include <string>

namespace testing_support {

// Value of a variable that `make test` exports from the test stack (deploy/local/stack.sh env).
// Integration tests fail, never skip, when it is missing: a silent skip would hide a broken stack.
std::string stack_env(const char* name);

// Unique suffix for names created by a test (databases, topics, client ids).
std::string unique_suffix();

}  // namespace testing_support
