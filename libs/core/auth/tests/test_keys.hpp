#pragma once

#include <openssl/types.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace core::auth::testing {

std::string base64url(std::string_view bytes);

// A signing key made in the test, with its public JWK.
class TestKey {
 public:
  static TestKey rsa(std::string kid);   // 2048 bits
  static TestKey p256(std::string kid);  // EC P-256

  const std::string& kid() const { return kid_; }
  std::string_view alg() const { return es256_ ? "ES256" : "RS256"; }
  boost::json::object jwk() const;
  std::string public_pem() const;
  // A compact JWS of payload, the header {"alg": alg(), "typ": "JWT", "kid": kid()}.
  std::string sign(const boost::json::object& payload) const;
  // With a header of the test's choosing.
  std::string sign(const boost::json::object& header, const boost::json::object& payload) const;

 private:
  TestKey(std::string kid, EVP_PKEY* key, bool es256);

  std::string kid_;
  std::shared_ptr<EVP_PKEY> key_;
  bool es256_;
};

// {"keys": [...]} of the keys' public JWKs.
std::string jwks(std::initializer_list<const TestKey*> keys);

// "<header>.<payload>.<signature>" with the signature bytes given.
std::string compact(const boost::json::object& header, const boost::json::object& payload,
                    std::string_view signature);
std::string hmac_sha256(std::string_view secret, std::string_view data);

// Seconds since the epoch, offset from now.
std::int64_t epoch_seconds(std::chrono::seconds from_now = std::chrono::seconds(0));

}  // namespace core::auth::testing
