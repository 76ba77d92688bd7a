// Runs the built kafka-dev-broker the way deploy/local/stack.sh does and talks Kafka to it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/kafka/producer.hpp"

extern char** environ;

namespace kafka_dev_broker {
namespace {

using namespace std::chrono_literals;

class BrokerProcess {
 public:
  BrokerProcess(const std::string& topics, const std::filesystem::path& bootstrap_file,
                const std::filesystem::path& log_file)
      : bootstrap_file_(bootstrap_file), log_file_(log_file) {
    std::vector<std::string> args = {KAFKA_DEV_BROKER_BIN, "--topics", topics, "--bootstrap-file",
                                     bootstrap_file.string()};
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t output;
    posix_spawn_file_actions_init(&output);
    posix_spawn_file_actions_addopen(&output, STDOUT_FILENO, log_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&output, STDOUT_FILENO, STDERR_FILENO);
    if (posix_spawn(&pid_, KAFKA_DEV_BROKER_BIN, &output, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&output);
  }
  BrokerProcess(const BrokerProcess&) = delete;
  BrokerProcess& operator=(const BrokerProcess&) = delete;
  BrokerProcess(BrokerProcess&&) = delete;
  BrokerProcess& operator=(BrokerProcess&&) = delete;
  ~BrokerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // The address once the broker wrote its bootstrap file, or "" after the timeout.
  std::string wait_for_bootstrap(std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string address;
      std::ifstream(bootstrap_file_) >> address;
      if (!address.empty()) {
        return address;
      }
      std::this_thread::sleep_for(20ms);
    }
    return {};
  }

  // Exit status after the process ended by itself or after `signal`; nullopt on timeout.
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

  // Waits until the broker's log contains `text`.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(log_file_);
      const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (log.find(text) != std::string::npos) {
        return true;
      }
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  bool started() const { return pid_ > 0; }

 private:
  std::filesystem::path bootstrap_file_;
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
};

class BrokerProcessTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("kafka_dev_broker_test_" + std::to_string(::getpid()));
  std::filesystem::path bootstrap_file_ = dir_ / "kafka-bootstrap";
  std::filesystem::path log_file_ = dir_ / "kafka-dev-broker.log";
  std::string topics_ = K12N_SOURCE_DIR "/deploy/kafka-topics.yaml";
};

TEST_F(BrokerProcessTest, ServesTheDeclaredTopicsAndStopsOnSigterm) {
  BrokerProcess broker(topics_, bootstrap_file_, log_file_);
  ASSERT_TRUE(broker.started());
  const auto bootstrap = broker.wait_for_bootstrap(10s);
  ASSERT_TRUE(bootstrap.starts_with("127.0.0.1:")) << bootstrap;

  std::set<std::int32_t> partitions;
  {
    core::kafka::Producer producer(core::kafka::Settings{{"bootstrap.servers", bootstrap}});
    std::vector<std::future<core::kafka::Delivery>> deliveries;
    for (int device = 0; device < 30; ++device) {
      deliveries.push_back(
          producer.produce("homelab-energy-realtime", "device-" + std::to_string(device), "{}"));
    }
    for (auto& d : deliveries) {
      const auto delivery = d.get();
      ASSERT_TRUE(delivery.ok()) << delivery.error_message;
      partitions.insert(delivery.partition);
    }
  }
  // The topic list declares three partitions; thirty keys are spread over all of them.
  EXPECT_EQ(partitions, (std::set<std::int32_t>{0, 1, 2}));

  EXPECT_EQ(broker.wait_exit(10s, SIGTERM), 0);
  EXPECT_FALSE(std::filesystem::exists(bootstrap_file_));
}

// Documents the mock's auto-creation, which production does not have: librdkafka 2.0.2's mock
// answers Metadata only up to version 2, which cannot carry allow.auto.create.topics=false, so
// naming an undeclared topic creates it. The broker warns about every such topic.
TEST_F(BrokerProcessTest, WarnsAboutTopicsCreatedOnDemand) {
  BrokerProcess broker(topics_, bootstrap_file_, log_file_);
  const auto bootstrap = broker.wait_for_bootstrap(10s);
  ASSERT_FALSE(bootstrap.empty());
  {
    core::kafka::Producer producer(core::kafka::Settings{{"bootstrap.servers", bootstrap}});
    const auto delivery = producer.produce("undeclared-topic", "k", "v").get();
    EXPECT_TRUE(delivery.ok()) << delivery.error_message;
  }
  EXPECT_TRUE(
      broker.wait_for_log("topic undeclared-topic (4 partitions) is not in the topic list", 10s));
  EXPECT_FALSE(broker.wait_for_log("topic homelab-dlq", 0ms));
  EXPECT_EQ(broker.wait_exit(10s, SIGTERM), 0);
}

TEST_F(BrokerProcessTest, ExitsNonZeroOnAnInvalidTopicList) {
  const auto bad = dir_ / "topics.yaml";
  std::ofstream(bad) << "topics:\n  - name: x\n";
  BrokerProcess broker(bad.string(), bootstrap_file_, log_file_);
  EXPECT_EQ(broker.wait_exit(10s), 1);
  EXPECT_FALSE(std::filesystem::exists(bootstrap_file_));
}

}  // namespace
}  // namespace kafka_dev_broker
