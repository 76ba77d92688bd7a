#include "json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace homelab_api {
namespace {

template <typename T>
void append_number(std::string& out, T number) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), number);
  out.append(buf.data(), end);
}

// A string with the escapes boost::json::serialize writes: quote, backslash, the short forms of
// \b \t \n \f \r, \u00XX for the other control characters, every other byte as it is. Written
// here rather than through boost::json::serialize, which built a string and a serializer for
// every key and value and made allocation the largest cost of large responses.
void append_string(std::string& out, std::string_view text) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  std::size_t copied = 0;  // text before this index is already in out
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(text.substr(copied, i - copied));
    copied = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4U];
        out += kHex[c & 15U];
    }
  }
  out.append(text.substr(copied));
  out += '"';
}

void append(std::string& out, const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      out += "null";
      break;
    case boost::json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::int64:
      append_number(out, value.get_int64());
      break;
    case boost::json::kind::uint64:
      append_number(out, value.get_uint64());
      break;
    case boost::json::kind::double_:
      if (std::isfinite(value.get_double())) {
        append_number(out, value.get_double());
      } else {
        out += "null";
      }
      break;
    case boost::json::kind::string:
      append_string(out, {value.get_string().data(), value.get_string().size()});
      break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_array()) {
        if (!first) {
          out += ',';
        }
        first = false;
        append(out, item);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) {
          out += ',';
        }
        first = false;
        append_string(out, {member.key().data(), member.key().size()});
        out += ':';
        append(out, member.value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string json_text(const boost::json::value& value) {
  // Room for typical rows up front instead of growing through a dozen reallocations.
  constexpr std::size_t kBytesPerRow = 256;
  std::string out;
  out.reserve(value.is_array() ? (value.get_array().size() + 1) * kBytesPerRow : kBytesPerRow);
  append(out, value);
  return out;
}

core::http::Response json_response(const boost::json::value& body, core::http::Status status) {
  return core::http::text(status, json_text(body), core::http::kJsonContentType);
}

}  // namespace homelab_api
