// Runs a program without a shell and captures its standard output.
#pragma once

#include <string>
#include <vector>

namespace arch_review {

struct ProcessResult {
  int exit_code = -1;  // -1 when the program could not be started or was killed
  std::string output;
};

ProcessResult run_process(const std::vector<std::string>& argv);

}  // namespace arch_review
