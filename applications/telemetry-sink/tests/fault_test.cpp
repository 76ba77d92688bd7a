// Fault tests: count records in against rows out. Lost and duplicated rows must both be zero.
#include <atomic>
#include <thread>

#include "core/pg/connection.hpp"
#include "sink_fixture.hpp"

namespace sink_test {
namespace {

using FaultTest = SinkTest;

std::string own_rows(const std::string& prefix) {
  return "SELECT count(*) FROM energy_consumption WHERE device_serial LIKE '" + prefix + "%'";
}

std::string own_measurements(const std::string& prefix) {
  return "SELECT coalesce(sum(measurement_count), 0) FROM energy_hourly_base "
         "WHERE device_serial LIKE '" +
         prefix + "%'";
}

TEST_F(FaultTest, KillNineMidStreamAndRestartLosesAndDuplicatesNothing) {
  // Small batches, so that many commits happen before the kill.
  start_sink({"energy"}, {"BATCH_MAX_RECORDS=100"});
  const auto prefix = device("kill");
  const auto start = hour_start(6);
  constexpr int kMeters = 4;
  constexpr int kRecords = 4000;
  std::atomic<int> failed = 0;
  std::thread feeder([&] {
    for (int i = 0; i < kRecords; ++i) {
      const auto meter = prefix + "-" + std::to_string(i % kMeters);
      producer_->produce(kEnergyTopic, meter,
                         energy_value(meter, start + std::chrono::milliseconds(250) * i, i, 100),
                         {}, [&failed](const core::kafka::Delivery& d) {
                           if (!d.ok()) {
                             ++failed;
                           }
                         });
      if (i % 100 == 99) {
        std::this_thread::sleep_for(20ms);
      }
    }
    producer_->flush(30s);
  });
  const bool mid_stream = eventually([&] { return count(own_rows(prefix)) >= kRecords / 4; }, 60s);
  sink().kill();
  feeder.join();
  ASSERT_TRUE(mid_stream);
  ASSERT_EQ(failed, 0);
  const auto before_restart = count(own_rows(prefix));
  EXPECT_LT(before_restart, kRecords) << "the kill came too late to test anything";

  start_sink({"energy"}, {"BATCH_MAX_RECORDS=100"});
  EXPECT_TRUE(eventually([&] { return count(own_rows(prefix)) == kRecords; }, 120s))
      << count(own_rows(prefix)) << " of " << kRecords << " rows";
  // The triggers saw every row once: redelivered records were skipped, not counted again.
  EXPECT_EQ(count(own_measurements(prefix)), kRecords);
}

// Makes the test database refuse connections and drops the sink's, for as long as it lives.
class DatabaseOutage {
 public:
  explicit DatabaseOutage(const testing_support::TempDatabase& db) : db_(db) {
    core::pg::Connection admin(testing_support::TempDatabase::admin_conninfo());
    const auto name = admin.quote_identifier(db_.name());
    admin.exec_script("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
               {db_.name()});
  }
  DatabaseOutage(const DatabaseOutage&) = delete;
  DatabaseOutage& operator=(const DatabaseOutage&) = delete;
  DatabaseOutage(DatabaseOutage&&) = delete;
  DatabaseOutage& operator=(DatabaseOutage&&) = delete;
  ~DatabaseOutage() {
    core::pg::Connection admin(testing_support::TempDatabase::admin_conninfo());
    admin.exec_script("ALTER DATABASE " + admin.quote_identifier(db_.name()) +
                      " ALLOW_CONNECTIONS true");
  }

 private:
  const testing_support::TempDatabase& db_;
};

TEST_F(FaultTest, DatabaseOutageIsBridgedWithoutLossOrDuplicates) {
  // Small batches in a steady stream, so that the outage finds batches whose commits did not
  // wait for the WAL flush and must be written again.
  start_sink({"energy"}, {"BATCH_MAX_RECORDS=20"});
  const auto prefix = device("outage");
  const auto start = hour_start(7);
  constexpr int kRecords = 900;
  std::atomic<int> failed = 0;
  std::thread feeder([&] {
    for (int i = 0; i < kRecords; ++i) {
      const auto meter = prefix + "-" + std::to_string(i % 3);
      producer_->produce(
          kEnergyTopic, meter,
          energy_value(meter, start + std::chrono::seconds(i), std::int64_t{10} * i, 100), {},
          [&failed](const core::kafka::Delivery& d) {
            if (!d.ok()) {
              ++failed;
            }
          });
      if (i % 20 == 19) {
        std::this_thread::sleep_for(50ms);
      }
    }
    producer_->flush(30s);
  });
  const auto paused = [&] {
    return metric(metrics(), R"(telemetry_sink_paused{family="energy"})").value_or(-1);
  };
  const bool mid_stream = eventually([&] { return count(own_rows(prefix)) >= 200; }, 60s);
  if (mid_stream) {
    const DatabaseOutage outage(db_);
    EXPECT_TRUE(eventually([&] { return paused() == 1; }, 30s));
    const auto ready = http_get(http_port(), "/readyz");
    ASSERT_TRUE(ready.has_value());
    EXPECT_EQ(ready->status, 503U);
    EXPECT_NE(ready->body.find("database"), std::string::npos) << ready->body;
    std::this_thread::sleep_for(3s);
  }
  feeder.join();
  ASSERT_TRUE(mid_stream);
  ASSERT_EQ(failed, 0);
  EXPECT_TRUE(eventually([&] { return count(own_rows(prefix)) == kRecords; }, 60s))
      << count(own_rows(prefix)) << " of " << kRecords << " rows";
  EXPECT_EQ(count(own_measurements(prefix)), kRecords);
  EXPECT_TRUE(eventually([&] { return paused() == 0; }, 10s));
  EXPECT_GE(metric(metrics(), R"(telemetry_sink_write_retries_total{family="energy"})").value_or(0),
            1);
}

TEST_F(FaultTest, SigtermStoresTheBatchInHandAndExitsCleanly) {
  // A long batch window, so that SIGTERM arrives while records are being collected.
  start_sink({"energy"}, {"BATCH_MAX_WAIT_MS=3000", "BATCH_MAX_RECORDS=100000"});
  const auto prefix = device("sigterm");
  const auto start = hour_start(8);
  produce(kEnergyTopic, prefix, energy_value(prefix, start, 1, 100));
  // Committed, not only inserted (no records pending once the row is there): the next batch
  // window opens right after the offset commit.
  ASSERT_TRUE(eventually(
      [&] {
        return count(own_rows(prefix)) == 1 &&
               metric(metrics(), R"(telemetry_sink_pending_records{family="energy"})") == 0;
      },
      60s));
  for (int i = 1; i <= 50; ++i) {
    producer_->produce(kEnergyTopic, prefix,
                       energy_value(prefix, start + std::chrono::seconds(i), i, 100), {});
  }
  ASSERT_TRUE(producer_->flush(10s));
  std::this_thread::sleep_for(300ms);
  EXPECT_LT(count(own_rows(prefix)), 51) << "the batch was written before SIGTERM";
  EXPECT_EQ(sink().terminate(30s), 0);
  EXPECT_EQ(count(own_rows(prefix)), 51);
}

}  // namespace
}  // namespace sink_test
