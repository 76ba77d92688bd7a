#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/request.hpp"
#include "core/http/response.hpp"

namespace core::http {

// Defaults follow contracts/homelab-api.md section 3. No allowed origins: every preflight gets 403
// and no response carries CORS headers.
struct CorsOptions {
  std::vector<std::string> allowed_origins;  // exact match, no wildcard
  std::string allowed_methods = "GET, OPTIONS";
  std::string allowed_headers = "Authorization, Content-Type, Accept";
  std::string exposed_headers = "Authorization";
  std::chrono::seconds max_age{3600};
  bool allow_credentials = true;
};

class Cors {
 public:
  explicit Cors(CorsOptions options) : options_(std::move(options)) {}

  // OPTIONS with Origin and Access-Control-Request-Method.
  static bool is_preflight(const Request& request);
  // 204 with the CORS headers for an allowed origin, 403 without them otherwise.
  Response preflight(const Request& request) const;
  // Adds the CORS headers to a response for an allowed origin.
  void decorate(const Request& request, Response& response) const;

 private:
  bool allowed(std::string_view origin) const;
  void add_origin_headers(std::string_view origin, Response& response) const;

  CorsOptions options_;
};

}  // namespace core::http
