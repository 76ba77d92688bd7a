// The API cannot write: its pooled sessions are read-only and its role may only read, and even a
// misconfigured database.url that names a superuser gives read-only sessions.
#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "api_fixture.hpp"
#include "core/http/error.hpp"
#include "reader_conninfo.hpp"
#include "testing/migrate.hpp"

namespace api_test {
namespace {

constexpr const char* kInsert =
    "INSERT INTO energy_consumption (time, device_serial, active_energy_total, "
    "active_power_total) VALUES (now(), 'intruder', 1, 1)";

using boost::asio::awaitable;
using core::pg::AsyncConnection;

class ReadOnly : public ApiFixture {
 protected:
  std::int64_t rows() {
    return admin().exec("SELECT count(*) FROM energy_consumption").integer(0, 0);
  }

  // The SQLSTATE `sql` fails with on a connection of the API's pool, or "" when it succeeds.
  std::string sqlstate_through_pool(const std::string& sql) {
    std::string state = "not run";
    run_on_pool([&](AsyncConnection& conn) -> awaitable<void> {
      std::optional<core::pg::Error> failure;
      try {
        co_await conn.exec_script(sql);
        state.clear();
      } catch (const core::pg::Error& e) {
        failure = e;
      }
      if (failure) {
        state = failure->sqlstate();
        // Leave the connection as a caller would find it after a failed statement.
        co_await conn.exec_script("ROLLBACK");
      }
    });
    return state;
  }
};

TEST_F(ReadOnly, PooledSessionsAreReadOnlyAndTheRoleCannotWrite) {
  std::vector<std::string> settings;
  run_on_pool([&settings](AsyncConnection& conn) -> awaitable<void> {
    for (const auto* sql :
         {"SELECT current_user", "SHOW default_transaction_read_only", "SHOW jit"}) {
      settings.emplace_back((co_await conn.exec(sql)).text(0, 0));
    }
  });
  EXPECT_EQ(settings, (std::vector<std::string>{"telemetry_reader", "on", "off"}));
  // 25006 read_only_sql_transaction: the session default refuses the write.
  EXPECT_EQ(sqlstate_through_pool(kInsert), "25006");
  EXPECT_EQ(sqlstate_through_pool("CREATE TABLE scratch (x int)"), "25006");
  // A bug that asked for a read-write transaction meets the role's missing privilege: 42501.
  EXPECT_EQ(sqlstate_through_pool(std::string("BEGIN READ WRITE; ") + kInsert), "42501");
  EXPECT_EQ(sqlstate_through_pool(std::string("BEGIN READ WRITE; ") +
                                  "UPDATE platform_config SET time_zone = 'UTC'"),
            "42501");
  EXPECT_EQ(rows(), 0);
}

TEST_F(ReadOnly, ASuperuserUrlStillGivesReadOnlySessions) {
  auto config = default_config();
  // The operator's string even asks for writable sessions; the API's own option comes later.
  config.database_conninfo = homelab_api::reader_conninfo(
      db_.conninfo() + " options='-c default_transaction_read_only=off'", std::chrono::seconds(5),
      std::chrono::seconds(30));
  start_api(config);
  EXPECT_EQ(sqlstate_through_pool(kInsert), "25006");
  EXPECT_EQ(rows(), 0);
  // It still answers reads.
  EXPECT_EQ(get("/api/v1/energy/hourly-total").result_int(), 200U);
}

TEST_F(ReadOnly, ASessionThatIsNotReadOnlyIsRefusedAndDropped) {
  // Without reader_conninfo() and as a superuser, nothing makes the session read-only.
  core::metrics::Registry registry;
  boost::asio::io_context io;
  boost::asio::thread_pool connector(1);
  homelab_api::TelemetryDatabase database(db_.conninfo(), 1, std::chrono::seconds(5), connector,
                                          registry);
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool called = false;
    auto done =
        boost::asio::co_spawn(io, database.run([&called](AsyncConnection&) -> awaitable<void> {
          called = true;
          co_return;
        }),
                              boost::asio::use_future);
    io.restart();
    io.run();
    try {
      done.get();
      ADD_FAILURE() << "a writable session was used";
    } catch (const core::http::Error& e) {
      EXPECT_EQ(e.status(), core::http::Status::internal_server_error);
    }
    EXPECT_FALSE(called);
  }
}

TEST_F(ReadOnly, OtherDatabaseErrorsAre500WithoutDetails) {
  admin().exec_script("REVOKE SELECT ON energy FROM telemetry_reader");
  const auto response = get("/api/v1/energy/latest");
  EXPECT_EQ(response.result_int(), 500U);
  EXPECT_EQ(response.body(), R"({"error":"internal error"})");
}

}  // namespace
}  // namespace api_test
