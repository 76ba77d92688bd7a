// The confirmation consumer's rules (settings-api.md sections 4.3 and 5) against a real database:
// confirmed only when every commanded value is reported, superseded rows, idempotence under
// redelivery, and the stored reports the timeout reasons use.
#include "confirmation.hpp"

#include <gtest/gtest.h>

#include "processor_fixture.hpp"

namespace outbox_test {
namespace {

std::string record(const std::string& device, const std::string& settings_fields) {
  return R"({"Client_Name":")" + device + R"(","device_id":")" + device +
         R"(","ts":"2026-01-16T21:10:09.123Z","tags":{"device_id":")" + device +
         R"("},"fields":{"outdoor_temp":-3)" +
         (settings_fields.empty() ? "" : "," + settings_fields) + "}}";
}

class ConfirmationTest : public ProcessorFixture {
 protected:
  void SetUp() override {
    ProcessorFixture::SetUp();
    confirmation_ = std::make_unique<outbox::Confirmation>(config_.database_conninfo, *metrics_);
  }
  std::int64_t published(const std::string& device, const std::string& payload) {
    const auto id = insert_command(device, payload);
    admin().exec("UPDATE outbox SET status = 'published', published_at = now() WHERE id = $1",
                 {id});
    return id;
  }
  std::string row(std::int64_t id) {
    return query_one(
        "SELECT concat_ws('|', status, confirmed_at IS NOT NULL, error_message) FROM outbox "
        "WHERE id = " +
        std::to_string(id));
  }
  std::unique_ptr<outbox::Confirmation> confirmation_;
};

TEST_F(ConfirmationTest, ConfirmsOnlyWhenEveryCommandedValueIsReported) {
  const auto id = published("hp", R"({"indoor_target_temp": 21, "mode": 1})");
  confirmation_->handle(record("hp", R"("indoor_target_temp":20,"mode":1)"));
  EXPECT_EQ(row(id), "published|f");
  confirmation_->handle(record("hp", R"("indoor_target_temp":21)"));
  EXPECT_EQ(row(id), "published|f") << "mode is missing from the report";
  confirmation_->handle(record("other", R"("indoor_target_temp":21,"mode":1)"));
  EXPECT_EQ(row(id), "published|f") << "another device";
  confirmation_->handle(record("hp", R"("indoor_target_temp":21.0,"mode":1,"curve":40)"));
  EXPECT_EQ(row(id), "confirmed|t");
  EXPECT_EQ(metrics_->transition("confirmed").Value(), 1.0);
  // Redelivered: nothing happens twice.
  confirmation_->handle(record("hp", R"("indoor_target_temp":21,"mode":1)"));
  EXPECT_EQ(metrics_->transition("confirmed").Value(), 1.0);
}

TEST_F(ConfirmationTest, PendingRowsAreNotConfirmedByTelemetry) {
  const auto id = insert_command("hp", R"({"indoor_target_temp": 21})");
  confirmation_->handle(record("hp", R"("indoor_target_temp":21)"));
  EXPECT_EQ(row(id), "pending|f");
}

TEST_F(ConfirmationTest, ANewerConfirmedCommandSupersedesTheOlderOnesItCovers) {
  const auto covered = published("hp", R"({"indoor_target_temp": 21})");
  const auto wider = published("hp", R"({"indoor_target_temp": 21, "mode": 1})");
  const auto unrelated = published("hp", R"({"heatstop": 17})");
  const auto newest = published("hp", R"({"indoor_target_temp": 22, "mode": 0})");
  confirmation_->handle(record("hp", R"("indoor_target_temp":22,"mode":0,"heatstop":16)"));
  EXPECT_EQ(row(newest), "confirmed|t");
  const auto superseded =
      "failed|f|superseded by outbox " + std::to_string(newest) + " before confirmation";
  EXPECT_EQ(row(covered), superseded);
  EXPECT_EQ(row(wider), superseded);
  EXPECT_EQ(row(unrelated), "published|f") << "heatstop is not part of the newer command";
}

TEST_F(ConfirmationTest, AnOlderRowThatMatchesIsConfirmedNotSuperseded) {
  const auto older = published("hp", R"({"indoor_target_temp": 21})");
  const auto newer = published("hp", R"({"indoor_target_temp": 21})");
  confirmation_->handle(record("hp", R"("indoor_target_temp":21)"));
  EXPECT_EQ(row(older), "confirmed|t");
  EXPECT_EQ(row(newer), "confirmed|t");
}

TEST_F(ConfirmationTest, ReportsAreKeptPerFieldForTheTimeoutReasons) {
  confirmation_->handle(record("hp", R"("indoor_target_temp":20.5,"mode":1)"));
  confirmation_->handle(record("hp", R"("mode":2,"heatstop":null)"));
  EXPECT_EQ(query_one("SELECT reported::text FROM device_reports WHERE device_id = 'hp'"),
            R"({"mode": 2, "indoor_target_temp": 20.5})");
  // Records the consumers skip leave no trace.
  confirmation_->handle(R"({"fields":{"mode":1}})");
  confirmation_->handle("not json");
  EXPECT_EQ(query_one("SELECT count(*) FROM device_reports"), "1");
  EXPECT_EQ(metrics_->records_skipped.Value(), 2.0);
}

}  // namespace
}  // namespace outbox_test
