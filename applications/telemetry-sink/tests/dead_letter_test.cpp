// Records the sink can never store go to homelab-dlq with the contract's headers, and the rest
// of the partition is stored (kafka.md sections 4 and 7).
#include <boost/json.hpp>
#include <map>

#include "core/kafka/consumer.hpp"
#include "sink_fixture.hpp"
#include "testing/stack_env.hpp"

namespace sink_test {
namespace {

using DeadLetterTest = SinkTest;

std::string header(const core::kafka::Message& m, const std::string& name) {
  const auto* value = m.header(name);
  return value == nullptr ? std::string("<missing>") : *value;
}

TEST_F(DeadLetterTest, UnstorableRecordsGoToTheDlqAndThePartitionKeepsMoving) {
  // A check the sink cannot know of: PostgreSQL rejects the row, the sink finds it by bisecting.
  exec("ALTER TABLE energy_consumption ADD CONSTRAINT sink_test_voltage CHECK (voltage_l1 <> 999)");
  start_sink({"energy"});
  // One key for all, so that every record lands in one partition, in this order.
  const auto meter = device("dlq");
  const auto start = hour_start(5);
  auto no_ts = boost::json::parse(energy_value(meter, start + 1s, 101, 10)).as_object();
  no_ts.erase("ts");
  auto db_rejected = boost::json::parse(energy_value(meter, start + 4s, 104, 10)).as_object();
  db_rejected["fields"].as_object()["voltage_l1"] = 999;
  const std::map<std::string, std::string> expected_reason = {
      {boost::json::serialize(no_ts), "invalid_record: ts is missing"},
      {energy_value(meter, start + 2s, 102, 3000000000),
       "constraint_violation: fields.active_power_total: 3000000000 is outside the range of "
       "INTEGER (column active_power_total)"},
      {"not json " + meter, "invalid_record: the value is not JSON: syntax error"},
      {boost::json::serialize(db_rejected),
       "constraint_violation: rejected by the database: new row for relation "
       "\"energy_consumption\" violates check constraint \"sink_test_voltage\""},
  };
  produce(kEnergyTopic, meter, energy_value(meter, start, 100, 10));
  for (const auto& [value, reason] : expected_reason) {
    produce(kEnergyTopic, meter, value);
  }
  produce(kEnergyTopic, meter, energy_value(meter, start + 5s, 105, 10));

  const auto own =
      "SELECT string_agg(active_energy_total::text, ',' ORDER BY time) FROM "
      "energy_consumption WHERE device_serial = '" +
      meter + "'";
  ASSERT_TRUE(eventually([&] { return rows(own) == std::vector<std::string>{"100,105"}; }, 60s))
      << rows(own)[0];

  core::kafka::Consumer dlq(
      {{"bootstrap.servers", testing_support::stack_env("K12N_KAFKA_BOOTSTRAP")},
       {"group.id", device("dlq-reader")}});
  dlq.subscribe({kDlqTopic});
  // Other tests' sinks read the same topic and may dead-letter these records too: every copy
  // must be right, and each record must have at least one.
  std::map<std::string, int> copies;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (copies.size() < expected_reason.size() && std::chrono::steady_clock::now() < deadline) {
    const auto m = dlq.poll(200ms);
    if (!m || m->key != meter) {
      continue;
    }
    const auto reason = expected_reason.find(m->value);
    ASSERT_NE(reason, expected_reason.end()) << "unexpected DLQ value " << m->value;
    ++copies[m->value];
    EXPECT_EQ(header(*m, "x-source-topic"), kEnergyTopic);
    EXPECT_EQ(header(*m, "x-stage"), "sink:energy_consumption");
    EXPECT_TRUE(header(*m, "x-error-reason").starts_with(reason->second))
        << header(*m, "x-error-reason");
    const auto received = header(*m, "x-received-at");
    EXPECT_EQ(received.size(), 24U) << received;  // 2026-01-16T21:10:09.123Z
    EXPECT_TRUE(received.ends_with("Z")) << received;
    const auto at = core::time::parse_rfc3339(received);
    ASSERT_TRUE(at.has_value()) << received;
    EXPECT_LT(std::chrono::abs(Clock::now() - Clock::time_point(at->time_since_epoch())), 5min);
  }
  EXPECT_EQ(copies.size(), expected_reason.size());

  EXPECT_GE(metric_reaching(
                R"(telemetry_sink_dead_letters_total{family="energy",reason="invalid_record"})", 2),
            2);
  EXPECT_GE(
      metric_reaching(
          R"(telemetry_sink_dead_letters_total{family="energy",reason="constraint_violation"})", 2),
      2);
}

}  // namespace
}  // namespace sink_test
