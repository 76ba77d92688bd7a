// 503 while the database cannot be reached and recovery without a restart once it is back. The
// shared PostgreSQL keeps running: the test database refuses connections and its sessions are
// terminated, which is what a restarting or unreachable server looks like to the API.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <vector>

#include "api_fixture.hpp"
#include "testing/temp_database.hpp"

namespace api_test {
namespace {

using namespace std::chrono_literals;

class Outage : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    insert("energy_consumption", "time, device_serial, active_energy_total, active_power_total",
           {"('2026-01-16 21:10:09Z', 'meter', 1000, 500)"});
  }

  void TearDown() override {
    allow_connections(true);
    ApiFixture::TearDown();
  }

  // From the maintenance database: the test database refuses new sessions, and every session it
  // has (the API's pooled ones included) is terminated.
  void allow_connections(bool allow) {
    core::pg::Connection maintenance(testing_support::TempDatabase::admin_conninfo());
    const auto name = maintenance.quote_identifier(db_.name());
    maintenance.exec_script("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " +
                            (allow ? "true" : "false"));
    if (!allow) {
      maintenance.exec(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          "WHERE datname = $1 AND pid <> pg_backend_pid()",
          {db_.name()});
    }
  }

  // Fills the pool with open connections by keeping all of them busy at once.
  void warm_pool() {
    std::vector<std::future<unsigned>> requests;
    for (int i = 0; i < 8; ++i) {
      requests.push_back(std::async(std::launch::async, [this] {
        return http_get(port(), "/api/v1/temperature/all-latest").result_int();
      }));
    }
    for (auto& request : requests) {
      EXPECT_EQ(request.get(), 200U);
    }
  }
};

TEST_F(Outage, UnreachableDatabaseGives503AndTheApiRecoversWithoutRestart) {
  warm_pool();
  EXPECT_EQ(get("/api/v1/energy/latest").result_int(), 200U);

  allow_connections(false);
  // Every pooled connection is dead now; none of them may turn into a 500.
  for (const auto* target :
       {"/api/v1/energy/latest", "/api/v1/energy/hourly-total", "/api/v1/temperature/all-latest"}) {
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(json_equal(get_json(target, 503), R"({"error":"database unavailable"})")) << target;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 6s) << target;
  }
  const auto not_ready = get_json("/readyz", 503);
  EXPECT_EQ(not_ready.at("status"), "not_ready");
  EXPECT_EQ(not_ready.at("error"), "database unreachable");

  allow_connections(true);
  EXPECT_TRUE(json_equal(get_json("/readyz"), R"({"status":"ready"})"));
  EXPECT_EQ(get_json("/api/v1/energy/latest").at("consumption_total_w"), 1000);
}

TEST_F(Outage, ConnectionsKilledWhileIdleAreReplacedWithoutAFailedRequest) {
  warm_pool();
  // Terminate every session, then let new ones in again before the next request: the API only
  // learns that its idle connections died when it uses them.
  allow_connections(false);
  allow_connections(true);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(get("/api/v1/energy/latest").result_int(), 200U) << "request " << i;
  }
}

TEST_F(Outage, NoFreeConnectionWithinFiveSecondsGives503) {
  auto config = default_config();
  config.pool_size = 1;
  start_api(config);
  // The only connection is held until the test cancels `hold` on the API's io thread.
  std::promise<void> holding;
  boost::asio::steady_timer hold(service().context(), std::chrono::hours(1));
  auto holder = boost::asio::co_spawn(
      service().context(),
      service().database().run([&](core::pg::AsyncConnection&) -> boost::asio::awaitable<void> {
        holding.set_value();
        co_await hold.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      }),
      boost::asio::use_future);
  holding.get_future().wait();
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(
      json_equal(get_json("/api/v1/energy/latest", 503), R"({"error":"database unavailable"})"));
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, 4900ms);
  EXPECT_LT(waited, 8s);
  boost::asio::post(service().context(), [&hold] { hold.cancel(); });
  holder.get();
  EXPECT_EQ(get("/api/v1/energy/latest").result_int(), 200U);
}

}  // namespace
}  // namespace api_test
