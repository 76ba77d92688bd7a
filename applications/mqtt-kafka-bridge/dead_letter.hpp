#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bridge {

// The bridge-stage reason codes of kafka.md section 4.
enum class DeadLetterReason {
  invalid_json,
  not_an_object,
  missing_required,
  type_mismatch,
  unsupported_method,
  unexpected_topic,
};

// The wire name of a reason, as it appears before ": " in the x-error-reason header.
std::string_view reason_code(DeadLetterReason reason);

// Why a message cannot be forwarded to its stream topic.
struct DeadLetter {
  DeadLetterReason reason;
  std::string detail;              // human-readable, names the JSON path where there is one
  std::optional<std::string> key;  // the device id when it could be determined
};

// Thrown by the mapping helpers; Mapper::map() turns it into a DeadLetter.
class MappingFailure : public std::runtime_error {
 public:
  MappingFailure(DeadLetterReason reason, const std::string& detail)
      : std::runtime_error(detail), reason_(reason) {}
  DeadLetterReason reason() const { return reason_; }

 private:
  DeadLetterReason reason_;
};

}  // namespace bridge
