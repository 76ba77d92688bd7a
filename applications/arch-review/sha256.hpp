// SHA-256 of a byte string as lowercase hex (OpenSSL), the format of sha256sum.
#pragma once

#include <string>
#include <string_view>

namespace arch_review {

std::string sha256_hex(std::string_view data);

}  // namespace arch_review
