#include "topic_filter.hpp"

#include <algorithm>

namespace bridge {
namespace {

std::size_t level_end(std::string_view text, std::size_t start) {
  return std::min(text.find('/', start), text.size());
}

}  // namespace

bool is_valid_topic_filter(std::string_view filter) {
  if (filter.empty() || filter.size() > 65535 || filter.find('\0') != std::string_view::npos) {
    return false;
  }
  for (std::size_t start = 0; start <= filter.size();) {
    const auto end = level_end(filter, start);
    const auto level = filter.substr(start, end - start);
    const bool has_wildcard = level.find_first_of("+#") != std::string_view::npos;
    if (has_wildcard && level != "+" && !(level == "#" && end == filter.size())) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

bool topic_matches(std::string_view filter, std::string_view topic) {
  if (topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#'))) {
    return false;
  }
  std::size_t f = 0;
  std::size_t t = 0;
  while (true) {
    const auto f_end = level_end(filter, f);
    const auto level = filter.substr(f, f_end - f);
    if (level == "#") {
      return true;
    }
    const auto t_end = level_end(topic, t);
    if (level != "+" && level != topic.substr(t, t_end - t)) {
      return false;
    }
    const bool filter_done = f_end == filter.size();
    const bool topic_done = t_end == topic.size();
    if (filter_done || topic_done) {
      // "a/#" also matches "a" itself.
      return topic_done && (filter_done || filter.substr(f_end) == "/#");
    }
    f = f_end + 1;
    t = t_end + 1;
  }
}

}  // namespace bridge
