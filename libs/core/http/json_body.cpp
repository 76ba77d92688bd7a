#include "core/http/json_body.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>
#include <string>

#include "core/http/error.hpp"

namespace core::http {
namespace {

// The media type without parameters: "application/json; charset=utf-8" -> "application/json".
std::string_view media_type(std::string_view content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  return type;
}

}  // namespace

boost::json::value read_json(const Request& request) {
  if (!boost::beast::iequals(media_type(request.header(Field::content_type)), "application/json")) {
    throw Error(Status::unsupported_media_type, "expected Content-Type application/json");
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(request.body(), ec);
  if (ec) {
    throw Error(Status::bad_request, "malformed JSON body: " + ec.message());
  }
  return value;
}

}  // namespace core::http
