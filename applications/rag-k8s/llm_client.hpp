#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <stdexcept>
#include <string>

#include "settings.hpp"

namespace rag {

// A failed or unusable answer from the model's endpoint.
class LlmError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A client of an OpenAI-compatible endpoint (a local llama.cpp server, for example), over plain
// HTTP with Boost.Beast.
class LlmClient {
 public:
  explicit LlmClient(LlmSettings settings) : settings_(std::move(settings)) {}

  // POST {base_url}/chat/completions with temperature 0, a JSON object response format and at
  // most 300 tokens; returns the JSON object the model wrote. Throws LlmError.
  boost::json::object complete(const std::string& system, const std::string& user) const;
  // GET {base_url}/models answers 200 within two seconds.
  bool reachable() const;

 private:
  LlmSettings settings_;
};

}  // namespace rag
