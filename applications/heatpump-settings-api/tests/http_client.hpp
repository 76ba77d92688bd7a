#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace settings_test {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// One request over a new connection to 127.0.0.1:<port>. The target is sent as given. A body is
// sent with the headers given (no Content-Type is added). Throws when nothing answers within 15 s.
HttpResponse http_request(std::uint16_t port, boost::beast::http::verb method,
                          const std::string& target, const Headers& headers = {},
                          const std::string& body = {});

}  // namespace settings_test
