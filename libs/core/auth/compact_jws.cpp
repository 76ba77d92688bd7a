#include "core/auth/compact_jws.hpp"

#include <boost/json/parse.hpp>

#include "core/auth/base64url.hpp"

namespace core::auth {
namespace {

std::optional<boost::json::object> json_object(std::string_view encoded) {
  const auto text = base64url_decode(encoded);
  if (!text) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(*text, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  return std::move(value.get_object());
}

}  // namespace

std::optional<CompactJws> parse_compact_jws(std::string_view token) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto header = json_object(token.substr(0, first));
  auto payload = json_object(token.substr(first + 1, second - first - 1));
  auto signature = base64url_decode(token.substr(second + 1));
  if (!header || !payload || !signature) {
    return std::nullopt;
  }
  return CompactJws{token.substr(0, second), std::move(*header), std::move(*payload),
                    std::move(*signature)};
}

}  // namespace core::auth
