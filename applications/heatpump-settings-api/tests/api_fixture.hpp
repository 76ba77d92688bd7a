#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "api_config.hpp"
#include "api_service.hpp"
#include "core/kafka/producer.hpp"
#include "core/pg/connection.hpp"
#include "http_client.hpp"
#include "testing/temp_database.hpp"

namespace settings_test {

using namespace std::chrono_literals;

// A heatpump_settings database of its own, migrated by the real homelab-migrate binary, and the
// API serving it in this process over HTTP on a free port, connected as settings_app, with its
// settings mirror consuming the stack's Kafka dev broker under a consumer group of its own.
class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override { stop_api(); }

  // Loopback, a free port, settings_app's DSN for this database, 4 connections, auth.mode=none,
  // a fresh consumer group.
  settings_api::ApiConfig default_config() const;
  void start_api(const settings_api::ApiConfig& config);
  void stop_api();
  std::uint16_t port() const { return service_->port(); }

  HttpResponse request(boost::beast::http::verb method, const std::string& target,
                       const std::string& body = {}, const Headers& headers = {});
  HttpResponse get(const std::string& target, const Headers& headers = {});
  // PATCH with Content-Type application/json unless `headers` set one.
  HttpResponse patch(const std::string& target, const std::string& body,
                     const Headers& headers = {});

  // Superuser connection to the test database.
  core::pg::Connection& admin() { return *admin_; }
  // A settings row as the mirror would have created it; values in the order of the columns
  // ("21.5", "NULL", ...).
  void insert_device(const std::string& device_id,
                     const std::string& values = "20, 1, 36, 10, 45, 2, 0, -1, 17");
  std::string query_one(const std::string& sql);

  // Produces a record to this test's telemetry topic and waits for the broker's acknowledgement.
  void produce(const std::string& key, const std::string& value);
  const std::string& topic() const { return topic_; }

  static bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

  testing_support::TempDatabase db_{"settings_api_test"};
  std::string suffix_;
  // The mirror's topic: one per test, so that records other tests produce on the shared
  // homelab-heatpump-telemetry topic never reach this test's database.
  std::string topic_;

 private:
  std::unique_ptr<core::pg::Connection> admin_;
  std::unique_ptr<core::kafka::Producer> producer_;
  std::unique_ptr<settings_api::ApiService> service_;
  std::jthread serving_;
};

boost::json::value parse(const HttpResponse& response);
// The error message of a {"error": ...} response.
std::string error_of(const HttpResponse& response);

}  // namespace settings_test
