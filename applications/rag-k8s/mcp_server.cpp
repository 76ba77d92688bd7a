#include "mcp_server.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "request_schema.hpp"
#include "utf8_text.hpp"

namespace rag {
namespace {

namespace json = boost::json;

constexpr std::string_view kLatest = "2025-06-18";
constexpr std::string_view kOlder = "2024-11-05";
constexpr std::size_t kMaxClientName = 64;

// A JSON-RPC error answered to the caller.
class RpcError : public std::runtime_error {
 public:
  RpcError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

json::object error_response(const json::value& id, int code, std::string_view message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json::array tools() {
  const auto request = request_schema();
  return {
      json::object{
          {"name", "k8s_exec"},
          {"description",
           "Run one fixed Kubernetes, Flux or GitHub operation card, after validation and "
           "policy. High-risk operations answer awaiting_confirmation with a confirmToken: "
           "call again with resolvedRequest and constraints.confirmToken."},
          {"inputSchema", request}},
      json::object{{"name", "k8s_plan"},
                   {"description",
                    "Validate and render a request without executing it; tells whether it would "
                    "need confirmation."},
                   {"inputSchema", request}},
      json::object{
          {"name", "k8s_cards"},
          {"description", "List the operation cards, ranked for a natural-language query."},
          {"inputSchema",
           {{"type", "object"},
            {"additionalProperties", false},
            {"properties", {{"query", {{"type", "string"}, {"maxLength", 500}}}}}}}}};
}

}  // namespace

void McpServer::run(std::istream& in, std::ostream& out) {
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    if (const auto response = handle_line(line)) {
      out << json::serialize(*response) << '\n' << std::flush;
    }
  }
}

std::optional<json::object> McpServer::handle_line(const std::string& line) {
  boost::system::error_code ec;
  const auto message = json::parse(line, ec);
  if (ec) {
    return error_response(nullptr, -32700, "parse error");
  }
  const auto* object = message.if_object();
  const json::value* method = object == nullptr ? nullptr : object->if_contains("method");
  const json::value* id = object == nullptr ? nullptr : object->if_contains("id");
  if (method == nullptr || !method->is_string() ||
      (id != nullptr && !id->is_string() && !id->is_int64() && !id->is_uint64())) {
    if (object != nullptr && id == nullptr && object->contains("result")) {
      return std::nullopt;  // a response to nothing we asked; ignore it
    }
    return error_response(id == nullptr ? json::value(nullptr) : *id, -32600, "invalid request");
  }
  if (id == nullptr) {
    return std::nullopt;  // notifications (notifications/initialized, ...) need no answer
  }
  static const json::object no_params;
  const auto* params_value = object->if_contains("params");
  const auto& params =
      params_value != nullptr && params_value->is_object() ? params_value->get_object() : no_params;
  try {
    json::value result;
    const std::string_view name = method->get_string();
    if (name == "initialize") {
      result = initialize(params);
    } else if (name == "ping") {
      result = json::object();
    } else if (name == "tools/list") {
      result = json::object{{"tools", tools()}};
    } else if (name == "tools/call") {
      result = call_tool(params);
    } else {
      throw RpcError(-32601, "method not found: " + std::string(name));
    }
    return json::object{{"jsonrpc", "2.0"}, {"id", *id}, {"result", std::move(result)}};
  } catch (const RpcError& e) {
    return error_response(*id, e.code(), e.what());
  } catch (const std::exception& e) {
    return error_response(*id, -32603, e.what());
  }
}

json::value McpServer::initialize(const json::object& params) {
  const auto* requested = params.if_contains("protocolVersion");
  protocol_ = requested != nullptr && requested->is_string() && requested->get_string() == kOlder
                  ? std::string(kOlder)
                  : std::string(kLatest);
  if (const auto* client = params.if_contains("clientInfo");
      client != nullptr && client->is_object()) {
    if (const auto* name = client->get_object().if_contains("name");
        name != nullptr && name->is_string()) {
      caller_ = "mcp:" + std::string(cut_at_utf8_boundary(name->get_string(), kMaxClientName));
    }
  }
  return json::object{
      {"protocolVersion", protocol_},
      {"capabilities", {{"tools", {{"listChanged", false}}}}},
      {"serverInfo", {{"name", "rag-k8s"}, {"version", version_}}},
      {"instructions",
       "Use k8s_cards to find an operation, k8s_plan to check a request, k8s_exec to run it. "
       "No tool accepts a command line."}};
}

json::value McpServer::call_tool(const json::object& params) {
  const auto* name = params.if_contains("name");
  if (name == nullptr || !name->is_string()) {
    throw RpcError(-32602, "tools/call needs a tool name");
  }
  static const json::value empty = json::object();
  const auto* arguments = params.if_contains("arguments");
  const auto& input = arguments == nullptr || arguments->is_null() ? empty : *arguments;
  json::object body;
  bool failed = false;
  if (name->get_string() == "k8s_exec" || name->get_string() == "k8s_plan") {
    const auto mode = name->get_string() == "k8s_exec" ? Mode::exec : Mode::plan;
    auto outcome = engine_.handle(input, caller_, mode);
    failed = outcome.status >= 400;
    body = std::move(outcome.body);
  } else if (name->get_string() == "k8s_cards") {
    std::optional<std::string> query;
    if (const auto* object = input.if_object()) {
      if (const auto* q = object->if_contains("query"); q != nullptr && q->is_string()) {
        query = std::string(q->get_string());
      }
    }
    body = {{"cards", engine_.list_cards(query)}};
  } else {
    throw RpcError(-32602, "unknown tool: " + std::string(name->get_string()));
  }
  json::object result{
      {"content", json::array{json::object{{"type", "text"}, {"text", json::serialize(body)}}}},
      {"isError", failed}};
  if (protocol_ == kLatest) {
    result["structuredContent"] = std::move(body);
  }
  return result;
}

}  // namespace rag
