#include "mock_cluster.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "librdkafka_log.hpp"

namespace kafka_dev_broker {

MockCluster::MockCluster(int brokers) : brokers_(brokers) {
  std::array<char, 512> error{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, forward_librdkafka_log);
  if (rd_kafka_conf_set(conf, "client.id", "kafka-dev-broker", error.data(), error.size()) !=
      RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("librdkafka configuration: ") + error.data());
  }
  // The mock needs a client handle for its bookkeeping only; this one never connects anywhere.
  handle_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf, error.data(), error.size()));
  if (!handle_) {
    rd_kafka_conf_destroy(conf);  // rd_kafka_new() takes the configuration only on success
    throw std::runtime_error(std::string("cannot create a librdkafka handle: ") + error.data());
  }
  cluster_.reset(rd_kafka_mock_cluster_new(handle_.get(), brokers));
  if (!cluster_) {
    throw std::runtime_error("cannot start the mock cluster (see the librdkafka log above)");
  }
}

void MockCluster::create_topic(const std::string& name, int partitions) {
  const auto err =
      rd_kafka_mock_topic_create(cluster_.get(), name.c_str(), partitions, std::min(brokers_, 3));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("cannot create topic " + name + ": " + rd_kafka_err2str(err));
  }
}

std::string MockCluster::bootstrap_servers() const {
  return rd_kafka_mock_cluster_bootstraps(cluster_.get());
}

}  // namespace kafka_dev_broker
