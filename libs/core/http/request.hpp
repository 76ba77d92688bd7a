#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace core::http {

using Verb = boost::beast::http::verb;
using Field = boost::beast::http::field;
using Message = boost::beast::http::request<boost::beast::http::string_body>;
using Params = std::vector<std::pair<std::string, std::string>>;

// Who sent a request, as the authenticator (core/auth) established it before the handler ran.
struct Identity {
  std::string subject;   // jwt: sub; proxy: X-Auth-Request-User; none: "anonymous"
  std::string username;  // jwt: preferred_username, else sub
  std::optional<std::string> email;
  std::optional<std::string> token;  // the bearer or proxy access token, for /user/info
  std::set<std::string, std::less<>> scopes;
  bool all_scopes = false;                                          // proxy and none modes
  std::optional<std::chrono::system_clock::time_point> expires_at;  // the token's exp

  bool has_scope(std::string_view scope) const { return all_scopes || scopes.contains(scope); }
};

// A request as a handler sees it.
struct Request {
  Message message;     // method, target, headers and body as received
  std::string path;    // percent-decoded
  Params path_params;  // the {name} segments of the matched route, percent-decoded
  Params query;        // percent-decoded, in the order sent; see decode_query
  boost::asio::ip::tcp::endpoint peer;
  std::optional<Identity> identity;  // set for routes outside the "public" group when authenticated

  Verb method() const { return message.method(); }
  const std::string& body() const { return message.body(); }
  // A header's value, empty when absent.
  std::string_view header(Field name) const { return message[name]; }
  std::string_view header(std::string_view name) const { return message[name]; }
  // The value of a {name} segment, empty when the route has none of that name.
  std::string_view path_param(std::string_view name) const;
  // The first value of a query parameter, nullopt when absent.
  std::optional<std::string_view> query_param(std::string_view name) const;
};

// The query parameters of a request target, percent-decoded, in order. Boost.URL's params()
// decodes with form semantics and turns '+' into a space; this keeps a '+' as sent, because RFC
// 3339 offsets ("+01:00") travel in query parameters and clients often leave the '+' unencoded.
// A space arrives only as %20 (the API contract also accepts "... 01:00" from clients or proxies
// that did the form decoding themselves).
Params decode_query(const boost::urls::url_view& target);

}  // namespace core::http
