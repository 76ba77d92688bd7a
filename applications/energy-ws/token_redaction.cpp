#include "token_redaction.hpp"

namespace energy_ws {

std::string redact_token(std::string_view target) {
  const auto query = target.find('?');
  if (query == std::string_view::npos) {
    return std::string(target);
  }
  constexpr std::string_view kRedacted = "token=***";
  std::string out(target.substr(0, query + 1));
  auto rest = target.substr(query + 1);
  for (;;) {
    const auto end = rest.find('&');
    const auto param = rest.substr(0, end);
    out.append(param == "token" || param.starts_with("token=") ? kRedacted : param);
    if (end == std::string_view::npos) {
      return out;
    }
    out.push_back('&');
    rest = rest.substr(end + 1);
  }
}

}  // namespace energy_ws
