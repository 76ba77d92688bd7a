#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>

namespace kafka_dev_broker {

// librdkafka's mock cluster (librdkafka 2.0.2): brokers that speak the Kafka protocol on
// 127.0.0.1 and keep everything in memory. Where it differs from Redpanda is listed in
// README.md; the two that shape this class: each broker listens on a port the kernel picks
// (2.0.2 has no setting to choose one), and any client that names an unknown topic creates it,
// because the mock answers Metadata only up to version 2, which cannot carry
// allow.auto.create.topics=false.
class MockCluster {
 public:
  explicit MockCluster(int brokers);

  // Declares a topic with min(brokers, 3) replicas; throws std::runtime_error if it fails.
  void create_topic(const std::string& name, int partitions);
  // "127.0.0.1:port[,127.0.0.1:port...]", for bootstrap.servers.
  std::string bootstrap_servers() const;

 private:
  struct HandleDeleter {
    void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
  };
  struct ClusterDeleter {
    void operator()(rd_kafka_mock_cluster_t* cluster) const {
      rd_kafka_mock_cluster_destroy(cluster);
    }
  };

  int brokers_;
  // The cluster must go before the client handle it was created on (declared after it).
  std::unique_ptr<rd_kafka_t, HandleDeleter> handle_;
  std::unique_ptr<rd_kafka_mock_cluster_t, ClusterDeleter> cluster_;
};

}  // namespace kafka_dev_broker
