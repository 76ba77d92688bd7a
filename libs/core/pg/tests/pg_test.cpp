#include <gtest/gtest.h>

#include <thread>
#include <utility>
#include <vector>

#include "core/pg/pool.hpp"
#include "core/pg/transaction.hpp"
#include "testing/temp_database.hpp"

namespace core::pg {
namespace {

class PgTest : public ::testing::Test {
 protected:
  testing_support::TempDatabase db_{"pg_test"};
};

TEST_F(PgTest, ParametersAreNeverInterpolated) {
  Connection conn(db_.conninfo());
  conn.exec_script("CREATE TABLE t (id int, name text)");
  const std::string hostile = "x'); DROP TABLE t; --";
  conn.exec("INSERT INTO t VALUES ($1, $2)", {1, hostile});
  const auto r = conn.exec("SELECT name FROM t WHERE id = $1", {1});
  ASSERT_EQ(r.rows(), 1);
  EXPECT_EQ(r.text(0, 0), hostile);
}

TEST_F(PgTest, NullsAndNumbersRoundTrip) {
  Connection conn(db_.conninfo());
  const std::optional<int> none;
  const auto r = conn.exec("SELECT $1::int, $2::float8, $3::bigint, $4::bool",
                           {none, 21.5, std::int64_t{102795417000}, true});
  EXPECT_TRUE(r.is_null(0, 0));
  EXPECT_DOUBLE_EQ(r.number(0, 1), 21.5);
  EXPECT_EQ(r.integer(0, 2), 102795417000);
  EXPECT_TRUE(r.boolean(0, 3));
}

TEST_F(PgTest, TransactionRollsBackUnlessCommitted) {
  Connection conn(db_.conninfo());
  conn.exec_script("CREATE TABLE t (id int)");
  {
    Transaction tx(conn);
    tx.exec("INSERT INTO t VALUES (1)");
  }
  {
    Transaction tx(conn);
    tx.exec("INSERT INTO t VALUES (2)");
    tx.commit();
  }
  const auto r = conn.exec("SELECT array_agg(id)::text FROM t");
  EXPECT_EQ(r.text(0, 0), "{2}");
}

TEST_F(PgTest, CopyEscapesControlCharactersAndNulls) {
  Connection conn(db_.conninfo());
  conn.exec_script("CREATE TABLE t (id int, note text)");
  auto copy = conn.copy_in("t", {"id", "note"});
  copy.row({1, "tab\there\nnew line \\ backslash"});
  copy.row({2, nullptr});
  EXPECT_EQ(copy.finish(), 2);
  const auto r = conn.exec("SELECT note FROM t ORDER BY id");
  EXPECT_EQ(r.text(0, 0), "tab\there\nnew line \\ backslash");
  EXPECT_TRUE(r.is_null(1, 0));
}

TEST_F(PgTest, ErrorsCarrySqlstateAndPosition) {
  Connection conn(db_.conninfo());
  try {
    conn.exec("SELECT * FROM missing_table");
    FAIL() << "query on a missing table succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(e.sqlstate(), "42P01");
    EXPECT_EQ(e.position(), 15);
    EXPECT_FALSE(e.transient());
  }
}

TEST_F(PgTest, UnreachableServerIsTransient) {
  try {
    Connection conn("host=127.0.0.1 port=1 connect_timeout=2 dbname=x");
    FAIL() << "connected to a closed port";
  } catch (const Error& e) {
    EXPECT_TRUE(e.transient());
  }
}

TEST_F(PgTest, PoolBoundsConnectionsAndTimesOut) {
  Pool pool(db_.conninfo(), 2, std::chrono::milliseconds(200));
  auto a = pool.acquire();
  auto b = pool.acquire();
  EXPECT_THROW(pool.acquire(), Error);
  std::thread release([moved = std::move(a)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto drop = std::move(moved);
  });
  auto c = pool.acquire();
  EXPECT_EQ(c->exec("SELECT 1").integer(0, 0), 1);
  release.join();
}

TEST_F(PgTest, PoolDiscardsConnectionLeftInTransaction) {
  Pool pool(db_.conninfo(), 1, std::chrono::milliseconds(500));
  {
    auto lease = pool.acquire();
    lease->exec_script("BEGIN");
  }
  auto lease = pool.acquire();
  EXPECT_EQ(PQtransactionStatus(lease->native()), PQTRANS_IDLE);
}

TEST_F(PgTest, PoolReportsFreshConnectionsAndUsage) {
  Pool pool(db_.conninfo(), 2, std::chrono::milliseconds(500));
  std::vector<std::pair<std::size_t, std::size_t>> seen;
  pool.observe([&seen](PoolUsage usage) { seen.emplace_back(usage.idle, usage.in_use); });
  {
    auto first = pool.acquire();
    EXPECT_TRUE(first.fresh());
    auto second = pool.acquire();
    EXPECT_TRUE(second.fresh());
  }
  EXPECT_EQ(seen.back(), std::make_pair(std::size_t{2}, std::size_t{0}));
  {
    auto reused = pool.acquire();
    EXPECT_FALSE(reused.fresh());
    EXPECT_EQ(seen.back(), std::make_pair(std::size_t{1}, std::size_t{1}));
    reused->exec_script("BEGIN");  // left inside a transaction: closed on return
  }
  EXPECT_EQ(seen.back(), std::make_pair(std::size_t{1}, std::size_t{0}));
}

TEST_F(PgTest, PreparedStatementsAreReused) {
  Connection conn(db_.conninfo());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(conn.exec_prepared("SELECT $1::int + 1", {i}).integer(0, 0), i + 1);
  }
  const auto r = conn.exec("SELECT count(*) FROM pg_prepared_statements");
  EXPECT_EQ(r.integer(0, 0), 1);
}

TEST_F(PgTest, NotificationsArrive) {
  Connection listener(db_.conninfo());
  Connection sender(db_.conninfo());
  listener.listen("outbox_pending");
  sender.exec("SELECT pg_notify('outbox_pending', '42')");
  const auto n = listener.wait_notification(std::chrono::seconds(5));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->channel, "outbox_pending");
  EXPECT_EQ(n->payload, "42");
}

}  // namespace
}  // namespace core::pg
