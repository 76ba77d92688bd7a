#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace core::mqtt {

struct SubscriberOptions {
  std::string uri;  // tcp://host:port
  // Stable, because the session the broker keeps is found by it.
  std::string client_id;
  std::string username;
  std::string password;
  std::vector<std::string> filters;  // subscribed at QoS 1 on every connection
  std::chrono::seconds keep_alive{30};
  std::chrono::milliseconds min_reconnect_delay{1000};
  std::chrono::milliseconds max_reconnect_delay{30000};
  // From the TCP connect to an accepted SUBACK.
  std::chrono::milliseconds connect_timeout{10000};
  // Messages delivered and not yet acknowledged; at the limit the client stops reading.
  std::size_t max_in_flight = 1000;
  // A larger payload is skipped as it streams in, never held in memory: its message arrives
  // with an empty payload and its real size (InboundMessage::truncated()).
  std::size_t max_payload_bytes = std::size_t{1024} * 1024;
};

// Names a delivered message for ack() and drop_connection().
struct DeliveryTag {
  std::uint64_t connection = 0;  // which connection delivered it; 1, 2, ... per subscriber
  std::uint64_t sequence = 0;    // its place on that connection
};

struct InboundMessage {
  DeliveryTag tag;
  std::string topic;
  std::string payload;
  std::size_t payload_size = 0;  // on the wire; larger than payload.size() when truncated
  std::uint8_t qos = 0;
  bool duplicate = false;  // the broker may have delivered it before
  bool retained = false;

  bool truncated() const { return payload.size() != payload_size; }
};

struct ConnectionEvent {
  enum class Kind {
    connected,             // CONNACK and SUBACK accepted; messages flow
    connection_lost,       // a working connection ended (broker, network, dead peer, drop)
    connect_failed,        // no connection: TCP, timeout or a malformed answer
    refused,               // CONNACK refused the connection (return_code)
    subscription_refused,  // SUBACK refused a filter (0x80)
  };
  Kind kind = Kind::connected;
  std::string detail;                     // for the operator; never contains the password
  std::uint8_t return_code = 0;           // the CONNACK return code of `refused`
  bool session_present = false;           // for `connected`: the broker kept the session
  std::chrono::milliseconds retry_in{0};  // for the failures: when the next attempt starts
};

// A hand-written MQTT 3.1.1 subscriber on Boost.Asio that acknowledges a QoS 1 message only when
// the application says so. Paho and libmosquitto send the PUBACK themselves (when the callback
// returns, or before it runs), which cannot hold an acknowledgement until Kafka has the record.
//
// Behaviour: CONNECT with clean_session=0, SUBSCRIBE to every filter at QoS 1 (a refused filter
// ends the connection), deliver each PUBLISH to the handler, send its PUBACK once ack() was
// called for it and for every message received before it on the same connection. PINGREQ keeps
// the connection alive; a broker silent for keep_alive counts as dead. Every connection that
// ends, for whatever reason, is retried with exponential backoff (min..max reconnect delay; the
// delay starts over after a connection that released an acknowledgement). Messages that were
// not acknowledged are delivered again by the broker on the next connection. A packet that
// breaks the protocol closes the connection with a log line.
//
// Everything runs on a strand of the given executor; handlers run there too and must not block.
class AckingSubscriber {
 public:
  using MessageHandler = std::function<void(InboundMessage)>;
  using EventHandler = std::function<void(const ConnectionEvent&)>;

  // Throws std::invalid_argument for an unusable URI or an empty filter list.
  AckingSubscriber(boost::asio::any_io_executor executor, SubscriberOptions options,
                   MessageHandler on_message, EventHandler on_event = {});
  AckingSubscriber(const AckingSubscriber&) = delete;
  AckingSubscriber& operator=(const AckingSubscriber&) = delete;
  AckingSubscriber(AckingSubscriber&&) = delete;
  AckingSubscriber& operator=(AckingSubscriber&&) = delete;
  // No handler runs once the destructor returned. The connection is closed without
  // acknowledging anything (not from a handler of this subscriber: that would deadlock).
  ~AckingSubscriber();

  // Connects and keeps connecting until stop(). Call once.
  void start();

  // From any thread: the message is done. Its PUBACK goes out once every earlier message of its
  // connection is done too. A tag of an earlier connection is ignored: that connection is gone
  // and the broker delivers the message again.
  void ack(DeliveryTag tag);
  // From any thread: the message cannot be taken now (Kafka failed). Closes the tag's connection
  // without acknowledging it or anything after it, so the broker delivers them again after the
  // reconnect. Ignored when that connection is already gone.
  void drop_connection(DeliveryTag tag, std::string reason);

  // Graceful stop: reads no further messages, waits until the delivered ones are acknowledged
  // (or the deadline passes), sends their PUBACKs and DISCONNECT. Completes once the subscriber
  // is idle; it does not reconnect afterwards.
  boost::asio::awaitable<void> stop(std::chrono::steady_clock::time_point deadline);

  bool connected() const;
  std::size_t in_flight() const;
  const std::string& client_id() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace core::mqtt
