#include "core/auth/public_key.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <stdexcept>
#include <string>

namespace core::auth {
namespace {

using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)>;
using Params = std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

constexpr std::size_t kP256CoordinateBytes = 32;
constexpr int kMinRsaBits = 2048;  // RFC 7518 section 3.3

const unsigned char* bytes(std::string_view data) {
  return reinterpret_cast<const unsigned char*>(data.data());
}

Bignum bignum(std::string_view big_endian) {
  return {BN_bin2bn(bytes(big_endian), static_cast<int>(big_endian.size()), nullptr), &BN_free};
}

// OpenSSL keeps failures in a per-thread queue; a rejected key or signature must not leave
// entries there for the next TLS operation on this thread to trip over.
[[noreturn]] void reject(const std::string& why) {
  ERR_clear_error();
  throw std::invalid_argument(why);
}

// A public key of the given type from its OSSL_PARAM components, checked the way OpenSSL checks
// public keys (an EC point on the curve, a plausible RSA modulus and exponent).
Key public_key_from(const char* type, OSSL_PARAM_BLD* builder) {
  const Params params(OSSL_PARAM_BLD_to_param(builder), &OSSL_PARAM_free);
  const KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    reject(std::string("OpenSSL rejected the ") + type + " key");
  }
  Key key(raw, &EVP_PKEY_free);
  const KeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr),
                         &EVP_PKEY_CTX_free);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    reject(std::string("the ") + type + " public key is not valid");
  }
  return key;
}

// JWS carries an ECDSA signature as r || s; OpenSSL verifies the DER SEQUENCE { r, s }.
std::string der_ecdsa_signature(std::string_view raw) {
  const std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> signature(ECDSA_SIG_new(),
                                                                        &ECDSA_SIG_free);
  auto r = bignum(raw.substr(0, kP256CoordinateBytes));
  auto s = bignum(raw.substr(kP256CoordinateBytes));
  if (!signature || !r || !s || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) {
    return {};
  }
  // The signature owns r and s now.
  static_cast<void>(r.release());
  static_cast<void>(s.release());
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(signature.get(), &der);
  if (length <= 0) {
    return {};
  }
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::string_view algorithm_name(Algorithm algorithm) {
  return algorithm == Algorithm::rs256 ? "RS256" : "ES256";
}

std::optional<Algorithm> algorithm_named(std::string_view name) {
  if (name == "RS256") {
    return Algorithm::rs256;
  }
  if (name == "ES256") {
    return Algorithm::es256;
  }
  return std::nullopt;
}

PublicKey::PublicKey(Algorithm algorithm, EVP_PKEY* key)
    : algorithm_(algorithm), key_(key, &EVP_PKEY_free) {}

PublicKey PublicKey::rsa(std::string_view modulus, std::string_view exponent) {
  const auto n = bignum(modulus);
  const auto e = bignum(exponent);
  const ParamBuilder builder(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
  if (!n || !e || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    reject("cannot build the RSA key");
  }
  auto key = public_key_from("RSA", builder.get());
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
    reject("RSA modulus shorter than 2048 bits");
  }
  return {Algorithm::rs256, key.release()};
}

PublicKey PublicKey::p256(std::string_view x, std::string_view y) {
  if (x.size() != kP256CoordinateBytes || y.size() != kP256CoordinateBytes) {
    reject("P-256 coordinates must be 32 bytes each");
  }
  // SEC 1 uncompressed point: 0x04 || x || y.
  std::string point(1, '\x04');
  point.append(x).append(y);
  const ParamBuilder builder(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    reject("cannot build the P-256 key");
  }
  return {Algorithm::es256, public_key_from("EC", builder.get()).release()};
}

bool PublicKey::verify(std::string_view signed_data, std::string_view signature) const {
  std::string der;
  if (algorithm_ == Algorithm::es256) {
    if (signature.size() != 2 * kP256CoordinateBytes) {
      return false;
    }
    der = der_ecdsa_signature(signature);
    signature = der;
  }
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  const bool valid = !signature.empty() && context &&
                     EVP_DigestVerifyInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr,
                                             key_.get(), nullptr) == 1 &&
                     EVP_DigestVerify(context.get(), bytes(signature), signature.size(),
                                      bytes(signed_data), signed_data.size()) == 1;
  if (!valid) {
    ERR_clear_error();
  }
  return valid;
}

}  // namespace core::auth
