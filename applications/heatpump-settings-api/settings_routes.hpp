#pragma once

#include <boost/asio/thread_pool.hpp>
#include <string>
#include <vector>

#include "core/auth/authenticator.hpp"
#include "core/http/router.hpp"
#include "settings_database.hpp"

namespace settings_api {

// Auth route groups (settings-api.md section 1): every GET needs read:settings, PATCH
// write:settings; /health and the server's own endpoints are public.
inline constexpr const char* kReadGroup = "settings-read";
inline constexpr const char* kWriteGroup = "settings-write";
core::auth::ScopePolicy route_scopes();

// What the handlers share. The referenced objects outlive the server.
struct RouteContext {
  SettingsDatabase& database;
  boost::asio::thread_pool& blocking;
  int outbox_max_retries;
  std::string conninfo;  // for /health's connection of its own; secret
};

// Every route of the API (section 2) except /healthz, /readyz and /metrics, which the server
// serves itself. The literal outbox routes come first, so they take precedence over {device_id}.
std::vector<core::http::Route> api_routes(const RouteContext& context);

}  // namespace settings_api
