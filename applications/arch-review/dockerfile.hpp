// A Dockerfile as stages of instructions (continuation lines joined, comments dropped).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace arch_review {

struct Instruction {
  int line = 0;         // line of the instruction's first line
  std::string keyword;  // upper case: FROM, COPY, RUN, ...
  std::string arguments;
};

struct Stage {
  int line = 0;
  std::string base;  // image or earlier stage it starts from
  std::string name;  // "AS name", or empty
  std::vector<Instruction> instructions;
};

struct CopySources {
  bool from_stage = false;  // COPY --from=...: not the build context
  std::vector<std::string> sources;
};

std::vector<Stage> parse_dockerfile(std::string_view text);
// The sources of a COPY or ADD instruction (flags and the destination removed).
CopySources copy_sources(const Instruction& instruction);
bool is_dockerfile(std::string_view relative_path);

}  // namespace arch_review
