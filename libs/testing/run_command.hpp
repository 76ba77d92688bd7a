#pragma once

#include <string>
#include <vector>

namespace testing_support {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr interleaved
};

// Runs argv[0] (an absolute path) without a shell and captures its output. `set_env`
// ("NAME=value") is added to this process's environment, replacing variables of the same name;
// variables named in `unset_env` are removed, so a test controls exactly what the program sees.
CommandResult run_command(std::vector<std::string> argv,
                          const std::vector<std::string>& set_env = {},
                          const std::vector<std::string>& unset_env = {});

}  // namespace testing_support
