// heatpump_settings schema (database.md section 7): defaults, the status check, indexes, the
// settings_app grants and the outbox_pending notification.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/pg/transaction.hpp"
#include "schema_support.hpp"

namespace db_test {
namespace {

using namespace std::chrono_literals;

const char* const kInsertOutbox =
    "INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload) "
    "VALUES ('heatpump_setting', 'ThermIQ_4091519A3058', 'setting_update', "
    "'{\"indoor_target_temp\": 21}') RETURNING id";

class SettingsSchema : public SettingsDatabase {};

TEST_F(SettingsSchema, OutboxRowsStartPendingWithContractDefaults) {
  const auto id = conn().exec(kInsertOutbox).integer(0, 0);
  EXPECT_EQ(
      rows_of(conn(),
              "SELECT status, retry_count, max_retries, created_at IS NOT NULL, "
              "published_at, confirmed_at, error_message, next_attempt_at, payload "
              "FROM outbox WHERE id = " +
                  std::to_string(id)),
      (std::vector<std::string>{"pending|0|3|t|null|null|null|null|{\"indoor_target_temp\": 21}"}));
}

TEST_F(SettingsSchema, StatusIsRestrictedToTheFourStates) {
  const auto id = std::to_string(conn().exec(kInsertOutbox).integer(0, 0));
  EXPECT_EQ(sqlstate_of(conn(), "UPDATE outbox SET status = 'sent' WHERE id = " + id), "23514");
  EXPECT_EQ(sqlstate_of(conn(),
                        "INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload, "
                        "status) VALUES ('heatpump_setting', 'x', 'setting_update', '{}', "
                        "'PENDING')"),
            "23514");
  for (const char* status : {"published", "confirmed", "failed", "pending"}) {
    EXPECT_EQ(sqlstate_of(conn(), "UPDATE outbox SET status = '" + std::string(status) +
                                      "' WHERE id = " + id),
              "")
        << status;
  }
}

TEST_F(SettingsSchema, OutboxIndexesMatchTheProcessorQueries) {
  EXPECT_EQ(rows_of(conn(),
                    "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
                    "WHERE indrelid = 'outbox'::regclass AND NOT indisprimary ORDER BY 1"),
            (std::vector<std::string>{
                "CREATE INDEX outbox_aggregate_idx ON public.outbox USING btree "
                "(aggregate_type, aggregate_id, id DESC)",
                "CREATE INDEX outbox_in_flight_idx ON public.outbox USING btree "
                "(status, created_at) WHERE ((status)::text = ANY ((ARRAY['pending'::character "
                "varying, 'published'::character varying])::text[]))",
            }));
}

TEST_F(SettingsSchema, AppRoleWritesSettingsAndOutboxButDeletesNothing) {
  core::pg::Connection app(role_conninfo("K12N_SETTINGS_DSN", db_.name()));
  // The mirror creates the row with reported values only; the rest stays NULL.
  app.exec(
      "INSERT INTO settings (device_id, indoor_target_temp, curve) "
      "VALUES ('ThermIQ_4091519A3058', 20.5, 36)");
  app.exec(
      "UPDATE settings SET mode = 1, updated_at = now() "
      "WHERE device_id = 'ThermIQ_4091519A3058'");
  EXPECT_EQ(rows_of(app,
                    "SELECT indoor_target_temp, mode, curve, curve_min, heatstop, "
                    "updated_at IS NOT NULL FROM settings"),
            (std::vector<std::string>{"20.5|1|36|null|null|t"}));
  // Inserting into the outbox draws from its id sequence (USAGE granted).
  EXPECT_GT(app.exec(kInsertOutbox).integer(0, 0), 0);
  EXPECT_EQ(sqlstate_of(app, "UPDATE outbox SET status = 'published', published_at = now()"), "");
  EXPECT_EQ(sqlstate_of(app, "DELETE FROM outbox"), "42501");
  EXPECT_EQ(sqlstate_of(app, "DELETE FROM settings"), "42501");
}

TEST_F(SettingsSchema, AppRoleUpsertsDeviceReportsButDeletesNothing) {
  core::pg::Connection app(role_conninfo("K12N_SETTINGS_DSN", db_.name()));
  const char* const upsert =
      "INSERT INTO device_reports (device_id, reported, received_at) "
      "VALUES ('ThermIQ_4091519A3058', $1::jsonb, now()) ON CONFLICT (device_id) DO UPDATE "
      "SET reported = device_reports.reported || EXCLUDED.reported, "
      "received_at = EXCLUDED.received_at";
  app.exec(upsert, {R"({"indoor_target_temp": 20.5, "mode": 1})"});
  app.exec(upsert, {R"({"mode": 2})"});
  EXPECT_EQ(rows_of(app, "SELECT device_id, reported FROM device_reports"),
            (std::vector<std::string>{
                R"(ThermIQ_4091519A3058|{"mode": 2, "indoor_target_temp": 20.5})"}));
  EXPECT_EQ(sqlstate_of(app, "DELETE FROM device_reports"), "42501");
}

TEST_F(SettingsSchema, CommittedInsertNotifiesOutboxPendingWithTheId) {
  core::pg::Connection listener(db_.conninfo());
  listener.listen("outbox_pending");
  core::pg::Connection app(role_conninfo("K12N_SETTINGS_DSN", db_.name()));

  core::pg::Transaction tx(app);
  const auto id = tx.exec(kInsertOutbox).integer(0, 0);
  // NOTIFY is delivered at commit, so a processor never sees an id it cannot read yet.
  EXPECT_FALSE(listener.wait_notification(200ms).has_value());
  tx.commit();

  const auto notification = listener.wait_notification(5s);
  ASSERT_TRUE(notification.has_value());
  EXPECT_EQ(notification->channel, "outbox_pending");
  EXPECT_EQ(notification->payload, std::to_string(id));
}

}  // namespace
}  // namespace db_test
