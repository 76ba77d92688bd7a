// Key sets over HTTPS: a TLS server on loopback with a certificate made here, trusted through
// auth.ca_file; certificate and host name checks refuse anything else.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/auth/http_fetch.hpp"

namespace core::auth {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace std::chrono_literals;

constexpr std::string_view kBody = R"({"keys":[]})";

std::string pem_of(const std::function<int(BIO*)>& write) {
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (write(bio.get()) != 1) {
    throw std::runtime_error("PEM_write failed");
  }
  char* data = nullptr;
  const auto size = BIO_ctrl(bio.get(), BIO_CTRL_INFO, 0, &data);  // BIO_get_mem_data
  return {data, static_cast<std::size_t>(size)};
}

// A self-signed certificate for the DNS name "localhost" only, and its key, in PEM.
struct Certificate {
  std::string cert_pem;
  std::string key_pem;
};

Certificate make_certificate() {
  const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
  const std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  auto* name = X509_get_subject_name(cert.get());
  const std::string common_name = "k12n test";
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX context;
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost"},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    auto* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    X509_add_ext(cert.get(), extension, -1);
    X509_EXTENSION_free(extension);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    throw std::runtime_error("X509_sign failed");
  }
  return {pem_of([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); }),
          pem_of([&](BIO* bio) {
            return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
          })};
}

// Answers every request on 127.0.0.1 over TLS with kBody.
class TlsServer {
 public:
  explicit TlsServer(const Certificate& certificate) {
    tls_.use_certificate_chain(asio::buffer(certificate.cert_pem));
    tls_.use_private_key(asio::buffer(certificate.key_pem), asio::ssl::context::pem);
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
    thread_ = std::jthread([this] { ioc_.run(); });
  }
  ~TlsServer() { ioc_.stop(); }
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto socket = co_await acceptor_.async_accept(asio::use_awaitable);
      asio::co_spawn(ioc_, answer(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> answer(asio::ip::tcp::socket socket) {
    constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), tls_);
    const auto [handshake] =
        co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
    if (handshake) {
      co_return;  // the client refused the certificate
    }
    beast::flat_buffer buffer;
    beast::http::request<beast::http::string_body> request;
    const auto [read, read_bytes] =
        co_await beast::http::async_read(stream, buffer, request, use_tuple);
    if (read) {
      co_return;
    }
    beast::http::response<beast::http::string_body> response{beast::http::status::ok, 11};
    response.set(beast::http::field::content_type, "application/json");
    response.body() = std::string(kBody);
    response.prepare_payload();
    co_await beast::http::async_write(stream, response, use_tuple);
  }

  asio::io_context ioc_;
  asio::ssl::context tls_{asio::ssl::context::tls_server};
  asio::ip::tcp::acceptor acceptor_{ioc_, {asio::ip::make_address("127.0.0.1"), 0}};
  std::jthread thread_;
};

class HttpsFetch : public ::testing::Test {
 protected:
  HttpsFetch() { std::ofstream(ca_file_) << certificate_.cert_pem; }
  ~HttpsFetch() override { std::filesystem::remove(ca_file_); }
  HttpsFetch(const HttpsFetch&) = delete;
  HttpsFetch& operator=(const HttpsFetch&) = delete;

  // fetch_document's body, or the message of what it threw.
  static std::string fetch(asio::ssl::context& tls, const std::string& url) {
    asio::io_context ioc;
    auto result = asio::co_spawn(ioc, fetch_document(tls, url, 5s), asio::use_future);
    ioc.run();
    try {
      return result.get();
    } catch (const std::exception& e) {
      return std::string("error: ") + e.what();
    }
  }

  std::string url(std::string_view host) const {
    return "https://" + std::string(host) + ":" + std::to_string(server_.port()) + "/jwks";
  }

  Certificate certificate_ = make_certificate();
  std::filesystem::path ca_file_ = std::filesystem::temp_directory_path() /
                                   ("https_fetch_test_" + std::to_string(::getpid()) + ".pem");
  TlsServer server_{certificate_};
};

TEST_F(HttpsFetch, FetchesFromAServerWhoseCertificateIsTrusted) {
  auto tls = make_tls_context(ca_file_.string());
  EXPECT_EQ(fetch(tls, url("localhost")), kBody);
}

TEST_F(HttpsFetch, RefusesACertificateOutsideTheTrustStore) {
  auto tls = make_tls_context("");
  const auto result = fetch(tls, url("localhost"));
  EXPECT_TRUE(result.starts_with("error: " + url("localhost") + ": ")) << result;
  EXPECT_NE(result.find("certificate verify failed"), std::string::npos) << result;
}

TEST_F(HttpsFetch, RefusesACertificateForAnotherName) {
  auto tls = make_tls_context(ca_file_.string());
  const auto result = fetch(tls, url("127.0.0.1"));  // the certificate names localhost only
  EXPECT_NE(result.find("certificate verify failed"), std::string::npos) << result;
}

TEST(HttpFetch, ReportsWhatIsNotAUsableUrl) {
  auto tls = make_tls_context("");
  asio::io_context ioc;
  for (const auto* url : {"ftp://127.0.0.1/jwks", "not a url", "http://127.0.0.1:9/jwks"}) {
    auto result = asio::co_spawn(ioc, fetch_document(tls, url, 2s), asio::use_future);
    ioc.restart();
    ioc.run();
    try {
      result.get();
      ADD_FAILURE() << url;
    } catch (const std::exception& e) {
      EXPECT_TRUE(std::string_view(e.what()).starts_with(std::string(url) + ": ")) << e.what();
    }
  }
}

TEST(HttpFetch, RecognisesHttpUrls) {
  EXPECT_TRUE(is_http_url("http://127.0.0.1:8080/jwks"));
  EXPECT_TRUE(is_http_url("https://auth.k12n.com/application/o/heatpump/"));
  EXPECT_FALSE(is_http_url("ftp://auth.k12n.com/"));
  EXPECT_FALSE(is_http_url("auth.k12n.com"));
  EXPECT_FALSE(is_http_url("https:///path"));
}

}  // namespace
}  // namespace core::auth
