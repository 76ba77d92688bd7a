// The built bridge against the stack's Mosquitto and kafka-dev-broker: payloads published by the
// `devices` user come out of Kafka as the contract's records, once each, also when the bridge is
// killed mid-stream.
//
// The stack may run its own bridge on the device topics. So that it never sees this test's
// messages, the bridge under test subscribes to per-run topics under +/events/rpc (which the
// `devices` user may write and the `bridge` user may read) and uses per-run client ids; every
// device id is per run too, since other tests write into the same Kafka topics.
#include "bridge_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "core/kafka/consumer.hpp"
#include "core/mqtt/client.hpp"
#include "core/time/rfc3339.hpp"
#include "testing/run_command.hpp"
#include "testing/stack_env.hpp"

namespace bridge::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using testing_support::stack_env;

constexpr const char* kEnergy = "homelab-energy-realtime";
constexpr const char* kTemperature = "homelab-temperature-indoor";
constexpr const char* kHeatpump = "homelab-heatpump-telemetry";
constexpr const char* kDlq = "homelab-dlq";

json::object fixture(const std::string& name) {
  std::ifstream in(std::string(BRIDGE_FIXTURE_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).as_object();
}

std::string header(const core::kafka::Message& m, const std::string& name) {
  const auto* value = m.header(name);
  return value != nullptr ? *value : "<missing>";
}

class BridgeProcessTest : public ::testing::Test {
 protected:
  BridgeProcessTest() {
    std::filesystem::create_directories(dir_);
    // Positions are taken now, before anything is published: every record of this test is later.
    consumer_.assign_from_end({kEnergy, kTemperature, kHeatpump, kDlq}, 0);
  }

  ~BridgeProcessTest() override {
    // The bridge keeps persistent sessions; remove them with what they queued. The publisher goes
    // first: while another Paho client is connected, each connect takes Paho a second or two.
    publisher_.reset();
    for (const auto& id : client_ids()) {
      core::mqtt::Options o = mqtt_options("bridge", stack_env("K12N_MQTT_BRIDGE_PASSWORD"), id);
      o.clean_session = true;
      try {
        core::mqtt::Client session(o, [](const core::mqtt::Message&) {});
        session.connect();
        session.disconnect();
      } catch (const core::mqtt::Error&) {
        // Best effort: a leftover session holds only this run's topics.
      }
    }
    if (!HasFailure()) {
      std::filesystem::remove_all(dir_);
    }
  }

  static core::mqtt::Options mqtt_options(const std::string& user, const std::string& password,
                                          const std::string& client_id) {
    core::mqtt::Options o;
    o.uri = stack_env("K12N_MQTT_URI");
    o.client_id = client_id;
    o.username = user;
    o.password = password;
    o.clean_session = true;
    return o;
  }

  std::vector<std::string> client_ids() const {
    return {"k12n-test-bridge-energy-" + suffix_, "k12n-test-bridge-temperature-" + suffix_,
            "k12n-test-bridge-heatpump-" + suffix_};
  }

  std::vector<std::string> environment(
      const std::string& password,
      const std::string& kafka = stack_env("K12N_KAFKA_BOOTSTRAP")) const {
    const auto ids = client_ids();
    return {"MQTT_URI=" + stack_env("K12N_MQTT_URI"),
            "MQTT_USERNAME=bridge",
            "MQTT_PASSWORD=" + password,
            "KAFKA_BOOTSTRAP_SERVERS=" + kafka,
            "HTTP_ADDRESS=127.0.0.1",
            "HTTP_PORT=0",
            "LOG_FORMAT=text",
            "TIME_ZONE=Europe/Stockholm",
            "STREAMS_ENERGY_MQTT_TOPICS=" + energy_topic_,
            "STREAMS_TEMPERATURE_MQTT_TOPICS=" + temperature_topic_,
            "STREAMS_HEATPUMP_MQTT_TOPICS=" + heatpump_topic_,
            "STREAMS_ENERGY_MQTT_CLIENT_ID=" + ids[0],
            "STREAMS_TEMPERATURE_MQTT_CLIENT_ID=" + ids[1],
            "STREAMS_HEATPUMP_MQTT_CLIENT_ID=" + ids[2]};
  }

  std::unique_ptr<BridgeProcess> start_bridge(const std::string& name) {
    auto bridge = std::make_unique<BridgeProcess>(
        environment(stack_env("K12N_MQTT_BRIDGE_PASSWORD")), dir_ / (name + ".log"));
    EXPECT_TRUE(bridge->wait_ready()) << bridge->log();
    return bridge;
  }

  core::mqtt::Client& publisher() {
    if (!publisher_) {
      publisher_ = std::make_unique<core::mqtt::Client>(
          mqtt_options("devices", stack_env("K12N_MQTT_DEVICES_PASSWORD"),
                       "k12n-test-devices-" + suffix_),
          [](const core::mqtt::Message&) {});
      publisher_->connect();
    }
    return *publisher_;
  }

  void publish(const std::string& topic, const std::string& payload) {
    publisher().publish(topic, payload);
  }

  // Polls until `count` records accepted by `mine` arrived, then `settle` longer to catch any
  // record beyond the count.
  std::vector<core::kafka::Message> read_own(
      const std::function<bool(const core::kafka::Message&)>& mine, std::size_t count,
      std::chrono::milliseconds timeout = 30s, std::chrono::milliseconds settle = 0ms) {
    std::vector<core::kafka::Message> own;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool settling = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto m = consumer_.poll(100ms); m && mine(*m)) {
        own.push_back(std::move(*m));
      }
      if (!settling && own.size() >= count) {
        settling = true;
        deadline = std::chrono::steady_clock::now() + settle;
      }
    }
    return own;
  }

  static std::function<bool(const core::kafka::Message&)> keyed(const std::string& key) {
    return [key](const core::kafka::Message& m) { return m.key == key; };
  }

  std::function<bool(const core::kafka::Message&)> dead_letters() const {
    return [this](const core::kafka::Message& m) {
      const auto source = header(m, "x-source-topic");
      return m.topic == kDlq &&
             (source == energy_topic_ || source == temperature_topic_ || source == heatpump_topic_);
    };
  }

  // The `seq` member that the counting tests add to each payload.
  static std::set<std::int64_t> sequence_numbers(const std::vector<core::kafka::Message>& records) {
    std::set<std::int64_t> seen;
    for (const auto& record : records) {
      seen.insert(json::parse(record.value).as_object().at("seq").as_int64());
    }
    return seen;
  }

  std::string energy_payload(const std::string& device_id, std::int64_t seq) const {
    auto payload = saveeye_;
    payload["saveeyeDeviceSerialNumber"] = device_id;
    payload["seq"] = seq;
    return json::serialize(payload);
  }

  std::string suffix_ = testing_support::unique_suffix();
  std::string energy_topic_ = "k12n-test-saveeye-" + suffix_ + "/events/rpc";
  std::string temperature_topic_ = "shellyhtg3-k12n-test-" + suffix_ + "/events/rpc";
  std::string heatpump_topic_ = "k12n-test-thermiq-" + suffix_ + "/events/rpc";
  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("bridge_process_test_" + suffix_);
  json::object saveeye_ = fixture("saveeye.json");
  core::kafka::Consumer consumer_{{{"bootstrap.servers", stack_env("K12N_KAFKA_BOOTSTRAP")}}};
  std::unique_ptr<core::mqtt::Client> publisher_;
};

TEST_F(BridgeProcessTest, FixturesBecomeTheContractsRecords) {
  const auto bridge = start_bridge("bridge");
  const auto saveeye_id = "k12n-test-saveeye-" + suffix_;
  const auto shelly_id = "shellyhtg3-k12n-test-" + suffix_;
  const auto thermiq_id = "k12n-test-thermiq-" + suffix_;
  // Device clocks: SaveEye's is far off (so ts is the receive time), the others are 2 s behind
  // now (so ts is the device's own time).
  const auto device_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count() -
                              2;
  const auto device_time = core::time::format_rfc3339_ms(std::chrono::system_clock::time_point(
      std::chrono::milliseconds(device_seconds * 1000 + 250)));
  const auto thermiq_time = core::time::format_rfc3339_ms(
      std::chrono::system_clock::time_point(std::chrono::seconds(device_seconds)));

  struct Case {
    std::string payload_file;
    std::string topic;
    std::string kafka_topic;
    std::string id;
  };
  const std::vector<Case> cases = {
      {"saveeye.json", energy_topic_, kEnergy, saveeye_id},
      {"shelly-full-status.json", temperature_topic_, kTemperature, shelly_id},
      {"shelly-notify-status.json", temperature_topic_, kTemperature, shelly_id},
      {"shelly-notify-event.json", temperature_topic_, kTemperature, shelly_id},
      {"thermiq.json", heatpump_topic_, kHeatpump, thermiq_id},
  };
  std::vector<json::object> expected;
  const auto published_at = std::chrono::system_clock::now();
  for (const auto& c : cases) {
    auto payload = fixture(c.payload_file);
    auto want = fixture(c.payload_file.substr(0, c.payload_file.size() - 5) + ".kafka.json");
    for (auto* object : {&payload, &want}) {
      if (c.id == saveeye_id) {
        (*object)["saveeyeDeviceSerialNumber"] = c.id;
        (*object)["timestamp"] = "2020-01-01T00:00:00";
      } else if (c.id == shelly_id) {
        (*object)["src"] = c.id;
        (*object)["dst"] = c.id + "/events";
        (*object)["params"].as_object()["ts"] = static_cast<double>(device_seconds) + 0.25;
      } else {
        (*object)["Client_Name"] = c.id;
        (*object)["timestamp"] = device_seconds;
      }
    }
    want["device_id"] = c.id;
    want["tags"].as_object()[c.id == saveeye_id ? "device_serial" : "device_id"] = c.id;
    want["ts"] = c.id == shelly_id ? device_time : thermiq_time;
    expected.push_back(std::move(want));
    publish(c.topic, json::serialize(payload));
  }

  const auto records = read_own(
      [&](const core::kafka::Message& m) {
        return m.key == saveeye_id || m.key == shelly_id || m.key == thermiq_id;
      },
      cases.size(), 30s, 1s);
  ASSERT_EQ(records.size(), cases.size()) << bridge->log();
  // Records of one device keep their order; across devices any order is fine.
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    std::size_t rank = 0;
    for (std::size_t j = 0; j < i; ++j) {
      if (cases[j].id == c.id) {
        ++rank;
      }
    }
    std::vector<const core::kafka::Message*> of_device;
    for (const auto& r : records) {
      if (r.key == c.id) {
        of_device.push_back(&r);
      }
    }
    ASSERT_GT(of_device.size(), rank);
    const auto& record = *of_device[rank];
    EXPECT_EQ(record.topic, c.kafka_topic);
    EXPECT_TRUE(record.headers.empty());
    auto value = json::parse(record.value).as_object();
    if (c.id == saveeye_id) {
      // The receive time: between publishing and reading, with milliseconds and Z.
      const auto ts_text = std::string(value.at("ts").as_string());
      const auto ts = core::time::parse_rfc3339(ts_text);
      ASSERT_TRUE(ts.has_value()) << ts_text;
      EXPECT_EQ(ts_text.size(), 24U) << ts_text;
      EXPECT_GE(*ts, std::chrono::time_point_cast<std::chrono::microseconds>(published_at) - 1ms);
      EXPECT_LE(*ts, std::chrono::time_point_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now()));
      expected[i]["ts"] = ts_text;
    }
    EXPECT_EQ(value, expected[i]) << c.payload_file << "\ngot      " << value << "\nexpected "
                                  << expected[i];
  }
}

TEST_F(BridgeProcessTest, UnmappablePayloadsGoToTheDeadLetterTopic) {
  const auto bridge = start_bridge("bridge");
  const auto device = "k12n-test-bad-" + suffix_;
  auto wrong_type = saveeye_;
  wrong_type["saveeyeDeviceSerialNumber"] = device;
  wrong_type["activeActualConsumption"].as_object()["total"] = "956";
  struct Case {
    std::string topic;
    std::string payload;
    std::string reason;
    std::optional<std::string> key;
  };
  const std::vector<Case> cases = {
      {energy_topic_, R"({"temp": 1})", "missing_required: saveeyeDeviceSerialNumber",
       std::nullopt},
      {energy_topic_, json::serialize(wrong_type), "type_mismatch: activeActualConsumption.total",
       device},
      {heatpump_topic_, "not json at all", "invalid_json", std::nullopt},
      {heatpump_topic_, "[1, 2]", "not_an_object", std::nullopt},
      {temperature_topic_, R"({"src": "shellyhtg3-x", "method": "Reboot"})", "unsupported_method",
       std::nullopt},
      {temperature_topic_, std::string(70000, 'x'), "invalid_json: payload exceeds 65536 bytes",
       std::nullopt},
  };
  const auto published_at = std::chrono::system_clock::now();
  for (const auto& c : cases) {
    publish(c.topic, c.payload);
  }
  const auto records = read_own(dead_letters(), cases.size(), 30s, 1s);
  ASSERT_EQ(records.size(), cases.size()) << bridge->log();
  for (const auto& c : cases) {
    const auto found = std::find_if(records.begin(), records.end(), [&](const auto& r) {
      return r.value == c.payload && header(r, "x-source-topic") == c.topic;
    });
    ASSERT_NE(found, records.end()) << c.reason;
    EXPECT_EQ(header(*found, "x-error-reason").rfind(c.reason, 0), 0U)
        << header(*found, "x-error-reason");
    EXPECT_EQ(header(*found, "x-stage"), "bridge");
    const auto received = core::time::parse_rfc3339(header(*found, "x-received-at"));
    ASSERT_TRUE(received.has_value()) << header(*found, "x-received-at");
    EXPECT_GE(*received,
              std::chrono::time_point_cast<std::chrono::microseconds>(published_at) - 1ms);
    if (c.key) {
      EXPECT_EQ(found->key, c.key);
    }
    if (c.reason.starts_with("missing_required") || c.reason.starts_with("invalid_json")) {
      EXPECT_FALSE(found->key.has_value()) << c.reason;
    }
  }
  EXPECT_EQ(bridge->metric(R"(bridge_dead_letters_total{reason="invalid_json",stream="heatpump"})"),
            1.0);
  EXPECT_EQ(bridge->metric(
                R"(bridge_kafka_records_delivered_total{stream="energy",topic="homelab-dlq"})"),
            2.0);
}

// Above kMaxKeptPayload Kafka could not take the payload even as a dead letter; the bridge skips
// it unread and records only its size, and the stream goes on.
TEST_F(BridgeProcessTest, HugePayloadIsDeadLetteredWithoutItsBytes) {
  const auto bridge = start_bridge("bridge");
  const auto device = "k12n-test-huge-" + suffix_;
  publish(energy_topic_, std::string(2'000'000, 'x'));
  publish(energy_topic_, energy_payload(device, 1));
  const auto dead_letter = dead_letters();
  const auto records =
      read_own([&](const core::kafka::Message& m) { return dead_letter(m) || m.key == device; }, 2);
  ASSERT_EQ(records.size(), 2U) << bridge->log();
  const auto& dead = records[0].topic == kDlq ? records[0] : records[1];
  const auto& next = records[0].topic == kDlq ? records[1] : records[0];
  EXPECT_EQ(dead.value, "");
  EXPECT_EQ(header(dead, "x-error-reason"),
            "invalid_json: payload exceeds 921600 bytes (2000000); too large to keep, the value "
            "is empty");
  EXPECT_EQ(next.topic, kEnergy);
}

TEST_F(BridgeProcessTest, EveryMessageBecomesExactlyOneRecord) {
  const auto bridge = start_bridge("bridge");
  const auto device = "k12n-test-count-" + suffix_;
  constexpr std::int64_t kCount = 500;
  for (std::int64_t seq = 0; seq < kCount; ++seq) {
    publish(energy_topic_, energy_payload(device, seq));
  }
  const auto records = read_own(keyed(device), kCount, 30s, 2s);
  EXPECT_EQ(records.size(), static_cast<std::size_t>(kCount)) << bridge->log();
  EXPECT_EQ(sequence_numbers(records).size(), static_cast<std::size_t>(kCount));
  // One device, one partition: the order of publishing.
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(json::parse(records[i].value).as_object().at("seq").as_int64(),
              static_cast<std::int64_t>(i));
  }
  EXPECT_EQ(bridge->metric(R"(bridge_mqtt_messages_received_total{stream="energy"})"), 500.0);
  EXPECT_EQ(
      bridge->metric(
          R"(bridge_kafka_records_delivered_total{stream="energy",topic="homelab-energy-realtime"})"),
      500.0);
  EXPECT_EQ(bridge->metric(R"(bridge_in_flight_messages{stream="energy"})"), 0.0);
  EXPECT_EQ(bridge->metric(R"(bridge_kafka_delivery_seconds_count{stream="energy"})"), 500.0);
  EXPECT_EQ(bridge->metric(R"(bridge_mqtt_connected{stream="energy"})"), 1.0);
}

// Contract: messages published while the bridge is down or dying are queued by the broker (QoS 1,
// persistent session) or redelivered (no PUBACK before Kafka acknowledged), so none is lost.
TEST_F(BridgeProcessTest, NothingIsLostWhenTheBridgeIsKilledMidStream) {
  auto bridge = start_bridge("first");
  const auto device = "k12n-test-kill-" + suffix_;
  constexpr std::int64_t kCount = 3000;
  std::atomic<std::int64_t> published{0};
  std::thread devices([&] {
    for (std::int64_t seq = 0; seq < kCount; ++seq) {
      publish(energy_topic_, energy_payload(device, seq));
      published = seq + 1;
      std::this_thread::sleep_for(1ms);
    }
  });
  while (published < kCount / 3) {
    std::this_thread::sleep_for(5ms);
  }
  bridge->signal(SIGKILL);
  EXPECT_EQ(bridge->wait_exit(5s), 128 + SIGKILL);
  const auto killed_at = published.load();
  while (published < killed_at + kCount / 3) {
    std::this_thread::sleep_for(5ms);
  }
  bridge = start_bridge("second");
  devices.join();

  const auto records = read_own(keyed(device), kCount, 60s, 2s);
  const auto distinct = sequence_numbers(records);
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kCount))
      << "lost " << kCount - static_cast<std::int64_t>(distinct.size()) << "\n"
      << bridge->log();
  EXPECT_EQ(*distinct.begin(), 0);
  EXPECT_EQ(*distinct.rbegin(), kCount - 1);
  std::cout << "[ INFO     ] killed after " << killed_at << " published; " << records.size()
            << " records, " << records.size() - distinct.size() << " duplicate(s), "
            << kCount - static_cast<std::int64_t>(distinct.size()) << " lost\n";
}

TEST_F(BridgeProcessTest, SigtermFinishesInFlightMessagesAndExitsCleanly) {
  auto bridge = start_bridge("first");
  const auto device = "k12n-test-term-" + suffix_;
  constexpr std::int64_t kCount = 1000;
  std::atomic<std::int64_t> published{0};
  std::thread devices([&] {
    for (std::int64_t seq = 0; seq < kCount; ++seq) {
      publish(energy_topic_, energy_payload(device, seq));
      published = seq + 1;
    }
  });
  while (published < kCount / 2) {
    std::this_thread::sleep_for(1ms);
  }
  bridge->signal(SIGTERM);
  EXPECT_EQ(bridge->wait_exit(15s), 0) << bridge->log();
  EXPECT_NE(bridge->log().find("received SIGTERM"), std::string::npos);
  devices.join();
  bridge = start_bridge("second");
  const auto records = read_own(keyed(device), kCount, 30s, 1s);
  EXPECT_EQ(sequence_numbers(records).size(), static_cast<std::size_t>(kCount));
  // A clean stop acknowledges what Kafka has; only what arrived while stopping comes again.
  EXPECT_LT(records.size(), static_cast<std::size_t>(kCount) + 1000);
}

// Contract: when Kafka fails, no PUBACK; the bridge drops the connection, and after the reconnect
// the broker delivers the message again. The outage is a private kafka-dev-broker frozen with
// SIGSTOP until the producer gives up on the records (delivery.timeout.ms, 30 s).
TEST_F(BridgeProcessTest, KafkaOutageWithholdsAcknowledgementsAndLosesNothing) {
  const auto bootstrap_file = dir_ / "kafka-bootstrap";
  ChildProcess kafka({KAFKA_DEV_BROKER_BIN, "--topics", K12N_SOURCE_DIR "/deploy/kafka-topics.yaml",
                      "--bootstrap-file", bootstrap_file.string()},
                     {}, dir_ / "kafka-dev-broker.log");
  std::string bootstrap;
  for (int i = 0; i < 200 && bootstrap.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    std::ifstream(bootstrap_file) >> bootstrap;
  }
  ASSERT_FALSE(bootstrap.empty()) << kafka.log();
  core::kafka::Consumer consumer({{"bootstrap.servers", bootstrap}});
  consumer.assign_from_end({kEnergy}, 0);
  BridgeProcess bridge(environment(stack_env("K12N_MQTT_BRIDGE_PASSWORD"), bootstrap),
                       dir_ / "bridge.log");
  ASSERT_TRUE(bridge.wait_ready()) << bridge.log();

  const auto device = "k12n-test-outage-" + suffix_;
  std::set<std::int64_t> seen;
  const auto read_until = [&](std::size_t count, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (seen.size() < count && std::chrono::steady_clock::now() < deadline) {
      if (auto m = consumer.poll(100ms); m && m->key == device) {
        seen.insert(json::parse(m->value).as_object().at("seq").as_int64());
      }
    }
  };
  for (std::int64_t seq = 0; seq < 10; ++seq) {
    publish(energy_topic_, energy_payload(device, seq));
  }
  read_until(10, 20s);
  ASSERT_EQ(seen.size(), 10U) << bridge.log();

  kafka.signal(SIGSTOP);
  for (std::int64_t seq = 10; seq < 30; ++seq) {
    publish(energy_topic_, energy_payload(device, seq));
  }
  const auto readyz = bridge.get("/readyz");
  ASSERT_TRUE(readyz.has_value());
  EXPECT_EQ(readyz->first, 503);
  EXPECT_NE(readyz->second.find("kafka"), std::string::npos) << readyz->second;
  const auto failures = R"(bridge_kafka_delivery_failures_total{stream="energy"})";
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (bridge.metric(failures).value_or(0) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_GT(bridge.metric(failures).value_or(0), 0) << bridge.log();
  kafka.signal(SIGCONT);

  read_until(30, 60s);
  EXPECT_EQ(seen.size(), 30U) << bridge.log();
  EXPECT_NE(bridge.log().find("dropped by the application: Kafka delivery to "
                              "homelab-energy-realtime failed"),
            std::string::npos)
      << bridge.log();
  EXPECT_GE(
      bridge.metric(R"(bridge_mqtt_reconnects_total{cause="connection_lost",stream="energy"})")
          .value_or(0),
      1);
  EXPECT_TRUE(bridge.wait_ready(10s));
}

TEST_F(BridgeProcessTest, NotReadyAndStillRunningWhileTheBrokerRefuses) {
  BridgeProcess bridge(environment("not-the-password"), dir_ / "refused.log");
  ASSERT_NE(bridge.wait_port(), 0) << bridge.log();
  const auto healthz = bridge.get("/healthz");
  ASSERT_TRUE(healthz.has_value());
  EXPECT_EQ(healthz->first, 200);
  std::this_thread::sleep_for(1500ms);
  const auto readyz = bridge.get("/readyz");
  ASSERT_TRUE(readyz.has_value());
  EXPECT_EQ(readyz->first, 503);
  EXPECT_NE(readyz->second.find("mqtt"), std::string::npos) << readyz->second;
  EXPECT_EQ(readyz->second.find("kafka"), std::string::npos) << readyz->second;
  EXPECT_FALSE(bridge.wait_exit(100ms).has_value()) << "a refused login must not end the bridge";
  EXPECT_NE(bridge.log().find("broker refused the connection"), std::string::npos) << bridge.log();
  EXPECT_EQ(bridge.log().find("not-the-password"), std::string::npos) << "password in the log";
  bridge.signal(SIGTERM);
  EXPECT_EQ(bridge.wait_exit(5s), 0);
}

TEST(BridgeCommandLineTest, HelpVersionAndConfigurationErrors) {
  const auto help = testing_support::run_command({BRIDGE_BIN, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--config"), std::string::npos);
  const auto version = testing_support::run_command({BRIDGE_BIN, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.output.rfind("mqtt-kafka-bridge ", 0), 0U) << version.output;

  const auto unset =
      std::vector<std::string>{"MQTT_URI",           "MQTT_USERNAME",           "MQTT_PASSWORD",
                               "MQTT_PASSWORD_FILE", "KAFKA_BOOTSTRAP_SERVERS", "CONFIG_FILE"};
  const auto missing = testing_support::run_command({BRIDGE_BIN}, {"HTTP_PORT=70000"}, unset);
  EXPECT_EQ(missing.exit_code, 2);
  for (const auto* expected : {"5 problem(s)", "MQTT_URI", "MQTT_USERNAME", "MQTT_PASSWORD",
                               "KAFKA_BOOTSTRAP_SERVERS", "http.port"}) {
    EXPECT_NE(missing.output.find(expected), std::string::npos) << missing.output;
  }
}

}  // namespace
}  // namespace bridge::test
