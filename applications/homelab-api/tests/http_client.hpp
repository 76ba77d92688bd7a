#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace api_test {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// One request over a new connection to 127.0.0.1:<port> with Beast. The target is sent exactly
// as given, so tests control the percent-encoding. Throws when nothing answers within 15 s.
HttpResponse http_request(std::uint16_t port, boost::beast::http::verb method,
                          const std::string& target, const Headers& headers = {});

inline HttpResponse http_get(std::uint16_t port, const std::string& target) {
  return http_request(port, boost::beast::http::verb::get, target);
}

// A TCP port that was free a moment ago on 127.0.0.1.
std::uint16_t free_port();

}  // namespace api_test
