#include "test_keys.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

namespace core::auth::testing {
namespace {

const unsigned char* bytes(std::string_view data) {
  return reinterpret_cast<const unsigned char*>(data.data());
}

void check(bool ok, const char* what) {
  if (!ok) {
    throw std::runtime_error(std::string("OpenSSL: ") + what);
  }
}

std::string bn_param(EVP_PKEY* key, const char* name, int width) {
  BIGNUM* value = nullptr;
  check(EVP_PKEY_get_bn_param(key, name, &value) == 1, name);
  const std::unique_ptr<BIGNUM, decltype(&BN_free)> owner(value, &BN_free);
  std::string out(static_cast<std::size_t>(width > 0 ? width : BN_num_bytes(value)), '\0');
  BN_bn2binpad(value, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  return out;
}

// DER ECDSA signature to the JWS form r || s.
std::string raw_ecdsa(const std::string& der) {
  const auto* cursor = bytes(der);
  const std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> signature(
      d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())), &ECDSA_SIG_free);
  check(signature != nullptr, "d2i_ECDSA_SIG");
  std::string out(64, '\0');
  auto* target = reinterpret_cast<unsigned char*>(out.data());
  BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), target, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), target + 32, 32);
  return out;
}

std::string encode_json(const boost::json::object& object) {
  return base64url(boost::json::serialize(object));
}

}  // namespace

std::string base64url(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(data),
                                      static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(written));
  std::ranges::replace(out, '+', '-');
  std::ranges::replace(out, '/', '_');
  out.erase(out.find_last_not_of('=') + 1);
  return out;
}

TestKey::TestKey(std::string kid, EVP_PKEY* key, bool es256)
    : kid_(std::move(kid)), key_(key, &EVP_PKEY_free), es256_(es256) {
  check(key != nullptr, "key generation");
}

TestKey TestKey::rsa(std::string kid) {
  return {std::move(kid), EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}), false};
}

TestKey TestKey::p256(std::string kid) {
  return {std::move(kid), EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), true};
}

boost::json::object TestKey::jwk() const {
  if (es256_) {
    return {{"kty", "EC"},
            {"crv", "P-256"},
            {"kid", kid_},
            {"use", "sig"},
            {"x", base64url(bn_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
            {"y", base64url(bn_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  }
  return {{"kty", "RSA"},
          {"kid", kid_},
          {"use", "sig"},
          {"alg", "RS256"},
          {"n", base64url(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_N, 0))},
          {"e", base64url(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_E, 0))}};
}

std::string TestKey::public_pem() const {
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  check(PEM_write_bio_PUBKEY(bio.get(), key_.get()) == 1, "PEM_write_bio_PUBKEY");
  char* data = nullptr;
  // BIO_get_mem_data is a macro around this call with a C cast.
  const auto size = BIO_ctrl(bio.get(), BIO_CTRL_INFO, 0, &data);
  return {data, static_cast<std::size_t>(size)};
}

std::string TestKey::sign(const boost::json::object& payload) const {
  return sign({{"alg", alg()}, {"typ", "JWT"}, {"kid", kid_}}, payload);
}

std::string TestKey::sign(const boost::json::object& header,
                          const boost::json::object& payload) const {
  const auto input = encode_json(header) + "." + encode_json(payload);
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  check(EVP_DigestSignInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, key_.get(),
                              nullptr) == 1,
        "EVP_DigestSignInit_ex");
  std::size_t size = 0;
  check(EVP_DigestSign(context.get(), nullptr, &size, bytes(input), input.size()) == 1,
        "EVP_DigestSign");
  std::string signature(size, '\0');
  check(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       bytes(input), input.size()) == 1,
        "EVP_DigestSign");
  signature.resize(size);
  return input + "." + base64url(es256_ ? raw_ecdsa(signature) : signature);
}

std::string jwks(std::initializer_list<const TestKey*> keys) {
  boost::json::array list;
  for (const auto* key : keys) {
    list.push_back(key->jwk());
  }
  return boost::json::serialize(boost::json::object{{"keys", list}});
}

std::string compact(const boost::json::object& header, const boost::json::object& payload,
                    std::string_view signature) {
  return encode_json(header) + "." + encode_json(payload) + "." + base64url(signature);
}

std::string hmac_sha256(std::string_view secret, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  std::size_t size = 0;
  check(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(),
                  bytes(data), data.size(), reinterpret_cast<unsigned char*>(out.data()),
                  out.size(), &size) != nullptr,
        "EVP_Q_mac");
  out.resize(size);
  return out;
}

std::int64_t epoch_seconds(std::chrono::seconds from_now) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             (std::chrono::system_clock::now() + from_now).time_since_epoch())
      .count();
}

}  // namespace core::auth::testing
