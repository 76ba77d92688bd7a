#include "request.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <span>

#include "patterns.hpp"
#include "utf8_text.hpp"

namespace rag {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxRunId = std::int64_t{1} << 53;
constexpr std::size_t kMaxQuery = 500;

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : "; ") + part;
  }
  return out;
}

// null and "" mean "absent" (section 1).
bool absent(const json::value& value) {
  return value.is_null() || (value.is_string() && value.get_string().empty());
}

std::optional<std::string> enum_member(std::string_view member, const json::value& value,
                                       std::span<const std::string_view> allowed,
                                       std::vector<std::string>& reasons) {
  if (absent(value)) {
    return std::nullopt;
  }
  if (!value.is_string()) {
    reasons.push_back("'" + std::string(member) + "' must be a string");
    return std::nullopt;
  }
  const std::string_view text = value.get_string();
  if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
    reasons.push_back("'" + std::string(member) + "' " + quoted(text) + " is not one of the " +
                      std::to_string(allowed.size()) + " allowed values");
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<bool> boolean_member(std::string_view member, const json::value& value,
                                   std::vector<std::string>& reasons) {
  if (value.is_null()) {
    return std::nullopt;
  }
  if (!value.is_bool()) {
    reasons.push_back("'" + std::string(member) + "' must be a boolean");
    return std::nullopt;
  }
  return value.get_bool();
}

void read_constraints(const json::value& value, Request& request,
                      std::vector<std::string>& reasons) {
  if (value.is_null()) {
    return;
  }
  if (!value.is_object()) {
    reasons.emplace_back("'constraints' must be an object");
    return;
  }
  for (const auto& [key, member] : value.get_object()) {
    if (key == "dryRun") {
      request.dry_run = boolean_member("constraints.dryRun", member, reasons).value_or(false);
    } else if (key == "confirm") {
      request.confirm = boolean_member("constraints.confirm", member, reasons).value_or(false);
    } else if (key == "confirmToken") {
      if (absent(member)) {
        continue;
      }
      if (!member.is_string()) {
        reasons.emplace_back("'constraints.confirmToken' must be a string");
      } else {
        request.confirm_token = std::string(member.get_string());
      }
    } else {
      reasons.push_back("unknown member 'constraints." + std::string(key) + "'");
    }
  }
}

}  // namespace

RequestError::RequestError(unsigned status, std::vector<std::string> reasons)
    : std::runtime_error(join(reasons)), status_(status), reasons_(std::move(reasons)) {}

const std::vector<FieldSpec>& field_specs() {
  static const std::vector<FieldSpec> specs = {
      {"namespace", Kind::string, 0, 0, is_dns_label, "a DNS-1123 label"},
      {"name", Kind::string, 0, 0, is_dns_subdomain, "a DNS-1123 subdomain"},
      {"selector", Kind::string, 0, 0, is_label_selector, "a label selector"},
      {"replicas", Kind::integer, 0, 50, nullptr, {}},
      {"tail", Kind::integer, 1, 10000, nullptr, {}},
      {"since", Kind::string, 0, 0, is_since, "a duration like 30s, 15m or 2h (at most 168h)"},
      {"container", Kind::string, 0, 0, is_dns_label, "a DNS-1123 label"},
      {"previous", Kind::boolean, 0, 0, nullptr, {}},
      {"repo", Kind::string, 0, 0, is_repo, "owner/name"},
      {"runId", Kind::integer, 1, kMaxRunId, nullptr, {}},
      {"prNumber", Kind::integer, 1, 1'000'000'000, nullptr, {}},
      {"workflow", Kind::string, 0, 0, is_workflow, "a workflow file name or numeric id"},
      {"limit", Kind::integer, 1, 100, nullptr, {}},
      {"comments", Kind::boolean, 0, 0, nullptr, {}},
  };
  return specs;
}

const FieldSpec* find_field(std::string_view name) {
  const auto& specs = field_specs();
  const auto it =
      std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

std::vector<std::string> check_types(const json::object& members, Params& out) {
  std::vector<std::string> reasons;
  for (const auto& [key, value] : members) {
    const auto* spec = find_field(key);
    const auto name = "'" + std::string(key) + "'";
    if (spec == nullptr) {
      reasons.push_back("unknown member " + quoted(key));
    } else if (absent(value)) {
      continue;
    } else if (spec->kind == Kind::string) {
      if (value.is_string()) {
        out[std::string(key)] = std::string(value.get_string());
      } else {
        reasons.push_back(name + " must be a string");
      }
    } else if (spec->kind == Kind::boolean) {
      if (value.is_bool()) {
        out[std::string(key)] = value.get_bool();
      } else {
        reasons.push_back(name + " must be a boolean");
      }
    } else if (value.is_int64()) {
      out[std::string(key)] = value.get_int64();
    } else if (value.is_uint64()) {
      reasons.push_back(name + " is out of range");
    } else {
      reasons.push_back(name + " must be an integer");
    }
  }
  return reasons;
}

Request parse_request(const json::value& body) {
  if (!body.is_object()) {
    throw RequestError(400, {"the request must be a JSON object"});
  }
  Request request;
  std::vector<std::string> reasons;
  json::object params;
  for (const auto& [key, value] : body.get_object()) {
    if (key == "intent") {
      request.intent = enum_member(key, value, kIntents, reasons);
    } else if (key == "resource") {
      request.resource = enum_member(key, value, kResources, reasons);
    } else if (key == "query") {
      if (absent(value)) {
        continue;
      }
      if (!value.is_string()) {
        reasons.emplace_back("'query' must be a string");
      } else {
        request.query = std::string(value.get_string());
      }
    } else if (key == "constraints") {
      read_constraints(value, request, reasons);
    } else {
      params.emplace(key, value);
    }
  }
  auto type_reasons = check_types(params, request.params);
  reasons.insert(reasons.end(), type_reasons.begin(), type_reasons.end());
  if (request.confirm_token && request.dry_run) {
    reasons.emplace_back("'constraints.confirmToken' cannot be combined with dryRun");
  }
  if (!request.query && reasons.empty()) {
    if (!request.intent) {
      reasons.emplace_back("'intent' is required unless 'query' is given");
    }
    if (!request.resource) {
      reasons.emplace_back("'resource' is required unless 'query' is given");
    }
  }
  if (!reasons.empty()) {
    throw RequestError(400, std::move(reasons));
  }
  return request;
}

std::vector<std::string> check_values(const Params& params) {
  std::vector<std::string> reasons;
  for (const auto& [key, value] : params) {
    const auto* spec = find_field(key);
    if (spec == nullptr) {
      reasons.push_back("unknown parameter " + quoted(key));
    } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
      if (*number < spec->min || *number > spec->max) {
        reasons.push_back("'" + key + "' must be between " + std::to_string(spec->min) + " and " +
                          std::to_string(spec->max));
      }
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      if (spec->valid != nullptr && !spec->valid(*text)) {
        reasons.push_back("'" + key + "' " + quoted(*text) + " is not " + std::string(spec->rule));
      }
    }
  }
  return reasons;
}

std::optional<std::string> check_query(const std::optional<std::string>& query) {
  if (query && code_points(*query) > kMaxQuery) {
    return "'query' is longer than 500 characters";
  }
  return std::nullopt;
}

json::value to_json(const Value& value) {
  return std::visit([](const auto& v) { return json::value(v); }, value);
}

std::string to_text(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  if (const auto* flag = std::get_if<bool>(&value)) {
    return *flag ? "true" : "false";
  }
  return std::to_string(std::get<std::int64_t>(value));
}

json::object to_json(const Request& request) {
  json::object out;
  if (request.intent) {
    out["intent"] = *request.intent;
  }
  if (request.resource) {
    out["resource"] = *request.resource;
  }
  for (const auto& [key, value] : request.params) {
    out[key] = to_json(value);
  }
  if (request.confirm) {
    out["constraints"] = json::object{{"confirm", true}};
  }
  return out;
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kShown = 64;
  const auto shown = cut_at_utf8_boundary(text, kShown);
  return json::serialize(json::string(shown)) + (shown.size() < text.size() ? "..." : "");
}

}  // namespace rag
