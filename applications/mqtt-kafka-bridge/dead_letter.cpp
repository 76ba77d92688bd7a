#include "dead_letter.hpp"

namespace bridge {

std::string_view reason_code(DeadLetterReason reason) {
  switch (reason) {
    case DeadLetterReason::invalid_json:
      return "invalid_json";
    case DeadLetterReason::not_an_object:
      return "not_an_object";
    case DeadLetterReason::missing_required:
      return "missing_required";
    case DeadLetterReason::type_mismatch:
      return "type_mismatch";
    case DeadLetterReason::unsupported_method:
      return "unsupported_method";
    case DeadLetterReason::unexpected_topic:
      return "unexpected_topic";
  }
  return "unknown";
}

}  // namespace bridge
