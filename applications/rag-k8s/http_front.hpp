#pragma once

#include <vector>

#include "core/http/options.hpp"
#include "core/http/server.hpp"
#include "engine.hpp"
#include "settings.hpp"

namespace rag {

// The largest request body served (section 10); larger ones get 400.
inline constexpr std::size_t kMaxBodyBytes = std::size_t{64} * 1024;

// Server options for serve-http: the configured address and port, bodies up to 1 MiB read (so
// that 64 KiB..1 MiB get the contract's invalid_request decision; larger ones are refused unread,
// also with 400), no CORS origins, and enough blocking threads
// for the four executions plus the requests waiting for them.
core::http::Options http_options(const Settings& settings);

// Installs POST /k8s-exec, POST /k8s-plan, GET /k8s-cards and GET /health, and the authenticator:
// a request with an Origin header gets 403, one without a valid bearer token 401.
void install_routes(core::http::Server& server, Engine& engine,
                    const std::vector<HttpToken>& tokens);

}  // namespace rag
