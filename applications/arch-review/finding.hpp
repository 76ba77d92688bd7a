// One result of a rule: a violation fails the review, a warning is reported only.
#pragma once

#include <string>
#include <vector>

namespace arch_review {

enum class Severity { violation, warning };

struct Finding {
  Severity severity = Severity::violation;
  // Paths relative to the root; the first one is shown, every one counts for --diff scoping.
  std::vector<std::string> files;
  int line = 0;  // 0 when the finding concerns a whole file
  std::string message;
};

// What a rule hands back: its findings and a short note of what it looked at.
class RuleOutput {
 public:
  void violation(std::vector<std::string> files, int line, std::string message) {
    findings_.push_back({Severity::violation, std::move(files), line, std::move(message)});
  }
  void warning(std::vector<std::string> files, int line, std::string message) {
    findings_.push_back({Severity::warning, std::move(files), line, std::move(message)});
  }
  void set_checked(std::string what) { checked_ = std::move(what); }

  const std::vector<Finding>& findings() const { return findings_; }
  const std::string& checked() const { return checked_; }

 private:
  std::vector<Finding> findings_;
  std::string checked_;
};

}  // namespace arch_review
