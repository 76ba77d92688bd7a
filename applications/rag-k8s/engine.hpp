#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>

#include "audit_log.hpp"
#include "bm25.hpp"
#include "card_catalog.hpp"
#include "confirm_token.hpp"
#include "executor.hpp"
#include "llm_client.hpp"
#include "policy.hpp"
#include "settings.hpp"

namespace rag {

enum class Mode {
  exec,  // the decision order of section 4, executing when allowed
  plan,  // validate and render only: status "planned", never executes, never issues tokens
};

// The answer to one request: the HTTP status and the JSON body of section 7. Every front end
// returns these; the command line maps the status to its exit code.
struct Outcome {
  unsigned status = 200;
  boost::json::object body;
};

// Exit code of `rag-k8s exec` and `plan` for an outcome (section 10).
int exit_code(const Outcome& outcome);

// The core shared by the command line, the HTTP server and the MCP server: request validation,
// card choice, rendering, policy, confirmation, execution and the audit log. Safe to call from
// several threads at once.
class Engine {
 public:
  // Throws std::runtime_error for bad cards, policy files or state directory.
  explicit Engine(Settings settings);

  // Never throws: failures become 400, 422, 403 or 500 outcomes. Every outcome is audit-logged.
  Outcome handle(const boost::json::value& body, const std::string& caller, Mode mode);

  // A body that is not JSON at all (400), audit-logged like every other outcome.
  Outcome invalid(const std::string& caller, const std::string& reason);

  // The cards (section 10, k8s_cards), ranked with scores when a query is given.
  boost::json::array list_cards(const std::optional<std::string>& query) const;
  std::size_t card_count() const { return catalog_.cards().size(); }
  // The model is configured and its endpoint answers.
  bool model_loaded() const;

 private:
  struct Decision;
  void decide(const boost::json::value& body, Mode mode, Decision& d);
  void choose(Decision& d) const;
  void ask_model(Decision& d) const;
  void render(Decision& d) const;

  Settings settings_;
  CardCatalog catalog_;
  Policy policy_;
  Bm25Index bm25_;
  ConfirmTokens tokens_;
  AuditLog audit_;
  Executor executor_;
  std::optional<LlmClient> llm_;
};

}  // namespace rag
