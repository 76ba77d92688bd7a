#include "openapi_schema.hpp"

#include <algorithm>
#include <boost/algorithm/string/case_conv.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "core/time/rfc3339.hpp"
#include "openapi_document.hpp"

namespace api_test {
namespace {

namespace json = boost::json;

bool type_fits(std::string_view type, const json::value& value) {
  if (type == "object") {
    return value.is_object();
  }
  if (type == "array") {
    return value.is_array();
  }
  if (type == "string") {
    return value.is_string();
  }
  if (type == "integer") {
    return value.is_int64() || value.is_uint64();
  }
  if (type == "number") {
    return value.is_number();
  }
  if (type == "boolean") {
    return value.is_bool();
  }
  return false;
}

// The API's own rule is stricter than RFC 3339: UTC with 'Z' (contract section 1).
bool utc_date_time(std::string_view text) {
  return core::time::parse_rfc3339(text).has_value() && text.ends_with('Z');
}

}  // namespace

OpenApiDocument::OpenApiDocument() : document_(json::parse(homelab_api::openapi_document())) {}

const json::value& OpenApiDocument::resolve(const json::value& node) const {
  const auto* object = node.if_object();
  if (object == nullptr || !object->contains("$ref")) {
    return node;
  }
  const std::string_view ref = object->at("$ref").as_string();
  if (!ref.starts_with("#/")) {
    throw std::runtime_error("unsupported $ref " + std::string(ref));
  }
  boost::system::error_code ec;
  const auto* target = document_.find_pointer(ref.substr(1), ec);
  if (target == nullptr) {
    throw std::runtime_error("dangling $ref " + std::string(ref));
  }
  return resolve(*target);
}

void OpenApiDocument::check(const json::value& schema_node, const json::value& value,
                            const std::string& where, std::vector<std::string>& problems) const {
  const auto& schema = resolve(schema_node).as_object();
  if (value.is_null()) {
    if (!schema.contains("nullable") || !schema.at("nullable").as_bool()) {
      problems.push_back(where + ": null but not nullable");
    }
    return;
  }
  const std::string_view type = schema.at("type").as_string();
  if (!type_fits(type, value)) {
    problems.push_back(where + ": " + json::serialize(value) + " is not " + std::string(type));
    return;
  }
  if (const auto* values = schema.if_contains("enum");
      values != nullptr &&
      std::ranges::find(values->as_array(), value) == values->as_array().end()) {
    problems.push_back(where + ": " + json::serialize(value) + " is not in the enum");
  }
  if (type == "string" && schema.contains("format") && schema.at("format") == "date-time" &&
      !utc_date_time(value.as_string())) {
    problems.push_back(where + ": " + json::serialize(value) + " is not RFC 3339 UTC");
  }
  if (type == "array") {
    for (std::size_t i = 0; i < value.as_array().size(); ++i) {
      check(schema.at("items"), value.as_array()[i], where + "[" + std::to_string(i) + "]",
            problems);
    }
  }
  if (type == "object" && schema.contains("properties")) {
    const auto& properties = schema.at("properties").as_object();
    const auto& object = value.as_object();
    if (const auto* required = schema.if_contains("required")) {
      for (const auto& name : required->as_array()) {
        if (!object.contains(name.as_string())) {
          problems.push_back(where + ": required member " + json::serialize(name) + " is missing");
        }
      }
    }
    for (const auto& member : object) {
      const auto* property = properties.if_contains(member.key());
      if (property == nullptr) {
        problems.push_back(where + ": member " + std::string(member.key()) + " is not documented");
        continue;
      }
      check(*property, member.value(), where + "." + std::string(member.key()), problems);
    }
  }
}

std::vector<std::string> OpenApiDocument::check_response(const std::string& path, unsigned status,
                                                         const json::value& body) const {
  const auto* operation = document_.at("paths").as_object().if_contains(path);
  if (operation == nullptr || !operation->as_object().contains("get")) {
    return {"GET " + path + " is not documented"};
  }
  const auto& responses = operation->at("get").at("responses").as_object();
  const auto* response = responses.if_contains(std::to_string(status));
  if (response == nullptr) {
    return {"GET " + path + " does not document status " + std::to_string(status)};
  }
  const auto& content = resolve(*response).at("content").as_object();
  if (!content.contains("application/json")) {
    return {"GET " + path + " " + std::to_string(status) + " is not documented as JSON"};
  }
  std::vector<std::string> problems;
  check(content.at("application/json").at("schema"), body, "GET " + path, problems);
  return problems;
}

bool OpenApiDocument::documents(const std::string& path) const {
  return document_.at("paths").as_object().contains(path);
}

std::vector<std::string> OpenApiDocument::operations() const {
  std::vector<std::string> out;
  for (const auto& [path, item] : document_.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      out.push_back(boost::algorithm::to_upper_copy(std::string(method)) + " " + std::string(path));
    }
  }
  std::ranges::sort(out);
  return out;
}

}  // namespace api_test
