#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "exit_codes.hpp"

namespace migrate {

// `homelab-migrate status`: one line per version (applied, pending, changed, missing) on `out`.
// Returns Exit::refused when a file is changed or missing, the state `up` would refuse.
Exit run_status(const std::string& conninfo, const std::string& database,
                const std::filesystem::path& migrations, std::ostream& out);

}  // namespace migrate
