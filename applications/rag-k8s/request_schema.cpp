#include "request_schema.hpp"

#include <boost/json/array.hpp>
#include <span>
#include <string>

#include "request.hpp"

namespace rag {
namespace {

namespace json = boost::json;

json::array enum_values(std::span<const std::string_view> values) {
  json::array out;
  for (const auto& v : values) {
    out.emplace_back(v);
  }
  return out;
}

}  // namespace

json::object request_schema() {
  json::object properties{
      {"intent", {{"type", "string"}, {"enum", enum_values(kIntents)}}},
      {"resource", {{"type", "string"}, {"enum", enum_values(kResources)}}},
      {"query",
       {{"type", "string"},
        {"maxLength", 500},
        {"description", "Natural-language goal; only chooses a card"}}},
      {"constraints",
       {{"type", "object"},
        {"additionalProperties", false},
        {"properties",
         {{"dryRun", {{"type", "boolean"}, {"description", "Validate and render, never execute"}}},
          {"confirm", {{"type", "boolean"}, {"description", "Always ask for confirmation"}}},
          {"confirmToken",
           {{"type", "string"},
            {"description",
             "Token of an awaiting_confirmation answer, with its resolvedRequest"}}}}}}}};
  for (const auto& spec : field_specs()) {
    json::object property;
    switch (spec.kind) {
      case Kind::string:
        property = {{"type", json::array{"string", "null"}}, {"description", spec.rule}};
        break;
      case Kind::integer:
        property = {{"type", "integer"}, {"minimum", spec.min}, {"maximum", spec.max}};
        break;
      case Kind::boolean:
        property = {{"type", "boolean"}};
        break;
    }
    properties[spec.name] = std::move(property);
  }
  return {
      {"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
}

}  // namespace rag
