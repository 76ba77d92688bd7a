#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <iosfwd>
#include <optional>
#include <string>

#include "engine.hpp"

namespace rag {

// The MCP server of section 10: JSON-RPC 2.0 over stdio, one message per line, with the tools
// k8s_exec, k8s_plan and k8s_cards. Protocol versions 2025-06-18 and 2024-11-05.
class McpServer {
 public:
  McpServer(Engine& engine, std::string version) : engine_(engine), version_(std::move(version)) {}

  // Serves until the input ends.
  void run(std::istream& in, std::ostream& out);
  // The response line to one input line; nullopt for notifications.
  std::optional<boost::json::object> handle_line(const std::string& line);

 private:
  boost::json::value initialize(const boost::json::object& params);
  boost::json::value call_tool(const boost::json::object& params);

  Engine& engine_;
  std::string version_;
  std::string protocol_ = "2025-06-18";
  std::string caller_ = "mcp:unknown";
};

}  // namespace rag
