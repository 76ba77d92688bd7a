#include "core/http/response.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <utility>

namespace core::http {

Response text(Status status, std::string body, std::string_view content_type) {
  Response response{status, 11};
  response.set(boost::beast::http::field::content_type, content_type);
  response.body() = std::move(body);
  return response;
}

Response json(Status status, const boost::json::value& body) {
  return text(status, boost::json::serialize(body), kJsonContentType);
}

Response error(Status status, std::string_view message) {
  return json(status, boost::json::object{{"error", message}});
}

}  // namespace core::http
