#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rag {

// A typed request parameter: the string, integer and boolean members of section 1.
using Value = std::variant<std::string, std::int64_t, bool>;
// Parameters by their request member name ("namespace", "replicas", "runId").
using Params = std::map<std::string, Value, std::less<>>;

// The request of contracts/rag-k8s.md section 1 after its types and enums were checked.
struct Request {
  std::optional<std::string> intent;
  std::optional<std::string> resource;
  std::optional<std::string> query;
  Params params;
  bool dry_run = false;
  bool confirm = false;
  std::optional<std::string> confirm_token;
};

// A request the core turns away before policy: 400 (types, enums, unknown members) or 422
// (values, card choice, parameters). The reasons go to the caller.
class RequestError : public std::runtime_error {
 public:
  RequestError(unsigned status, std::vector<std::string> reasons);
  unsigned status() const { return status_; }
  const std::vector<std::string>& reasons() const { return reasons_; }

 private:
  unsigned status_;
  std::vector<std::string> reasons_;
};

enum class Kind { string, integer, boolean };

// One parameter member of the request.
struct FieldSpec {
  std::string_view name;
  Kind kind;
  std::int64_t min = 0;  // integers
  std::int64_t max = 0;
  bool (*valid)(std::string_view) = nullptr;  // strings
  std::string_view rule;                      // what a valid value looks like, for reasons
};

inline constexpr std::array<std::string_view, 23> kIntents = {
    "diagnose",         "restart",      "scale",       "logs",
    "status",           "describe",     "events",      "top",
    "cordon",           "uncordon",     "drain",       "flux-reconcile",
    "flux-suspend",     "flux-resume",  "flux-status", "job-restart",
    "config-view",      "gh-run-watch", "gh-run-list", "gh-run-view",
    "gh-workflow-view", "gh-pr-list",   "gh-pr-view"};
inline constexpr std::array<std::string_view, 11> kResources = {
    "deployment",    "pod", "statefulset", "node",     "service",     "namespace",
    "kustomization", "job", "configmap",   "workflow", "pull-request"};

// The parameter members, in the order of section 1; nullptr for an unknown name.
const std::vector<FieldSpec>& field_specs();
const FieldSpec* find_field(std::string_view name);

// Checks members, JSON types and enums. Throws RequestError(400).
Request parse_request(const boost::json::value& body);
// Parameters of the wrong type or unknown, as reasons (a model's output is checked with it).
std::vector<std::string> check_types(const boost::json::object& members, Params& out);
// 422 reason for a query longer than 500 characters.
std::optional<std::string> check_query(const std::optional<std::string>& query);
// The value rules of section 1, one reason per bad value (422).
std::vector<std::string> check_values(const Params& params);

boost::json::value to_json(const Value& value);
// The text a value renders to in argv.
std::string to_text(const Value& value);
// The structured request without query or token: resolvedRequest of section 5.
boost::json::object to_json(const Request& request);
// A printable, bounded rendering of a caller's string for reasons and the audit log.
std::string quoted(std::string_view text);

}  // namespace rag
