// Runs the built device-sim against the stack's Mosquitto with the devices user, and watches
// the device topics as admin. Device ids are unique per test; the write topic is the contract's
// fixed one, so these tests hold the CTest resource lock "thermiq_heatpump_write".
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/mqtt/client.hpp"
#include "testing/stack_env.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using testing_support::stack_env;

// The device-sim process, always killed when the test ends.
class SimProcess {
 public:
  SimProcess(const std::vector<std::string>& args, const std::vector<std::string>& env,
             const std::filesystem::path& log_file)
      : log_file_(log_file) {
    std::vector<std::string> argv_strings{DEVICE_SIM_BIN};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    // Only what the test sets: nothing from the test's own environment leaks into the config.
    std::vector<std::string> env_strings = env;
    env_strings.emplace_back("PATH=/usr/bin:/bin");
    std::vector<char*> envp;
    for (auto& e : env_strings) {
      envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    posix_spawn_file_actions_t output;
    posix_spawn_file_actions_init(&output);
    posix_spawn_file_actions_addopen(&output, STDOUT_FILENO, log_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&output, STDOUT_FILENO, STDERR_FILENO);
    if (posix_spawn(&pid_, DEVICE_SIM_BIN, &output, nullptr, argv.data(), envp.data()) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&output);
  }
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;
  SimProcess(SimProcess&&) = delete;
  SimProcess& operator=(SimProcess&&) = delete;
  ~SimProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // Exit status once the process ended (after `signal_number`, if given); nullopt on timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout, int signal_number = 0) {
    if (signal_number != 0) {
      kill(pid_, signal_number);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

  std::string output() const {
    std::ifstream in(log_file_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  bool started() const { return pid_ > 0; }

 private:
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
};

// Everything an admin subscriber receives, parsed.
class Watcher {
 public:
  explicit Watcher(const std::vector<std::string>& topics) {
    core::mqtt::Options options;
    options.uri = stack_env("K12N_MQTT_URI");
    options.client_id = "k12n-test-sim-watch-" + testing_support::unique_suffix();
    options.username = "admin";
    options.password = stack_env("K12N_MQTT_ADMIN_PASSWORD");
    options.clean_session = true;
    client_.emplace(options, [this](const core::mqtt::Message& m) {
      boost::system::error_code error;
      auto json = boost::json::parse(m.payload, error);
      const std::scoped_lock lock(mutex_);
      received_.push_back({m.topic, error ? boost::json::value() : std::move(json)});
      arrived_.notify_all();
    });
    client_->connect();
    client_->subscribe(topics);
  }

  struct Received {
    std::string topic;
    boost::json::value payload;  // null when not JSON
  };
  using Match = std::function<bool(const Received&)>;

  // Waits until `count` received messages match; returns all matching ones so far.
  std::vector<Received> wait_for(const Match& match, std::size_t count,
                                 std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    std::vector<Received> matching;
    arrived_.wait_for(lock, timeout, [&] {
      matching.clear();
      for (const auto& r : received_) {
        if (match(r)) {
          matching.push_back(r);
        }
      }
      return matching.size() >= count;
    });
    return matching;
  }

  void clear() {
    const std::scoped_lock lock(mutex_);
    received_.clear();
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Received> received_;
  std::optional<core::mqtt::Client> client_;  // last: stopped before the members it uses
};

// A string member of a received object, or "" (other publishers share the device topics).
std::string text_member(const Watcher::Received& r, const char* name) {
  const auto* object = r.payload.if_object();
  const auto* member = object != nullptr ? object->if_contains(name) : nullptr;
  return member != nullptr && member->is_string() ? std::string(member->get_string()) : "";
}

class DeviceSimTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The simulator's environment; `extra` entries replace defaults of the same name.
  std::vector<std::string> env(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> out{"MQTT_URI=" + stack_env("K12N_MQTT_URI"),
                                 "MQTT_PASSWORD=" + stack_env("K12N_MQTT_DEVICES_PASSWORD"),
                                 "MQTT_CLIENT_ID=device-sim-test-" + suffix_,
                                 "SAVEEYE_SERIAL=" + serial_,
                                 "SHELLY_ID=" + shelly_id_,
                                 "THERMIQ_CLIENT_NAME=" + thermiq_name_,
                                 "SHELLY_WAKE_INTERVAL=0.5",
                                 "THERMIQ_INTERVAL=1",
                                 "LOG_FORMAT=text"};
    for (const auto& entry : extra) {
      const auto name = entry.substr(0, entry.find('=') + 1);
      std::erase_if(out, [&](const std::string& e) { return e.starts_with(name); });
      out.push_back(entry);
    }
    return out;
  }

  Watcher::Match thermiq() const {
    return [name = thermiq_name_](const Watcher::Received& r) {
      return r.topic == "thermiq_heatpump/data" && text_member(r, "Client_Name") == name;
    };
  }

  // Publishes write commands as the outbox user, as the outbox processor does.
  class Outbox {
   public:
    Outbox() : client_(options(), [](const core::mqtt::Message&) {}) { client_.connect(); }
    // Returns once the broker acknowledged the command.
    void send(const std::string& payload) { client_.publish("thermiq_heatpump/write", payload); }

   private:
    static core::mqtt::Options options() {
      core::mqtt::Options o;
      o.uri = stack_env("K12N_MQTT_URI");
      o.client_id = "k12n-test-sim-outbox-" + testing_support::unique_suffix();
      o.username = "outbox";
      o.password = stack_env("K12N_MQTT_OUTBOX_PASSWORD");
      o.clean_session = true;
      return o;
    }

    core::mqtt::Client client_;
  };

  // Waits for the ThermIQ's first report: by then the simulator has subscribed.
  void wait_until_running(Watcher& watcher) {
    ASSERT_FALSE(watcher.wait_for(thermiq(), 1, 10s).empty());
  }

  std::string suffix_ = testing_support::unique_suffix();
  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("device_sim_test_" + suffix_);
  std::string serial_ = "SIMT" + std::to_string(getpid());
  std::string shelly_id_ = [] {
    char id[13];
    std::snprintf(id, sizeof id, "ee%010x", static_cast<unsigned>(getpid()));
    return std::string(id);
  }();
  std::string thermiq_name_ = "ThermIQ_test_" + suffix_;
};

TEST_F(DeviceSimTest, PublishesEveryDeviceOnItsTopic) {
  Watcher watcher({"saveeye/telemetry", "+/events/rpc", "thermiq_heatpump/data"});
  SimProcess sim({}, env(), dir_ / "sim.log");
  ASSERT_TRUE(sim.started());

  const auto saveeye = watcher.wait_for(
      [&](const Watcher::Received& r) {
        return r.topic == "saveeye/telemetry" &&
               text_member(r, "saveeyeDeviceSerialNumber") == serial_;
      },
      3, 10s);
  ASSERT_GE(saveeye.size(), 3U) << sim.output();
  std::set<std::string> timestamps;
  for (const auto& r : saveeye) {
    timestamps.insert(std::string(r.payload.at("timestamp").as_string()));
  }
  EXPECT_EQ(timestamps.size(), saveeye.size()) << "two readings share a timestamp";

  const auto shelly_topic = "shellyhtg3-" + shelly_id_ + "/events/rpc";
  const auto shelly =
      watcher.wait_for([&](const Watcher::Received& r) { return r.topic == shelly_topic; }, 1, 10s);
  ASSERT_EQ(shelly.size(), 1U) << sim.output();
  EXPECT_EQ(shelly[0].payload.at("method"), "NotifyFullStatus");

  const auto pump = watcher.wait_for(thermiq(), 2, 10s);
  ASSERT_GE(pump.size(), 2U) << sim.output();
  EXPECT_GT(pump[1].payload.at("timestamp").as_int64(), 0);

  EXPECT_EQ(sim.wait_exit(10s, SIGTERM), 0) << sim.output();
}

TEST_F(DeviceSimTest, WriteCommandShowsUpInTheNextTelemetry) {
  Watcher watcher({"thermiq_heatpump/data"});
  // Five seconds between periodic reports: a report within two seconds answers the command.
  SimProcess sim({}, env({"DEVICES=thermiq", "THERMIQ_INTERVAL=5"}), dir_ / "sim.log");
  wait_until_running(watcher);
  Outbox outbox;

  for (const int target : {25, 21}) {
    watcher.clear();
    outbox.send("{\"d50\":" + std::to_string(target) + "}");
    const auto sent = std::chrono::steady_clock::now();
    const auto next = watcher.wait_for(thermiq(), 1, 5s);
    ASSERT_FALSE(next.empty()) << sim.output();
    EXPECT_LT(std::chrono::steady_clock::now() - sent, 2s);
    EXPECT_EQ(next[0].payload.at("d50"), target) << sim.output();
    EXPECT_EQ(next[0].payload.at("reason"), 2);
  }

  // Invalid commands change nothing and the simulator keeps running.
  watcher.clear();
  outbox.send(R"({"d50":99})");
  outbox.send(R"({"d50":22.5})");
  outbox.send(R"({"d73":100})");
  outbox.send("not json");
  const auto after = watcher.wait_for(thermiq(), 2, 15s);
  ASSERT_GE(after.size(), 2U) << sim.output();
  for (const auto& r : after) {
    EXPECT_EQ(r.payload.at("d50"), 21);
    EXPECT_EQ(r.payload.at("d73"), 600);
  }
  EXPECT_NE(sim.output().find("ignoring invalid command"), std::string::npos);
  EXPECT_EQ(sim.wait_exit(10s, SIGTERM), 0) << sim.output();
}

TEST_F(DeviceSimTest, IgnoreCommandsLeavesTheSettings) {
  Watcher watcher({"thermiq_heatpump/data"});
  SimProcess sim({"--ignore-commands"}, env({"DEVICES=thermiq"}), dir_ / "sim.log");
  wait_until_running(watcher);
  Outbox().send(R"({"d50":25})");
  watcher.clear();
  const auto reports = watcher.wait_for(thermiq(), 3, 10s);
  ASSERT_GE(reports.size(), 3U) << sim.output();
  for (const auto& r : reports) {
    EXPECT_EQ(r.payload.at("d50"), 21);
  }
  EXPECT_EQ(sim.wait_exit(10s, SIGTERM), 0) << sim.output();
}

TEST_F(DeviceSimTest, LoadModePublishesExactlyCountDistinctReadings) {
  constexpr std::size_t kCount = 6000;
  const auto prefix = "L" + std::to_string(getpid()) + "_";
  Watcher watcher({"saveeye/telemetry"});
  SimProcess sim({"--rate", "3000", "--count", std::to_string(kCount)},
                 env({"LOAD_SERIAL_PREFIX=" + prefix}), dir_ / "load.log");
  ASSERT_EQ(sim.wait_exit(60s), 0) << sim.output();

  const auto mine = [&](const Watcher::Received& r) {
    return text_member(r, "saveeyeDeviceSerialNumber").starts_with(prefix);
  };
  watcher.wait_for(mine, kCount, 30s);
  std::this_thread::sleep_for(500ms);  // anything beyond the count would arrive by now
  const auto all = watcher.wait_for(mine, kCount + 1, 0ms);
  EXPECT_EQ(all.size(), kCount);
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& r : all) {
    keys.emplace(r.payload.at("saveeyeDeviceSerialNumber").as_string(),
                 r.payload.at("timestamp").as_string());
  }
  EXPECT_EQ(keys.size(), kCount) << "two readings share (serial, timestamp)";

  const auto output = sim.output();
  const auto line = output.find("{\"summary\":\"device-sim-load\"");
  ASSERT_NE(line, std::string::npos) << output;
  const auto summary = boost::json::parse(output.substr(line, output.find('\n', line) - line));
  EXPECT_EQ(summary.at("published"), kCount);
  EXPECT_EQ(summary.at("acknowledged"), kCount);
  EXPECT_GT(summary.at("rate").to_number<double>(), 0);
}

TEST_F(DeviceSimTest, ConfigurationProblemsAreReportedTogether) {
  SimProcess sim({}, {"SHELLY_ID=nope", "TIME_ZONE=Nowhere/City"}, dir_ / "sim.log");
  EXPECT_EQ(sim.wait_exit(10s), 2);
  const auto output = sim.output();
  for (const char* key : {"mqtt.password", "shelly.id", "time_zone"}) {
    EXPECT_NE(output.find(key), std::string::npos) << output;
  }
}

// A port nobody listens on right now (the kernel's choice for a socket bound to port 0).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string http_status(int port, const std::string& path) {
  const auto command =
      "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + std::to_string(port) + path;
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r"); pipe != nullptr) {
    char buffer[16];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
      out += buffer;
    }
    pclose(pipe);
  }
  return out;
}

TEST_F(DeviceSimTest, HttpPortServesReadiness) {
  const int port = free_port();
  SimProcess sim({}, env({"DEVICES=thermiq", "HTTP_PORT=" + std::to_string(port)}),
                 dir_ / "sim.log");
  std::string ready;
  for (int i = 0; i < 100 && ready != "200"; ++i) {
    std::this_thread::sleep_for(100ms);
    ready = http_status(port, "/readyz");
  }
  EXPECT_EQ(ready, "200") << sim.output();
  EXPECT_EQ(http_status(port, "/healthz"), "200");
  EXPECT_EQ(http_status(port, "/metrics"), "200");
  EXPECT_EQ(sim.wait_exit(10s, SIGTERM), 0) << sim.output();
}

TEST_F(DeviceSimTest, WrongPasswordExitsNonZero) {
  SimProcess sim({}, env({"MQTT_PASSWORD=wrong"}), dir_ / "sim.log");
  EXPECT_EQ(sim.wait_exit(15s), 1) << sim.output();
}

}  // namespace
