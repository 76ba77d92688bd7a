// kafka-dev-broker: a Kafka-protocol broker for development and tests, around librdkafka's mock
// cluster. Declares the topics of a topic list, publishes its address in a file, and serves
// until SIGTERM or SIGINT. Data lives in memory only.
#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>

#include "bootstrap_file.hpp"
#include "core/log/logging.hpp"
#include "mock_cluster.hpp"
#include "shutdown_signal.hpp"
#include "topic_list.hpp"
#include "undeclared_topic_watch.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "Kafka-protocol broker for development and tests (librdkafka mock cluster, "
      "data in memory only)",
      "kafka-dev-broker"};
  std::string topics_path;
  std::string bootstrap_path;
  int brokers = 1;
  std::string log_level = "info";
  app.add_option("--topics", topics_path, "YAML topic list to declare (deploy/kafka-topics.yaml)")
      ->required();
  app.add_option("--bootstrap-file", bootstrap_path,
                 "File that receives the bootstrap address once the broker is ready")
      ->required();
  app.add_option("--brokers", brokers, "Number of brokers in the cluster")
      ->check(CLI::Range(1, 9))
      ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str();
  app.set_version_flag("--version", std::string("kafka-dev-broker ") + K12N_VERSION +
                                        " (librdkafka " + rd_kafka_version_str() + ")");
  CLI11_PARSE(app, argc, argv);

  if (!core::log::init({"kafka-dev-broker", core::log::Format::automatic, log_level})) {
    spdlog::error("unknown --log-level '{}'", log_level);
    return 2;
  }
  kafka_dev_broker::block_shutdown_signals();
  try {
    const auto topics = kafka_dev_broker::load_topic_list(topics_path);
    {
      kafka_dev_broker::MockCluster cluster(brokers);
      std::set<std::string> declared;
      for (const auto& topic : topics) {
        cluster.create_topic(topic.name, topic.partitions);
        declared.insert(topic.name);
        spdlog::info("declared topic {} with {} partition(s)", topic.name, topic.partitions);
      }
      const auto bootstrap = cluster.bootstrap_servers();
      const kafka_dev_broker::UndeclaredTopicWatch watch(bootstrap, declared,
                                                         std::chrono::seconds(1));
      kafka_dev_broker::write_file_atomically(bootstrap_path, bootstrap + "\n");
      spdlog::info("serving on {} ({} broker(s)); address written to {}", bootstrap, brokers,
                   bootstrap_path);

      const int signal_number = kafka_dev_broker::wait_for_shutdown_signal();
      spdlog::info("received SIG{}, stopping", sigabbrev_np(signal_number));
      // The address dies with the process; a stale file would point clients at a closed port.
      std::error_code ignored;
      std::filesystem::remove(bootstrap_path, ignored);
    }
    spdlog::info("stopped");
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}
