#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rag {

// POSIX shell quoting of one word: as is when it holds only safe characters, else in single
// quotes. Only for display (plan.command); nothing here is ever executed.
std::string shell_quote(std::string_view word);
// The steps quoted and joined by " && ".
std::string display_command(const std::vector<std::vector<std::string>>& steps);

}  // namespace rag
