#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace api_test {

// The checked-in OpenAPI document, used to check real responses against what it promises. Covers
// the subset of OpenAPI 3.0 schemas the document uses: $ref, type (object, array, string, number,
// integer, boolean), required, properties, items, nullable, enum and format date-time. Members
// that a schema does not list count as problems too, so the document cannot fall behind.
class OpenApiDocument {
 public:
  OpenApiDocument();

  // Problems of a JSON body against the documented response of GET `path` with `status`; empty
  // when the body fits.
  std::vector<std::string> check_response(const std::string& path, unsigned status,
                                          const boost::json::value& body) const;

  bool documents(const std::string& path) const;

  // Every (path, method) the document describes, as "GET /api/v1/energy/latest".
  std::vector<std::string> operations() const;

  const boost::json::value& document() const { return document_; }

 private:
  const boost::json::value& resolve(const boost::json::value& node) const;
  void check(const boost::json::value& schema, const boost::json::value& value,
             const std::string& where, std::vector<std::string>& problems) const;

  boost::json::value document_;
};

}  // namespace api_test
