// What every mapper shares: parsing and the dead letters for payloads that are not JSON objects.
#include "mapper.hpp"

#include "saveeye_mapper.hpp"
#include "shelly_mapper.hpp"
#include "test_support.hpp"
#include "thermiq_mapper.hpp"

namespace bridge::test {
namespace {

struct Case {
  std::string payload;
  DeadLetterReason reason;
  std::string detail_prefix;
};

TEST(Mapper, PayloadsThatAreNotJsonObjectsAreDeadLettered) {
  const std::vector<Case> cases = {
      {"", DeadLetterReason::invalid_json, "incomplete JSON"},
      {"{", DeadLetterReason::invalid_json, "incomplete JSON"},
      {R"({"src": "a",})", DeadLetterReason::invalid_json, "syntax error at byte 12"},
      {R"({"a": 1} {"b": 2})", DeadLetterReason::invalid_json, "extra data"},
      {R"({"a": 1 // comment)", DeadLetterReason::invalid_json, ""},
      {"{\"src\": \"\xff\"}", DeadLetterReason::invalid_json, ""},          // invalid byte
      {"{\"src\": \"\xc3\x28\"}", DeadLetterReason::invalid_json, ""},      // bad continuation
      {"{\"src\": \"\xed\xa0\x80\"}", DeadLetterReason::invalid_json, ""},  // encoded surrogate
      {"{\"src\": \"\xc0\xaf\"}", DeadLetterReason::invalid_json, ""},      // overlong encoding
      {R"({"d0": 1e400})", DeadLetterReason::invalid_json, "d0: number out of range"},
      {R"({"params": {"temperature:0": {"tC": -1e309}}})", DeadLetterReason::invalid_json,
       R"(params."temperature:0".tC: number out of range)"},
      {R"({"params": {"events": [{}, {"ts": 2e308}]}})", DeadLetterReason::invalid_json,
       "params.events[1].ts: number out of range"},
      {"[1e999]", DeadLetterReason::invalid_json, "[0]: number out of range"},
      {"[1, 2]", DeadLetterReason::not_an_object, "payload is a JSON array"},
      {"42", DeadLetterReason::not_an_object, "payload is a JSON number"},
      {R"("text")", DeadLetterReason::not_an_object, "payload is a JSON string"},
      {"null", DeadLetterReason::not_an_object, "payload is a JSON null"},
  };
  const SaveEyeMapper saveeye(stockholm());
  const ShellyMapper shelly;
  const ThermiqMapper thermiq;
  const std::pair<const Mapper*, std::string_view> mappers[] = {
      {&saveeye, "saveeye/telemetry"},
      {&shelly, "shellyhtg3-e4b32322a0f4/events/rpc"},
      {&thermiq, "thermiq_heatpump/data"}};
  for (const auto& [mapper, topic] : mappers) {
    for (const auto& c : cases) {
      const auto dead = dead_letter(map(*mapper, topic, c.payload));
      EXPECT_EQ(dead.reason, c.reason) << topic << " " << c.payload;
      EXPECT_EQ(dead.detail.rfind(c.detail_prefix, 0), 0U) << c.payload << " -> " << dead.detail;
      EXPECT_FALSE(dead.key);
    }
  }
}

TEST(Mapper, ValidUtf8IsKeptAsIs) {
  const ThermiqMapper thermiq;
  const auto record =
      mapped(map(thermiq, "thermiq_heatpump/data",
                 R"({"Client_Name": "V\u00e4rmepump", "app_info": "Värme", "d0": 1})"));
  EXPECT_EQ(record.key, "V\xc3\xa4rmepump");
  EXPECT_EQ(record.value.at("app_info"), "V\xc3\xa4rme");
}

}  // namespace
}  // namespace bridge::test
