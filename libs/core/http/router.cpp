#include "core/http/router.hpp"

#include <algorithm>
#include <boost/url/parse_path.hpp>
#include <boost/url/segments_view.hpp>
#include <stdexcept>
#include <utility>

namespace core::http {
namespace {

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view param_name(std::string_view segment) {
  return segment.substr(1, segment.size() - 2);
}

// "/a/{id}" -> {"a", "{id}"}; "/" -> {}. Checked here so that a typo fails at start-up.
std::vector<std::string> split_pattern(std::string_view pattern) {
  const auto malformed = [&](std::string_view why) {
    return std::invalid_argument("route pattern " + std::string(pattern) + ": " + std::string(why));
  };
  if (pattern.empty() || pattern.front() != '/') {
    throw malformed("must start with '/'");
  }
  std::vector<std::string> segments;
  for (std::size_t start = 1; pattern != "/";) {
    const auto end = pattern.find('/', start);
    segments.emplace_back(pattern.substr(start, end - start));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  std::vector<std::string_view> names;
  for (const std::string_view segment : segments) {
    if (segment.empty()) {
      throw malformed("empty segment");
    }
    if (!is_param(segment)) {
      if (segment.find_first_of("{}") != std::string_view::npos) {
        throw malformed("a parameter must be a whole segment");
      }
      continue;
    }
    const auto name = param_name(segment);
    if (name.find_first_of("{}") != std::string_view::npos ||
        std::ranges::find(names, name) != names.end()) {
      throw malformed("invalid or repeated parameter name");
    }
    names.push_back(name);
  }
  return segments;
}

// Fills params when the decoded request segments fit the pattern's segments.
bool fits(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
          Params& params) {
  if (pattern.size() != path.size()) {
    return false;
  }
  Params found;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_param(pattern[i]) && !path[i].empty()) {
      found.emplace_back(param_name(pattern[i]), path[i]);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

// Patterns that differ only in parameter names match the same paths.
bool same_shape(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::ranges::equal(a, b, [](const std::string& x, const std::string& y) {
    return x == y || (is_param(x) && is_param(y));
  });
}

void add_method(std::vector<Verb>& methods, Verb method) {
  if (std::ranges::find(methods, method) == methods.end()) {
    methods.push_back(method);
  }
}

}  // namespace

void Router::add(Verb method, std::string pattern, Handler handler, std::string group) {
  auto segments = split_pattern(pattern);
  for (const auto& entry : entries_) {
    if (entry.route.method == method && same_shape(entry.segments, segments)) {
      throw std::invalid_argument("route added twice: " + pattern);
    }
  }
  entries_.push_back(
      {{method, std::move(pattern), std::move(group), std::move(handler)}, std::move(segments)});
}

Match Router::match(Verb method, std::string_view path) const {
  Match match;
  const auto parsed = boost::urls::parse_path(path);
  if (!parsed) {
    return match;
  }
  const boost::urls::segments_view decoded = *parsed;
  const std::vector<std::string> segments(decoded.begin(), decoded.end());
  for (const auto& entry : entries_) {
    Params params;
    if (!fits(entry.segments, segments, params)) {
      continue;
    }
    const auto& route = entry.route;
    if (match.pattern.empty()) {
      match.pattern = route.pattern;
    }
    add_method(match.allowed, route.method);
    if (route.method == Verb::get) {
      add_method(match.allowed, Verb::head);
    }
    const bool serves =
        route.method == method || (method == Verb::head && route.method == Verb::get);
    if (serves && match.route == nullptr) {
      match.route = &route;
      match.pattern = route.pattern;
      match.params = std::move(params);
    }
  }
  return match;
}

std::string allow_header(const std::vector<Verb>& methods) {
  std::string allow;
  for (const auto method : methods) {
    if (!allow.empty()) {
      allow += ", ";
    }
    allow += boost::beast::http::to_string(method);
  }
  return allow;
}

}  // namespace core::http
