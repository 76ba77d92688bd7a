#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api_config.hpp"
#include "api_service.hpp"
#include "core/pg/connection.hpp"
#include "http_client.hpp"
#include "json_equal.hpp"
#include "openapi_schema.hpp"
#include "testing/temp_database.hpp"

namespace api_test {

// The request time the contract's examples use: 2026-01-16T21:24:31.501Z.
inline constexpr std::string_view kExampleNow = "2026-01-16T21:24:31.501Z";

// A telemetry database of its own, migrated by the real homelab-migrate binary, and the API
// serving it in this process over HTTP on a free port, connected as telemetry_reader. The clock
// of the API is fixed (set_now), so "now"-relative answers are exact.
class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { stop_api(); }

  // The configuration SetUp starts with: loopback, a free port, the reader's DSN, 4 connections,
  // auth.mode=none.
  homelab_api::ApiConfig default_config() const;
  void start_api(const homelab_api::ApiConfig& config);
  void stop_api();

  // GET over HTTP. A JSON response of a documented path is checked against the OpenAPI document
  // for its status.
  HttpResponse get(const std::string& target);
  // GET whose status must be `status`; the parsed body.
  boost::json::value get_json(const std::string& target, unsigned status = 200);

  // Inserts rows ("(v1, v2, ...)") as telemetry_writer, as the sink does.
  void insert(const std::string& table, const std::string& columns,
              const std::vector<std::string>& rows);
  // Superuser connection to the test database.
  core::pg::Connection& admin() { return *admin_; }
  void set_now(std::string_view rfc3339);

  homelab_api::ApiService& service() { return *service_; }
  // Runs work with a connection of the running API's pool, on the API's io thread, and waits for
  // it; its exceptions are rethrown here.
  void run_on_pool(homelab_api::TelemetryDatabase::Work work);
  std::uint16_t port() const { return service_->port(); }
  const OpenApiDocument& openapi() const { return openapi_; }

  testing_support::TempDatabase db_{"api_test"};

 private:
  std::unique_ptr<core::pg::Connection> admin_;
  std::unique_ptr<core::pg::Connection> writer_;
  std::atomic<std::int64_t> now_micros_ = 0;
  std::unique_ptr<homelab_api::ApiService> service_;
  std::jthread serving_;
  OpenApiDocument openapi_;
};

}  // namespace api_test
