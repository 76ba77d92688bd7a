#include "core/auth/http_fetch.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/system_error.hpp>
#include <boost/url/parse.hpp>
#include <stdexcept>

namespace core::auth {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::use_awaitable;

// Key sets and discovery documents are a few KiB; anything this large is not one.
constexpr std::uint64_t kBodyLimit = std::uint64_t{1024} * 1024;

template <typename Stream>
asio::awaitable<std::string> exchange(Stream& stream, const boost::urls::url_view& url) {
  const std::string_view target = url.encoded_target();
  http::request<http::empty_body> request{http::verb::get, target.empty() ? "/" : target, 11};
  request.set(http::field::host, url.encoded_host_and_port());
  request.set(http::field::accept, "application/json");
  request.set(http::field::user_agent, "k12n-auth");
  co_await http::async_write(stream, request, use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kBodyLimit);
  co_await http::async_read(stream, buffer, parser, use_awaitable);
  if (parser.get().result() != http::status::ok) {
    throw std::runtime_error("HTTP status " + std::to_string(parser.get().result_int()));
  }
  co_return std::move(parser.get().body());
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  static_cast<void>(asio::ip::make_address(host, ec));
  return !ec;
}

asio::awaitable<std::string> fetch(asio::ssl::context& tls, const boost::urls::url_view& url,
                                   std::chrono::steady_clock::duration timeout) {
  const bool https = url.scheme_id() == boost::urls::scheme::https;
  if (!https && url.scheme_id() != boost::urls::scheme::http) {
    throw std::invalid_argument("not an http(s) URL");
  }
  const std::string host = url.host_address();
  const std::string port = url.has_port() ? std::string(url.port()) : https ? "443" : "80";
  const auto executor = co_await asio::this_coro::executor;
  // Name resolution is bounded by the system resolver's own timeouts; asio cannot cancel it.
  asio::ip::tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(host, port, use_awaitable);
  beast::tcp_stream tcp(executor);
  // One deadline for everything that follows: tcp_stream applies it to every later operation.
  tcp.expires_after(timeout);
  co_await tcp.async_connect(endpoints, use_awaitable);
  if (!https) {
    auto body = co_await exchange(tcp, url);
    co_return body;
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), tls);
  // SNI, so that a server hosting several names presents the right certificate.
  // (SSL_set_tlsext_host_name is a macro around this call with a C cast.)
  if (!is_ip_literal(host) &&
      SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(host.c_str())) != 1) {
    throw std::runtime_error("cannot set the TLS server name");
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(host));
  co_await stream.async_handshake(asio::ssl::stream_base::client, use_awaitable);
  // The connection is dropped afterwards without a TLS close_notify: the response is complete
  // and many servers do not answer one.
  auto body = co_await exchange(stream, url);
  co_return body;
}

}  // namespace

bool is_http_url(std::string_view text) {
  const auto url = boost::urls::parse_absolute_uri(text);
  return url &&
         (url->scheme_id() == boost::urls::scheme::http ||
          url->scheme_id() == boost::urls::scheme::https) &&
         !url->host().empty();
}

asio::ssl::context make_tls_context(const std::string& ca_file) {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  if (SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION) != 1) {
    throw std::runtime_error("cannot require TLS 1.2");
  }
  tls.set_default_verify_paths();
  if (!ca_file.empty()) {
    tls.load_verify_file(ca_file);
  }
  tls.set_verify_mode(asio::ssl::verify_peer);
  return tls;
}

// The URL is taken by value: the coroutine may outlive the caller's string.
asio::awaitable<std::string> fetch_document(asio::ssl::context& tls, std::string url,
                                            std::chrono::steady_clock::duration timeout) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  try {
    if (!parsed) {
      throw std::invalid_argument("not a URL");
    }
    auto body = co_await fetch(tls, *parsed, timeout);
    co_return body;
  } catch (const boost::system::system_error& e) {
    // code().message() leaves out the source location what() carries.
    throw std::runtime_error(url + ": " + e.code().message());
  } catch (const std::exception& e) {
    throw std::runtime_error(url + ": " + e.what());
  }
}

}  // namespace core::auth
