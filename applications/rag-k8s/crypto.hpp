#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace rag {

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

// SHA-256 over a stream fed in pieces (a process's whole output, of any length).
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Lower-case hex; call once.
  std::string finish();

 private:
  std::unique_ptr<evp_md_ctx_st, void (*)(evp_md_ctx_st*)> ctx_;
};

// Raw HMAC-SHA256 of message under key.
std::string hmac_sha256(std::string_view key, std::string_view message);
// Unpadded base64url (RFC 4648 section 5).
std::string base64url_encode(std::string_view bytes);
// Cryptographically random bytes (getrandom(2), the kernel's CSPRNG).
std::string random_bytes(std::size_t count);
// Comparison whose time does not depend on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);
// A random UUID version 4, lower-case.
std::string uuid_v4();

}  // namespace rag
