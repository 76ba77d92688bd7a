// The MCP server (section 10) over its real transport: the binary with pipes on stdin/stdout.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "sandbox.hpp"
#include "tool_process.hpp"

namespace rag::testing {
namespace {

namespace json = boost::json;

class Mcp : public ::testing::Test {
 protected:
  json::object call(const json::object& message) {
    server_.write_line(json::serialize(message));
    const auto line = server_.read_line();
    EXPECT_TRUE(line.has_value()) << "no answer to " << json::serialize(message);
    return line ? json::parse(*line).as_object() : json::object();
  }
  json::object initialize(const std::string& version = "2025-06-18") {
    auto answer = call({{"jsonrpc", "2.0"},
                        {"id", 1},
                        {"method", "initialize"},
                        {"params",
                         {{"protocolVersion", version},
                          {"capabilities", json::object()},
                          {"clientInfo", {{"name", "test-assistant"}, {"version", "1"}}}}}});
    server_.write_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    return answer;
  }
  json::object tool(const std::string& name, const json::value& arguments, int id = 7) {
    return call({{"jsonrpc", "2.0"},
                 {"id", id},
                 {"method", "tools/call"},
                 {"params", {{"name", name}, {"arguments", arguments}}}});
  }

  Sandbox sandbox_;
  ToolProcess server_{sandbox_, {"serve-mcp"}};
};

TEST_F(Mcp, InitializeNegotiatesTheProtocolAndAnnouncesTools) {
  const auto answer = initialize();
  EXPECT_EQ(answer.at("id"), 1);
  const auto& result = answer.at("result").as_object();
  EXPECT_EQ(result.at("protocolVersion"), "2025-06-18");
  EXPECT_TRUE(result.at("capabilities").as_object().contains("tools"));
  EXPECT_EQ(result.at("serverInfo").at("name"), "rag-k8s");
}

TEST_F(Mcp, OlderProtocolVersionIsAccepted) {
  EXPECT_EQ(initialize("2024-11-05").at("result").at("protocolVersion"), "2024-11-05");
  // The older version has no structuredContent.
  const auto answer = tool("k8s_plan", json::parse(R"({"intent":"top","resource":"node"})"));
  EXPECT_FALSE(answer.at("result").as_object().contains("structuredContent"));
}

TEST_F(Mcp, UnknownVersionsGetTheLatest) {
  EXPECT_EQ(initialize("1999-01-01").at("result").at("protocolVersion"), "2025-06-18");
}

TEST_F(Mcp, ToolsListHasTheThreeToolsWithSchemas) {
  initialize();
  const auto answer = call({{"jsonrpc", "2.0"}, {"id", "list"}, {"method", "tools/list"}});
  EXPECT_EQ(answer.at("id"), "list");
  const auto& tools = answer.at("result").at("tools").as_array();
  ASSERT_EQ(tools.size(), 3U);
  EXPECT_EQ(tools[0].at("name"), "k8s_exec");
  EXPECT_EQ(tools[1].at("name"), "k8s_plan");
  EXPECT_EQ(tools[2].at("name"), "k8s_cards");
  const auto& schema = tools[0].at("inputSchema").as_object();
  EXPECT_EQ(schema.at("additionalProperties"), false);
  EXPECT_TRUE(schema.at("properties").as_object().contains("replicas"));
}

TEST_F(Mcp, ExecRunsTheCardAndReportsTheDecision) {
  initialize();
  const auto answer =
      tool("k8s_exec",
           json::parse(
               R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"api"})"));
  const auto& result = answer.at("result").as_object();
  EXPECT_EQ(result.at("isError"), false);
  const auto& structured = result.at("structuredContent").as_object();
  EXPECT_EQ(structured.at("status"), "executed");
  EXPECT_EQ(json::parse(result.at("content").as_array().front().at("text").as_string()),
            structured);
  EXPECT_EQ(sandbox_.calls("kubectl"),
            (std::vector<std::vector<std::string>>{
                {"kubectl", "rollout", "restart", "deployment/api", "-n", "dev"}}));
  const auto audit = sandbox_.audit_lines();
  ASSERT_EQ(audit.size(), 1U);
  EXPECT_EQ(audit.front().at("caller"), "mcp:test-assistant");
}

TEST_F(Mcp, RefusalsAreToolErrors) {
  initialize();
  for (const auto* request :
       {R"({"intent":"restart","resource":"deployment","namespace":"dev","name":"a; id"})",
        R"({"intent":"undo","resource":"deployment"})",
        R"({"intent":"restart","resource":"deployment","namespace":"kube-system","name":"a"})"}) {
    const auto answer = tool("k8s_exec", json::parse(request));
    EXPECT_EQ(answer.at("result").at("isError"), true) << request;
  }
  EXPECT_TRUE(sandbox_.nothing_ran());
}

TEST_F(Mcp, ConfirmationWorksAcrossTwoCalls) {
  initialize();
  const auto first =
      tool("k8s_exec", json::parse(R"({"intent":"drain","resource":"node","name":"n1"})"));
  const auto& awaiting = first.at("result").at("structuredContent").as_object();
  EXPECT_EQ(awaiting.at("status"), "awaiting_confirmation");
  EXPECT_EQ(first.at("result").at("isError"), false);
  auto again = awaiting.at("resolvedRequest").as_object();
  again["constraints"] = {{"confirmToken", awaiting.at("confirmToken")}};
  const auto second = tool("k8s_exec", again, 8);
  EXPECT_EQ(second.at("result").at("structuredContent").at("status"), "executed");
  EXPECT_EQ(sandbox_.calls("kubectl").size(), 1U);
}

TEST_F(Mcp, PlanReportsWhetherConfirmationIsNeeded) {
  initialize();
  const auto answer = tool(
      "k8s_plan",
      json::parse(
          R"({"intent":"scale","resource":"deployment","namespace":"dev","name":"a","replicas":0})"));
  const auto& structured = answer.at("result").at("structuredContent").as_object();
  EXPECT_EQ(structured.at("status"), "planned");
  EXPECT_EQ(structured.at("requiresConfirmation"), true);
  EXPECT_TRUE(sandbox_.nothing_ran());
}

TEST_F(Mcp, CardsAreRankedForAQuery) {
  initialize();
  const auto answer =
      tool("k8s_cards", json::parse(R"({"query":"why does my pod keep crashing"})"));
  const auto& cards = answer.at("result").at("structuredContent").at("cards").as_array();
  ASSERT_EQ(cards.size(), 28U);
  EXPECT_EQ(cards.front().at("id"), "diagnose-crashloop");
}

TEST_F(Mcp, ProtocolErrorsAreAnsweredAndTheServerGoesOn) {
  initialize();
  server_.write_line("{not json");
  auto line = server_.read_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(json::parse(*line).at("error").at("code"), -32700);
  const auto unknown = call({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "resources/list"}});
  EXPECT_EQ(unknown.at("error").at("code"), -32601);
  const auto bad_tool = tool("shell", json::object{{"command", "id"}});
  EXPECT_EQ(bad_tool.at("error").at("code"), -32602);
  const auto ping = call({{"jsonrpc", "2.0"}, {"id", 4}, {"method", "ping"}});
  EXPECT_TRUE(ping.at("result").as_object().empty());
  EXPECT_EQ(server_.finish(), 0);
}

}  // namespace
}  // namespace rag::testing
