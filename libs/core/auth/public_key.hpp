#pragma once

#include <openssl/types.h>

#include <memory>
#include <optional>
#include <string_view>

namespace core::auth {

// The only JWS algorithms the platform accepts (contracts/homelab-api.md section 2).
enum class Algorithm { rs256, es256 };

std::string_view algorithm_name(Algorithm algorithm);
// nullopt for every other name ("none", "HS256", "PS256", ...).
std::optional<Algorithm> algorithm_named(std::string_view name);

// A signature verification key, pinned to the one algorithm its type allows: an RSA key verifies
// RS256 only and a P-256 key ES256 only, so a token cannot pick a weaker use of the same key.
// Immutable and safe to use from several threads.
class PublicKey {
 public:
  // From the big-endian bytes of the JWK members; throw std::invalid_argument when OpenSSL rejects
  // the key or an RSA modulus is shorter than 2048 bits.
  static PublicKey rsa(std::string_view modulus, std::string_view exponent);
  static PublicKey p256(std::string_view x, std::string_view y);

  Algorithm algorithm() const { return algorithm_; }
  // RS256: RSASSA-PKCS1-v1_5 with SHA-256; ES256: ECDSA P-256 with SHA-256, the signature in the
  // JWS form r || s (RFC 7518 section 3.4).
  bool verify(std::string_view signed_data, std::string_view signature) const;

 private:
  PublicKey(Algorithm algorithm, EVP_PKEY* key);

  Algorithm algorithm_;
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace core::auth
