#include "json_text.hpp"

#include <algorithm>
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

}  // namespace

// A string with the escapes boost::json::serialize writes: quote, backslash, the short forms of
// \b \t \n \f \r, \u00XX for the other control characters, every other byte as it is. Written
// here rather than through boost::json::serialize, which built a string and a serializer for
// every key and value and made allocation the largest cost of large responses.
void append_json_string(std::string& out, std::string_view text) {
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

void append_json_number(std::string& out, double number) {
  if (std::isfinite(number)) {
    append_number(out, number);
  } else {
    out += "null";
  }
}

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

bool is_shortest_number_text(std::string_view text) {
  const bool negative = text.starts_with('-');
  const auto unsigned_text = text.substr(negative ? 1 : 0);
  const auto point = unsigned_text.find('.');
  const auto whole = unsigned_text.substr(0, point);
  const auto fraction =
      point == std::string_view::npos ? std::string_view() : unsigned_text.substr(point + 1);
  const auto all_digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), is_digit);
  };
  // -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?
  if (whole.empty() || !all_digits(whole) || (whole.size() > 1 && whole.front() == '0') ||
      (point != std::string_view::npos &&
       (fraction.empty() || !all_digits(fraction) || fraction.back() == '0'))) {
    return false;
  }
  // Significant digits and the decimal exponent of the first of them.
  std::size_t digits = 0;
  int exponent = 0;
  if (whole != "0") {
    const auto last = whole.find_last_not_of('0');
    digits = fraction.empty() ? last + 1 : whole.size() + fraction.size();
    exponent = static_cast<int>(whole.size()) - 1;
  } else if (!fraction.empty()) {
    const auto first = fraction.find_first_not_of('0');
    digits = fraction.size() - first;
    exponent = -static_cast<int>(first) - 1;
  } else {
    return true;  // zero: "0" or "-0" in either notation
  }
  constexpr std::size_t kMaxDigits = 17;  // no double needs more to read back
  if (digits > kMaxDigits) {
    return false;
  }
  // d[.ddd]e±XX, three exponent digits from 100 on.
  const std::size_t exponent_form = (negative ? 1 : 0) + digits + (digits > 1 ? 1 : 0) + 2 +
                                    (exponent >= 100 || exponent <= -100 ? 3 : 2);
  return text.size() <= exponent_form;
}

bool is_plain_integer_text(std::string_view text) {
  const auto digits = text.substr(text.starts_with('-') ? 1 : 0);
  constexpr std::size_t kMaxDigits = 18;  // always within std::int64_t
  return !digits.empty() && digits.size() <= kMaxDigits &&
         std::all_of(digits.begin(), digits.end(), is_digit) &&
         (digits.size() == 1 || digits.front() != '0');
}

namespace {

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
      append_json_number(out, value.get_double());
      break;
    case boost::json::kind::string:
      append_json_string(out, {value.get_string().data(), value.get_string().size()});
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
        append_json_string(out, {member.key().data(), member.key().size()});
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
