#include "utf8_text.hpp"

#include <optional>

namespace rag {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool continuation(unsigned char c) {
  return (c & 0xC0U) == 0x80U;
}

// The length of the valid sequence starting at text[at], or nullopt (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF).
std::optional<std::size_t> sequence_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const auto lead = byte(0);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead < 0x80U) {
    return 1;
  }
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    low = lead == 0xE0U ? 0xA0 : 0x80;
    high = lead == 0xEDU ? 0x9F : 0xBF;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    low = lead == 0xF0U ? 0x90 : 0x80;
    high = lead == 0xF4U ? 0x8F : 0xBF;
  } else {
    return std::nullopt;
  }
  if (at + length > text.size() || byte(1) < low || byte(1) > high) {
    return std::nullopt;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (!continuation(byte(i))) {
      return std::nullopt;
    }
  }
  return length;
}

}  // namespace

std::string_view cut_at_utf8_boundary(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() <= max_bytes) {
    return bytes;
  }
  std::size_t end = max_bytes;
  while (end > 0 && continuation(static_cast<unsigned char>(bytes[end]))) {
    --end;
  }
  return bytes.substr(0, end);
}

std::string valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (const auto length = sequence_length(bytes, at)) {
      out.append(bytes.substr(at, *length));
      at += *length;
    } else {
      out.append(kReplacement);
      ++at;
    }
  }
  return out;
}

std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if (!continuation(static_cast<unsigned char>(c))) {
      ++count;
    }
  }
  return count;
}

std::string digest(std::string_view text) {
  constexpr std::size_t kWhole = 200;
  constexpr std::size_t kPart = 100;
  const auto total = code_points(text);
  if (total <= kWhole) {
    return std::string(text);
  }
  // Byte offsets of the code point boundaries after the first and before the last kPart.
  std::size_t seen = 0;
  std::size_t head_end = 0;
  std::size_t tail_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (continuation(static_cast<unsigned char>(text[i]))) {
      continue;
    }
    if (seen == kPart) {
      head_end = i;
    }
    if (seen == total - kPart) {
      tail_start = i;
    }
    ++seen;
  }
  return std::string(text.substr(0, head_end)) + " [...] " + std::string(text.substr(tail_start));
}

}  // namespace rag
