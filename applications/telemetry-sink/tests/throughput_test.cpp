// Sink rows/s against raw COPY rows/s of the same rows into the same (empty, migrated) table.
// A measurement, not a check: run it explicitly with
//   telemetry_sink_integration_test --gtest_also_run_disabled_tests --gtest_filter='*Throughput*'
// It uses a topic of its own (created by the dev broker on first use), so that the shared topics'
// history does not count.
#include <boost/json.hpp>

#include "copy_text.hpp"
#include "core/pg/connection.hpp"
#include "row_mapping.hpp"
#include "sink_fixture.hpp"
#include "testing/migrate.hpp"

namespace sink_test {
namespace {

using ThroughputTest = SinkTest;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(ThroughputTest, DISABLED_SinkRowsPerSecondAgainstRawCopy) {
  constexpr int kRecords = 40'000;
  constexpr int kMeters = 10;
  const auto topic = device("throughput");
  const auto start = hour_start(48);
  std::vector<std::string> values;
  values.reserve(kRecords);
  for (int i = 0; i < kRecords; ++i) {
    const auto meter = device("bench-" + std::to_string(i % kMeters));
    values.push_back(
        energy_value(meter, start + std::chrono::milliseconds(100 * i), 1000 + i, 500 + i % 700));
  }

  // Baselines, each into the raw table of a fresh database as the writer role, with the same
  // triggers: one COPY of every row in one transaction, and COPY in transactions of the sink's
  // batch size (500), each waiting for its flush.
  std::vector<std::string> lines;
  sink::RowMapper mapper(sink::energy_consumption());
  for (const auto& value : values) {
    std::string line;
    sink::append_copy_line(line, std::get<sink::Row>(mapper.map(value)));
    lines.push_back(std::move(line));
  }
  const auto copy_rate = [&lines](std::size_t batch) {
    testing_support::TempDatabase db("sink_bench");
    testing_support::migrate(K12N_HOMELAB_MIGRATE, std::string(K12N_DB_DIR) + "/telemetry",
                             db.name(), {"--time-zone", "Europe/Stockholm"});
    std::vector<std::string> columns;
    for (const auto& column : sink::energy_consumption().columns) {
      columns.emplace_back(column.name);
    }
    core::pg::Connection writer(
        testing_support::role_conninfo("K12N_TELEMETRY_WRITER_DSN", db.name()));
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t first = 0; first < lines.size(); first += batch) {
      std::string text;
      for (std::size_t i = first; i < std::min(first + batch, lines.size()); ++i) {
        text += lines[i];
      }
      writer.exec_script("BEGIN");
      auto copy = writer.copy_in("energy_consumption", columns);
      EXPECT_EQ(PQputCopyData(writer.native(), text.data(), static_cast<int>(text.size())), 1);
      copy.finish();
      writer.exec_script("COMMIT");
    }
    return static_cast<double>(lines.size()) / seconds_since(started);
  };
  const double copy_all_rate = copy_rate(lines.size());
  const double copy_500_rate = copy_rate(500);

  for (int i = 0; i < kRecords; ++i) {
    const auto meter = device("bench-" + std::to_string(i % kMeters));
    while (true) {
      try {
        producer_->produce(topic, meter, values[static_cast<std::size_t>(i)], {},
                           [](const core::kafka::Delivery&) {});
        break;
      } catch (const core::kafka::Error&) {
        producer_->flush(100ms);  // queue full: let it drain
      }
    }
  }
  ASSERT_TRUE(producer_->flush(60s));

  start_sink({"energy"}, {"ENERGY_TOPIC=" + topic, "LOG_LEVEL=info"});
  const std::string rows_sql = "SELECT count(*) FROM energy_consumption";
  std::int64_t first_count = 0;
  ASSERT_TRUE(eventually([&] { return (first_count = count(rows_sql)) > 0; }, 60s));
  const auto sink_started = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return count(rows_sql) == kRecords; }, 300s));
  const double sink_rate =
      static_cast<double>(kRecords - first_count) / seconds_since(sink_started);

  std::cout << "sink_rows_per_s=" << sink_rate << " copy_rows_per_s=" << copy_all_rate
            << " copy500_rows_per_s=" << copy_500_rate << " ratio=" << sink_rate / copy_all_rate
            << " ratio500=" << sink_rate / copy_500_rate << " records=" << kRecords << "\n";
  RecordProperty("ratio", std::to_string(sink_rate / copy_all_rate));
}

}  // namespace
}  // namespace sink_test
