#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rag {

// The longest prefix of at most max_bytes that does not end inside a UTF-8 sequence.
std::string_view cut_at_utf8_boundary(std::string_view bytes, std::size_t max_bytes);
// The bytes with every invalid UTF-8 sequence replaced by U+FFFD, so they can go into JSON.
std::string valid_utf8(std::string_view bytes);
// Code points of valid UTF-8 text.
std::size_t code_points(std::string_view text);
// The text when it has at most 200 code points, else the first 100, " [...] " and the last 100
// (the compatibility digests of section 7).
std::string digest(std::string_view text);

}  // namespace rag
