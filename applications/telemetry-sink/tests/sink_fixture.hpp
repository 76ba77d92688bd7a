#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/kafka/producer.hpp"
#include "core/time/rfc3339.hpp"
#include "sink_process.hpp"
#include "testing/temp_database.hpp"

namespace sink_test {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

inline constexpr const char* kEnergyTopic = "homelab-energy-realtime";
inline constexpr const char* kTemperatureTopic = "homelab-temperature-indoor";
inline constexpr const char* kHeatpumpTopic = "homelab-heatpump-telemetry";
inline constexpr const char* kDlqTopic = "homelab-dlq";

// A temporary telemetry database migrated with homelab-migrate, the real telemetry-sink binary
// writing into it from the stack's kafka-dev-broker, and a producer. The topics are shared with
// other tests, so every test uses its own device ids and consumer groups, and only counts rows
// of its own devices. The sink is always killed at the end, and its log printed on failure.
class SinkTest : public ::testing::Test {
 protected:
  SinkTest();
  void SetUp() override;
  void TearDown() override;

  // Starts the sink for `families` ("energy", ...) with short test timings plus `extra_env`,
  // and waits until /readyz answers 200.
  void start_sink(const std::vector<std::string>& families,
                  const std::vector<std::string>& extra_env = {});
  SinkProcess& sink() { return *sink_; }
  std::uint16_t http_port() const { return http_port_; }
  std::string metrics() const;
  // A series' value once it reached `minimum`, or its last value (0 when absent) after 5 s. The
  // sink moves its counters after the transaction commits, so they may trail the rows just seen.
  double metric_reaching(const std::string& series, double minimum) const;

  // A device id that is this test's own.
  std::string device(const std::string& what) const;

  // Produces and waits for the broker's acknowledgement.
  void produce(const std::string& topic, const std::string& key, const std::string& value);

  // A fresh superuser connection to the test database for every call, so that a database made
  // unreachable in between does not break the next query.
  std::int64_t count(const std::string& sql) const;
  std::vector<std::string> rows(const std::string& sql) const;
  void exec(const std::string& sql) const;

  // Polls `done` every 100 ms until it holds or `timeout` passes.
  static bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

  testing_support::TempDatabase db_{"sink_test"};
  std::unique_ptr<core::kafka::Producer> producer_;

 private:
  std::string suffix_;
  std::uint16_t http_port_ = 0;
  std::string log_path_;
  std::unique_ptr<SinkProcess> sink_;
};

// Kafka values in the contract's shape (kafka.md section 2), built from the bridge's fixtures.
boost::json::object fixture_object(const std::string& name);
std::string energy_value(const std::string& device, Clock::time_point ts, std::int64_t energy_wh,
                         std::int64_t power_w);
std::string rfc3339(Clock::time_point t);
// The start of the current UTC hour minus `hours`.
Clock::time_point hour_start(int hours_ago);

}  // namespace sink_test
