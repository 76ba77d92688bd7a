#pragma once

#include <string>
#include <string_view>

namespace energy_ws {

// The request target with the value of every `token` query parameter replaced by *** (contract
// section 2: query-string tokens never reach the logs).
std::string redact_token(std::string_view target);

}  // namespace energy_ws
