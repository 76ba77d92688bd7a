#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/http/cors.hpp"
#include "core/http/response.hpp"

namespace core::http {

struct Options {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8080;         // 0 picks a free port; Server::port() reports it
  std::size_t io_threads = 1;        // threads running the io_context
  std::size_t blocking_threads = 2;  // the pool for offload() and readiness checks
  std::uint64_t body_limit = std::uint64_t{1024} * 1024;  // larger bodies get body_limit_status
  // 413 by default; a contract that answers every malformed request with 400 sets bad_request.
  Status body_limit_status = Status::payload_too_large;
  std::uint32_t header_limit = 8 * 1024;  // request line and headers; larger get 431
  // Time to deliver a whole request (header and body) once its first byte arrived, or within which
  // a new connection must deliver its first request; 408 after it. Also bounds writing a response
  // to a client that does not read.
  std::chrono::milliseconds read_timeout{10'000};
  // How long a keep-alive connection may wait for its next request before it is closed.
  std::chrono::milliseconds idle_timeout{60'000};
  std::size_t max_connections = 0;  // connections served at once; more get 503; 0: no limit
  // How long stop() lets in-flight requests finish before run() returns regardless.
  std::chrono::milliseconds shutdown_timeout{10'000};
  CorsOptions cors;
  // Route group of /healthz, /readyz and /metrics. Public by default (cluster probes carry no
  // credentials); a service whose contract puts them behind its authentication names a checked
  // group.
  std::string builtin_group = "public";
};

}  // namespace core::http
