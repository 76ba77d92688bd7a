#include "core/http/request.hpp"

#include <algorithm>
#include <boost/url/encoding_opts.hpp>

namespace core::http {

std::string_view Request::path_param(std::string_view name) const {
  const auto it = std::ranges::find(path_params, name, &Params::value_type::first);
  return it == path_params.end() ? std::string_view{} : std::string_view{it->second};
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
  const auto it = std::ranges::find(query, name, &Params::value_type::first);
  if (it == query.end()) {
    return std::nullopt;
  }
  return it->second;
}

Params decode_query(const boost::urls::url_view& target) {
  Params params;
  const boost::urls::encoding_opts keep_plus{/*space_as_plus=*/false};
  for (const auto& param : target.params(keep_plus)) {
    params.emplace_back(param.key, param.value);
  }
  return params;
}

}  // namespace core::http
