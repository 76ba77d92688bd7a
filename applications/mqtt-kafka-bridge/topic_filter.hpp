#pragma once

#include <string_view>

namespace bridge {

// MQTT 3.1.1 topic filters (section 4.7), written here because Paho MQTT C++ 1.2 has no matcher:
// '+' matches exactly one level, a final '#' matches its parent level and everything below, and
// neither wildcard matches a first level starting with '$'.
bool is_valid_topic_filter(std::string_view filter);
bool topic_matches(std::string_view filter, std::string_view topic);

}  // namespace bridge
