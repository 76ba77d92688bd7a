// The settings mirror (settings-api.md section 6) through Kafka: telemetry records produced to
// the dev broker reach the settings table exactly, absent values change nothing, and values for
// commands in flight wait for the device to confirm them.
#include <gtest/gtest.h>

#include "api_fixture.hpp"

namespace settings_test {
namespace {

constexpr const char* kDevice = "ThermIQ_mirror";

// A Kafka value as the bridge writes it (kafka.md section 3.3), with these settings fields
// ("indoor_target_temp":21.5,...) and the other members of a real record.
std::string record(const std::string& device, const std::string& settings_fields) {
  return R"({"Client_Name":")" + device +
         R"(","d0":-3,"ts":"2026-01-16T21:10:09.123Z","device_id":")" + device +
         R"(","tags":{"device_id":")" + device +
         R"("},"fields":{"outdoor_temp":-3,"indoor_temp":21.3,"integral":-40)" +
         (settings_fields.empty() ? "" : "," + settings_fields) + "}}";
}

class Mirror : public ApiFixture {
 protected:
  std::string row(const std::string& device = kDevice) {
    return query_one(
        "SELECT concat_ws('|', coalesce(indoor_target_temp::text, '-'), coalesce(mode::text, '-'), "
        "coalesce(curve::text, '-'), coalesce(curve_min::text, '-'), "
        "coalesce(curve_max::text, '-'), coalesce(curve_plus_5::text, '-'), "
        "coalesce(curve_zero::text, '-'), coalesce(curve_minus_5::text, '-'), "
        "coalesce(heatstop::text, '-')) FROM settings WHERE device_id = '" +
        device + "'");
  }
  // Produces a marker record for another device and waits until the mirror stored it, so every
  // record produced before it has been handled. Every record of these tests has the key kDevice,
  // so all of them go to one partition, in order, whatever the topic's partition count.
  void sync() {
    const auto marker = "marker-" + std::to_string(++markers_);
    produce(kDevice, record(marker, R"("mode":0)"));
    ASSERT_TRUE(eventually([&] { return row(marker) != "NULL"; }, 30s)) << "mirror idle";
  }
  int markers_ = 0;
};

TEST_F(Mirror, TheFirstReportCreatesTheRowWithTheExactValues) {
  produce(kDevice, record(kDevice, R"("indoor_target_temp":21.5,"mode":1,"curve":36,)"
                                   R"("curve_min":10,"curve_max":45,"curve_plus_5":2,)"
                                   R"("curve_zero":0,"curve_minus_5":-1,"heatstop":17)"));
  ASSERT_TRUE(eventually([&] { return row() != "NULL"; }, 30s));
  EXPECT_EQ(row(), "21.5|1|36|10|45|2|0|-1|17") << "21.5 is stored, not floored";
  const auto response = get(std::string("/api/v1/heatpump/settings/") + kDevice);
  EXPECT_EQ(parse(response).at("indoor_target_temp"), boost::json::value(21.5));
}

TEST_F(Mirror, AbsentAndNullValuesLeaveTheColumnsAndNoChangeKeepsUpdatedAt) {
  insert_device(kDevice, "20, 1, 36, 10, 45, 2, 0, -1, 17");
  produce(kDevice, record(kDevice, R"("indoor_target_temp":null,"mode":null,"heatstop":18)"));
  sync();
  EXPECT_EQ(row(), "20|1|36|10|45|2|0|-1|18");
  const auto updated_at =
      query_one("SELECT updated_at FROM settings WHERE device_id = 'ThermIQ_mirror'");
  EXPECT_NE(updated_at, "2026-01-16 21:10:09.123456+00");
  produce(kDevice, record(kDevice, R"("indoor_target_temp":20,"heatstop":18)"));
  produce(kDevice, record(kDevice, ""));
  sync();
  EXPECT_EQ(query_one("SELECT updated_at FROM settings WHERE device_id = 'ThermIQ_mirror'"),
            updated_at)
      << "nothing changed";
}

TEST_F(Mirror, ACommandInFlightKeepsItsValueUntilTheDeviceReportsIt) {
  insert_device(kDevice, "20, 1, 36, 10, 45, 2, 0, -1, 17");
  ASSERT_EQ(
      patch(std::string("/api/v1/heatpump/settings/") + kDevice, R"({"indoor_target_temp":22})")
          .result_int(),
      202U);
  // The device still reports 20: the optimistic 22 stays, the other fields are mirrored.
  produce(kDevice, record(kDevice, R"("indoor_target_temp":20,"mode":2)"));
  sync();
  EXPECT_EQ(row(), "22|2|36|10|45|2|0|-1|17");
  // Once it reports the command, it is applied (here unchanged).
  admin().exec("UPDATE outbox SET status = 'published'");
  produce(kDevice, record(kDevice, R"("indoor_target_temp":22)"));
  sync();
  EXPECT_EQ(row(), "22|2|36|10|45|2|0|-1|17");
  // After the command failed, the next report restores the device's real value.
  admin().exec("UPDATE outbox SET status = 'failed'");
  produce(kDevice, record(kDevice, R"("indoor_target_temp":20)"));
  sync();
  EXPECT_EQ(row(), "20|2|36|10|45|2|0|-1|17");
}

TEST_F(Mirror, RecordsWithoutDeviceOrFieldsAreSkipped) {
  produce(kDevice, R"({"device_id":"","fields":{"mode":1}})");
  produce(kDevice, R"({"fields":{"mode":1}})");
  produce(kDevice, R"({"device_id":"nofields","Client_Name":"nofields"})");
  produce(kDevice, "not json");
  produce(kDevice, record(kDevice, R"("mode":"2","curve":40.5,"heatstop":19)"));
  sync();
  EXPECT_EQ(query_one("SELECT string_agg(device_id, ',' ORDER BY device_id) FROM settings"),
            std::string(kDevice) + ",marker-1");
  // A string is not a number and a fraction does not fit an INTEGER column: both are ignored.
  EXPECT_EQ(row(), "-|-|-|-|-|-|-|-|19");
}

TEST_F(Mirror, ARecordIsRetriedUntilTheDatabaseTakesIt) {
  insert_device(kDevice, "20, 1, 36, 10, 45, 2, 0, -1, 17");
  // settings_app loses its UPDATE right for a moment: the record waits, it is not skipped.
  admin().exec_script("REVOKE UPDATE ON settings FROM settings_app");
  produce(kDevice, record(kDevice, R"("heatstop":12)"));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(row(), "20|1|36|10|45|2|0|-1|17");
  admin().exec_script("GRANT UPDATE ON settings TO settings_app");
  ASSERT_TRUE(eventually([&] { return row() == "20|1|36|10|45|2|0|-1|12"; }, 30s)) << row();
}

}  // namespace
}  // namespace settings_test
