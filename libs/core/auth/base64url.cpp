#include "core/auth/base64url.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace core::auth {
namespace {

bool in_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

// OpenSSL decodes standard, padded base64; translating the two characters that differ and padding
// the input lets it do the work. The input is checked first because EVP_DecodeBlock skips
// whitespace and would accept '+', '/' and '='.
std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1 || !std::ranges::all_of(text, in_alphabet)) {
    return std::nullopt;
  }
  std::string padded(text);
  std::ranges::replace(padded, '-', '+');
  std::ranges::replace(padded, '_', '/');
  const auto padding = (4 - padded.size() % 4) % 4;
  padded.append(padding, '=');
  std::string out(padded.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(padded.data()),
                                      static_cast<int>(padded.size()));
  if (written < 0) {
    return std::nullopt;
  }
  // EVP_DecodeBlock counts the bytes the padding stands for as zeros.
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

}  // namespace core::auth
