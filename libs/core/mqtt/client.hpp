#pragma once

#include <mqtt/async_client.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace core::mqtt {

// A failed MQTT operation. return_code() is Paho's code: for a refused connection the CONNACK
// return code (4 bad user name or password, 5 not authorized), negative for client-side
// failures (-3 disconnected), 0 for a timeout.
class Error : public std::runtime_error {
 public:
  Error(const std::string& message, int return_code)
      : std::runtime_error(message), return_code_(return_code) {}
  int return_code() const { return return_code_; }

 private:
  int return_code_;
};

struct Options {
  std::string uri;  // tcp://host:port
  std::string client_id;
  std::string username;
  std::string password;
  // A persistent session keeps the subscriptions and queues QoS 1 messages on the broker while
  // the client is away; it needs a stable client_id.
  bool clean_session = false;
  std::chrono::seconds keep_alive{30};
  std::chrono::seconds min_reconnect_delay{1};
  std::chrono::seconds max_reconnect_delay{30};
  std::chrono::milliseconds connect_timeout{10000};
};

struct Message {
  std::string topic;
  std::string payload;
  int qos = 0;
  bool retained = false;
  bool duplicate = false;  // the broker may have delivered it before
};

// An MQTT 3.1.1 client over Paho's async_client. After the first connect() it reconnects by
// itself with exponential backoff (min_reconnect_delay..max_reconnect_delay) and subscribes
// again to everything subscribe() was given.
//
// Messages reach the handler on Paho's receive thread, one at a time in arrival order. Paho
// (C library 1.3.12) sends the PUBACK of a QoS 1 message when the handler returns, so a
// handler that returns only after the message is safe elsewhere acknowledges it only then; a
// handler that throws is logged and still counts as returned. That thread serves every Paho
// client of the process: while one handler runs, no client receives anything.
class Client {
 public:
  using MessageHandler = std::function<void(const Message&)>;

  // The handler is installed before connecting, so messages that a persistent session queued
  // while the client was away are not lost.
  Client(Options options, MessageHandler on_message);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) = delete;
  Client& operator=(Client&&) = delete;
  // Disconnects cleanly if connected.
  ~Client();

  // Throws Error when the broker refuses (bad credentials) or cannot be reached in time.
  void connect();
  // Subscribes at QoS 1; throws Error when the broker rejects a filter or does not answer.
  void subscribe(const std::vector<std::string>& filters,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Publishes at QoS 1 without retain and returns once the broker's PUBACK arrived. Throws Error
  // when disconnected or when no PUBACK arrived in time; after a timeout the message may still
  // be delivered later, so callers retry idempotently.
  void publish(const std::string& topic, std::string_view payload,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void disconnect(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool connected() const { return client_.is_connected(); }
  const std::string& client_id() const { return options_.client_id; }

 private:
  void resubscribe();
  void forget(const std::string& filter);

  Options options_;
  MessageHandler on_message_;
  std::mutex filters_mutex_;
  std::vector<std::string> filters_;
  ::mqtt::async_client client_;  // last: stopped before the members its callbacks use
};

}  // namespace core::mqtt
