#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace kafka_dev_broker {

// Logs a warning for every topic on the broker that the topic list does not declare. The mock
// creates any topic a client names (see MockCluster), while production refuses undeclared
// topics; the warning shows the difference before it shows up as a failure in production.
// Lists the topics once per interval through a client connection, which creates nothing.
class UndeclaredTopicWatch {
 public:
  UndeclaredTopicWatch(const std::string& bootstrap, std::set<std::string> declared,
                       std::chrono::milliseconds interval);
  UndeclaredTopicWatch(const UndeclaredTopicWatch&) = delete;
  UndeclaredTopicWatch& operator=(const UndeclaredTopicWatch&) = delete;
  UndeclaredTopicWatch(UndeclaredTopicWatch&&) = delete;
  UndeclaredTopicWatch& operator=(UndeclaredTopicWatch&&) = delete;
  ~UndeclaredTopicWatch() = default;

 private:
  struct HandleDeleter {
    void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
  };

  void run(const std::stop_token& stop);
  void check();

  std::set<std::string> declared_;
  std::set<std::string> reported_;
  std::chrono::milliseconds interval_;
  std::unique_ptr<rd_kafka_t, HandleDeleter> handle_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace kafka_dev_broker
