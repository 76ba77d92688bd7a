#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <string>
#include <string_view>

namespace core::auth {

// An absolute http:// or https:// URL with a host.
bool is_http_url(std::string_view text);

// A TLS client context that verifies servers against the system's trust store plus, when
// ca_file is not empty, the PEM certificates in it. Throws boost::system::system_error.
boost::asio::ssl::context make_tls_context(const std::string& ca_file);

// GETs an http:// or https:// URL on the calling coroutine's executor and returns the body of a
// 200 response. HTTPS checks the certificate chain and the host name. Throws (std::exception)
// with a message naming the URL on any failure: bad URL, connection, TLS, timeout, a status other
// than 200, or a body over 1 MiB.
boost::asio::awaitable<std::string> fetch_document(boost::asio::ssl::context& tls, std::string url,
                                                   std::chrono::steady_clock::duration timeout);

}  // namespace core::auth
