#include "thermiq_mapper.hpp"

#include "test_support.hpp"

namespace bridge::test {
namespace {

namespace json = boost::json;
constexpr std::string_view thermiq_topic = "thermiq_heatpump/data";

class ThermiqMapperTest : public testing::Test {
 protected:
  MappingResult map_payload(const json::object& payload) const {
    return map(mapper_, thermiq_topic, payload);
  }
  json::object fields_of(const json::object& payload) const {
    return mapped(map_payload(payload)).value.at("fields").as_object();
  }

  ThermiqMapper mapper_;
  json::object fixture_ = fixture_object("thermiq.json");
};

std::vector<bool> flags(const json::object& fields) {
  std::vector<bool> out;
  for (const auto* name : {"brinepump_on", "compressor_on", "flowlinepump_on",
                           "hotwater_production", "aux_heater_3kw_on", "aux_heater_6kw_on"}) {
    out.push_back(fields.at(name).as_bool());
  }
  return out;
}

TEST_F(ThermiqMapperTest, BitFlagsComeFromD16AndD13) {
  auto payload = with(fixture_, "d16", 0b1010);
  payload = with(payload, "d13", 0b11);
  EXPECT_EQ(flags(fields_of(payload)), (std::vector<bool>{false, true, false, true, true, true}));
  payload = with(payload, "d16", 0b11110101);  // bits 4..7 are not mapped
  payload = with(payload, "d13", 0b10);
  EXPECT_EQ(flags(fields_of(payload)), (std::vector<bool>{true, false, true, false, false, true}));
  payload = with(payload, "d16", 8.0);  // a whole number written with a fraction
  EXPECT_EQ(flags(fields_of(payload)), (std::vector<bool>{false, false, false, true, false, true}));
}

TEST_F(ThermiqMapperTest, MissingBitRegistersCountAsZero) {
  auto payload = without(without(fixture_, "d16"), "d13");
  EXPECT_EQ(flags(fields_of(payload)), std::vector<bool>(6, false));
  payload = with(payload, "d16", nullptr);
  EXPECT_EQ(flags(fields_of(payload)), std::vector<bool>(6, false));
}

TEST_F(ThermiqMapperTest, BitRegistersMustBeIntegers) {
  for (const auto& value : {json::value("7"), json::value(7.5), json::value(true)}) {
    const auto dead = dead_letter(map_payload(with(fixture_, "d16", value)));
    EXPECT_EQ(dead.reason, DeadLetterReason::type_mismatch);
    EXPECT_EQ(dead.detail.rfind("d16: expected an integer, got ", 0), 0U) << dead.detail;
  }
}

TEST_F(ThermiqMapperTest, AbsentOptionalRegistersAreNull) {
  const json::object minimal{{"Client_Name", "ThermIQ_4091519A3058"}, {"d0", -3}};
  const auto record = mapped(map_payload(minimal));
  EXPECT_EQ(record.key, "ThermIQ_4091519A3058");
  const auto& fields = record.value.at("fields").as_object();
  EXPECT_EQ(fields.size(), 29U);
  EXPECT_EQ(fields.at("outdoor_temp"), -3);
  for (const auto* name : {"supplyline_temp", "integral", "runtime_6kw", "indoor_temp", "mode",
                           "curve_minus_5", "integral_setting"}) {
    EXPECT_TRUE(fields.at(name).is_null()) << name;
  }
}

TEST_F(ThermiqMapperTest, RequiredMembers) {
  for (const auto& payload :
       {without(fixture_, "Client_Name"), with(fixture_, "Client_Name", nullptr)}) {
    const auto dead = dead_letter(map_payload(payload));
    EXPECT_EQ(dead.reason, DeadLetterReason::missing_required);
    EXPECT_EQ(dead.detail, "Client_Name");
    EXPECT_FALSE(dead.key);
  }
  const auto empty = dead_letter(map_payload(with(fixture_, "Client_Name", "")));
  EXPECT_EQ(empty.reason, DeadLetterReason::missing_required);
  for (const auto& payload : {without(fixture_, "d0"), with(fixture_, "d0", nullptr)}) {
    const auto dead = dead_letter(map_payload(payload));
    EXPECT_EQ(dead.reason, DeadLetterReason::missing_required);
    EXPECT_EQ(dead.detail, "d0");
    EXPECT_EQ(dead.key, "ThermIQ_4091519A3058");
  }
}

TEST_F(ThermiqMapperTest, WrongTypesAreTypeMismatch) {
  const auto d0 = dead_letter(map_payload(with(fixture_, "d0", "-3")));
  EXPECT_EQ(d0.reason, DeadLetterReason::type_mismatch);
  EXPECT_EQ(d0.detail, "d0: expected a number, got string");
  const auto indoor = dead_letter(map_payload(with(fixture_, "INDR_T", json::object{{"c", 21}})));
  EXPECT_EQ(indoor.detail, "INDR_T: expected a number, got object");
  const auto name = dead_letter(map_payload(with(fixture_, "Client_Name", 7)));
  EXPECT_EQ(name.detail, "Client_Name: expected a string, got number");
}

TEST_F(ThermiqMapperTest, TimestampAsDigitsOrFraction) {
  EXPECT_EQ(ts_of(map_payload(with(fixture_, "timestamp", "1768597807"))),
            "2026-01-16T21:10:07.000Z");
  EXPECT_EQ(ts_of(map_payload(with(fixture_, "timestamp", 1768597807.5))),
            "2026-01-16T21:10:07.500Z");
  EXPECT_EQ(ts_of(map_payload(with(fixture_, "timestamp", json::array{}))),
            "2026-01-16T21:10:09.123Z");
}

}  // namespace
}  // namespace bridge::test
