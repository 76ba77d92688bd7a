#include "core/mqtt/acking_subscriber.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <mutex>
#include <stdexcept>

#include "core/mqtt/ack_window.hpp"
#include "core/mqtt/broker_address.hpp"
#include "core/mqtt/input_buffer.hpp"
#include "core/mqtt/packet.hpp"

namespace core::mqtt {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Strand = asio::strand<asio::any_io_executor>;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint16_t kSubscribePacketId = 1;
constexpr std::uint8_t kSubscriptionQos = 1;
// A PUBLISH header holds at most a 65535-byte topic; other broker packets are a few bytes. A
// bigger control packet is not from a sane broker.
constexpr std::size_t kMaxPublishHeader = 2 + 65535 + 2;
constexpr std::size_t kMaxControlPacket = 64 * 1024;

std::string seconds_text(std::chrono::milliseconds duration) {
  return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

using Kind = ConnectionEvent::Kind;

// One TCP connection to the broker and everything that lives only as long as it does.
struct Session {
  Session(const Strand& strand, std::uint64_t number)
      : socket(strand), deadline(strand), keepalive(strand), wakeup(strand), generation(number) {}

  enum class Phase { connecting, awaiting_connack, awaiting_suback, subscribed };

  tcp::socket socket;
  asio::steady_timer deadline;   // connect_timeout, until the SUBACK
  asio::steady_timer keepalive;  // PINGREQ and dead-peer check
  // Cancelled whenever acknowledgements move or the session closes: a paused reader and a
  // draining stop() wait on it.
  asio::steady_timer wakeup;
  std::uint64_t generation;
  Phase phase = Phase::connecting;
  AckWindow window;
  InputBuffer input;
  std::size_t need = 0;     // bytes still missing for the packet at the front of the input
  std::size_t discard = 0;  // payload bytes of an oversized PUBLISH still to skip
  std::string outbox;       // packets waiting for the writer, coalesced
  std::string sending;      // what the writer is writing now
  std::vector<std::uint16_t> due;
  Clock::time_point last_read = Clock::now();
  Clock::time_point last_write = Clock::now();
  bool writing = false;
  bool paused = false;    // at max_in_flight, not reading
  bool draining = false;  // stop(): deliver nothing more
  bool closed = false;
  bool progressed = false;  // released at least one message: the backoff starts over
  bool session_present = false;
  Kind outcome = Kind::connect_failed;
  std::uint8_t return_code = 0;
  std::string close_reason;
};

}  // namespace

class AckingSubscriber::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::any_io_executor executor, SubscriberOptions options, MessageHandler on_message,
       EventHandler on_event)
      : options_(std::move(options)),
        address_(parse_broker_uri(options_.uri)),
        strand_(asio::make_strand(std::move(executor))),
        backoff_(strand_),
        stopped_(strand_),
        on_message_(std::move(on_message)),
        on_event_(std::move(on_event)) {
    if (options_.filters.empty()) {
      throw std::invalid_argument("MQTT subscriber " + options_.client_id +
                                  ": no topic filter to subscribe to");
    }
    subscribe_packet_ = packet::subscribe(kSubscribePacketId, options_.filters, kSubscriptionQos);
  }

  void start() {
    running_ = true;
    asio::co_spawn(strand_, run(shared_from_this()), asio::detached);
  }

  void finish(DeliveryTag tag) {
    const auto& s = current_;
    if (!s || s->generation != tag.connection || s->closed) {
      return;
    }
    const auto before = s->window.size();
    s->due.clear();
    if (!s->window.finish(tag.sequence, s->due) || s->window.size() == before) {
      return;
    }
    s->progressed = true;
    in_flight_ = s->window.size();
    if (s->paused || s->draining) {
      s->wakeup.cancel();
    }
    for (const auto packet_id : s->due) {
      packet::append_puback(s->outbox, packet_id);
    }
    if (!s->due.empty()) {
      kick_writer(s);
    }
  }

  void drop(DeliveryTag tag, const std::string& reason) {
    const auto& s = current_;
    if (s && s->generation == tag.connection && !s->closed) {
      close(*s, "dropped by the application: " + reason);
    }
  }

  // Without waiting for anything: the destructor's way out.
  void abandon() {
    stopping_ = true;
    backoff_.cancel();
    if (current_) {
      close(*current_, "client destroyed");
    }
  }

  // The coroutines take `self` so that the Impl outlives them, whatever happens to its owner.
  asio::awaitable<void> drain(std::shared_ptr<Impl> self, Clock::time_point deadline) {
    stopping_ = true;
    backoff_.cancel();
    if (const auto s = current_; s && !s->closed) {
      if (s->phase != Session::Phase::subscribed) {
        close(*s, "stopping");
      } else {
        co_await drain_session(s, deadline);
      }
    }
    while (running_) {
      stopped_.expires_at(Clock::time_point::max());
      co_await stopped_.async_wait(use_tuple);
    }
    (void)self;
  }

  void clear_handlers() {
    const std::scoped_lock lock(handlers_mutex_);
    on_message_ = nullptr;
    on_event_ = nullptr;
  }

  const SubscriberOptions& options() const { return options_; }
  const Strand& strand() const { return strand_; }
  bool connected() const { return connected_; }
  std::size_t in_flight() const { return in_flight_; }

 private:
  asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    auto delay = options_.min_reconnect_delay;
    std::uint64_t generation = 0;
    while (!stopping_) {
      auto s = std::make_shared<Session>(strand_, ++generation);
      current_ = s;
      co_await run_session(s);
      current_.reset();
      connected_ = false;
      in_flight_ = 0;
      if (stopping_) {
        spdlog::info("mqtt {}: disconnected ({})", options_.client_id, s->close_reason);
        break;
      }
      if (s->progressed) {
        delay = options_.min_reconnect_delay;
      }
      report_end(*s, delay);
      backoff_.expires_after(delay);
      co_await backoff_.async_wait(use_tuple);
      delay = std::min(delay * 2, options_.max_reconnect_delay);
    }
    running_ = false;
    stopped_.cancel();
    (void)self;
  }

  asio::awaitable<void> run_session(std::shared_ptr<Session> s) {
    s->deadline.expires_after(options_.connect_timeout);
    s->deadline.async_wait([self = shared_from_this(), s](const boost::system::error_code& ec) {
      if (!ec && !s->closed && s->phase != Session::Phase::subscribed) {
        self->close(*s, "no " + std::string(waiting_for(s->phase)) + " within " +
                            seconds_text(self->options_.connect_timeout));
      }
    });
    tcp::resolver resolver(strand_);
    const auto [resolve_error, endpoints] =
        co_await resolver.async_resolve(address_.host, address_.port, use_tuple);
    if (resolve_error || s->closed) {
      close(*s, "cannot resolve " + address_.host + ": " + resolve_error.message());
      co_return;
    }
    const auto [connect_error, endpoint] =
        co_await asio::async_connect(s->socket, endpoints, use_tuple);
    if (s->closed) {
      co_return;
    }
    if (connect_error) {
      close(*s, connect_error.message());
      co_return;
    }
    (void)endpoint;
    boost::system::error_code ignored;
    s->socket.set_option(tcp::no_delay(true), ignored);
    s->phase = Session::Phase::awaiting_connack;
    const auto keep_alive_seconds =
        static_cast<std::uint16_t>(std::min<std::int64_t>(options_.keep_alive.count(), 0xFFFF));
    send(s, packet::connect({options_.client_id, options_.username, options_.password,
                             keep_alive_seconds, false}));
    if (options_.keep_alive.count() > 0) {
      asio::co_spawn(strand_, keep_alive(s), asio::detached);
    }
    co_await read_loop(s);
  }

  static std::string_view waiting_for(Session::Phase phase) {
    switch (phase) {
      case Session::Phase::connecting:
        return "TCP connection";
      case Session::Phase::awaiting_connack:
        return "CONNACK";
      default:
        return "SUBACK";
    }
  }

  asio::awaitable<void> read_loop(std::shared_ptr<Session> s) {
    while (!s->closed) {
      try {
        process_input(s);
      } catch (const packet::MalformedPacket& e) {
        spdlog::error("mqtt {}: protocol error from the broker, closing the connection: {}",
                      options_.client_id, e.what());
        close(*s, std::string("protocol error: ") + e.what());
      }
      if (s->closed) {
        break;
      }
      if (s->window.size() >= options_.max_in_flight && !s->draining) {
        s->paused = true;
        s->wakeup.expires_at(Clock::time_point::max());
        co_await s->wakeup.async_wait(use_tuple);
        s->paused = false;
        s->last_read = Clock::now();  // the broker was not heard while nobody listened
        continue;
      }
      const auto buffer = s->input.prepare(std::max(InputBuffer::kChunk, s->need));
      const auto [ec, count] = co_await s->socket.async_read_some(buffer, use_tuple);
      if (ec) {
        close(*s, ec == asio::error::eof ? "the broker closed the connection" : ec.message());
        break;
      }
      s->input.commit(count);
      s->last_read = Clock::now();
    }
  }

  // Handles every complete packet in the input. Stops early at max_in_flight, leaving the next
  // PUBLISH unread until acknowledgements make room.
  void process_input(const std::shared_ptr<Session>& s) {
    while (!s->closed) {
      auto data = s->input.data();
      if (s->discard > 0) {
        const auto skipped = std::min(s->discard, data.size());
        s->input.consume(skipped);
        s->discard -= skipped;
        s->need = std::min(s->discard, InputBuffer::kChunk);
        if (s->discard > 0) {
          return;
        }
        continue;
      }
      const auto header = packet::read_fixed_header(data);
      if (!header) {
        s->need = 0;
        return;
      }
      const auto body = data.substr(header->size);
      const std::size_t total = header->size + header->remaining_length;
      if (header->type == packet::Type::publish) {
        if (s->window.size() >= options_.max_in_flight && !s->draining) {
          return;
        }
        const auto publish = packet::parse_publish_header(*header, body);
        if (!publish) {
          s->need = header->size +
                    std::min<std::size_t>(header->remaining_length, kMaxPublishHeader) -
                    data.size();
          return;
        }
        if (publish->payload_size > options_.max_payload_bytes) {
          deliver(s, *publish, {});
          s->input.consume(header->size + publish->size);
          s->discard = publish->payload_size;
          continue;
        }
        if (data.size() < total) {
          s->need = total - data.size();
          return;
        }
        deliver(s, *publish, body.substr(publish->size, publish->payload_size));
      } else {
        if (header->remaining_length > kMaxControlPacket) {
          throw packet::MalformedPacket(std::string(packet::type_name(header->type)) + " of " +
                                        std::to_string(header->remaining_length) + " bytes");
        }
        if (data.size() < total) {
          s->need = total - data.size();
          return;
        }
        handle_control(s, *header, body.substr(0, header->remaining_length));
      }
      s->input.consume(total);
    }
  }

  void deliver(const std::shared_ptr<Session>& s, const packet::PublishHeader& publish,
               std::string_view payload) {
    if (s->phase == Session::Phase::awaiting_connack) {
      throw packet::MalformedPacket("PUBLISH before CONNACK");
    }
    if (publish.qos > kSubscriptionQos) {
      throw packet::MalformedPacket("PUBLISH with QoS 2 on a QoS 1 subscription");
    }
    if (s->draining) {
      return;  // never acknowledged, so the broker delivers it again on the next connection
    }
    InboundMessage message;
    message.tag = {s->generation, s->window.add(publish.packet_id)};
    message.topic = publish.topic;
    message.payload = payload;
    message.payload_size = publish.payload_size;
    message.qos = publish.qos;
    message.duplicate = publish.duplicate;
    message.retained = publish.retain;
    in_flight_ = s->window.size();
    const std::scoped_lock lock(handlers_mutex_);
    if (!on_message_) {
      return;
    }
    try {
      on_message_(std::move(message));
    } catch (const std::exception& e) {
      // The message can be acknowledged by nobody now; the broker must deliver it again.
      close(*s, std::string("message handler failed: ") + e.what());
    }
  }

  void handle_control(const std::shared_ptr<Session>& s, const packet::FixedHeader& header,
                      std::string_view body) {
    switch (header.type) {
      case packet::Type::connack:
        if (s->phase == Session::Phase::awaiting_connack) {
          on_connack(s, packet::parse_connack(header, body));
          return;
        }
        break;
      case packet::Type::suback:
        if (s->phase == Session::Phase::awaiting_suback) {
          on_suback(s, packet::parse_suback(header, body));
          return;
        }
        break;
      case packet::Type::pingresp:
        packet::check_pingresp(header);
        return;
      default:
        break;
    }
    throw packet::MalformedPacket("unexpected " + std::string(packet::type_name(header.type)));
  }

  void on_connack(const std::shared_ptr<Session>& s, const packet::Connack& connack) {
    if (connack.return_code != packet::kConnectionAccepted) {
      s->outcome = Kind::refused;
      s->return_code = connack.return_code;
      close(*s, "broker refused the connection: " +
                    std::string(packet::connack_reason(connack.return_code)) + " (CONNACK " +
                    std::to_string(connack.return_code) + ")");
      return;
    }
    s->session_present = connack.session_present;
    s->phase = Session::Phase::awaiting_suback;
    // Also when the broker kept the session: if it lost it, this restores the subscriptions.
    send(s, subscribe_packet_);
  }

  void on_suback(const std::shared_ptr<Session>& s, const packet::Suback& suback) {
    if (suback.packet_id != kSubscribePacketId) {
      throw packet::MalformedPacket("SUBACK for unknown packet " +
                                    std::to_string(suback.packet_id));
    }
    if (suback.return_codes.size() != options_.filters.size()) {
      throw packet::MalformedPacket("SUBACK with " + std::to_string(suback.return_codes.size()) +
                                    " return codes for " + std::to_string(options_.filters.size()) +
                                    " filters");
    }
    std::string refused;
    for (std::size_t i = 0; i < options_.filters.size(); ++i) {
      if (suback.return_codes[i] == packet::kSubscriptionRefused) {
        refused += (refused.empty() ? "" : ", ") + options_.filters[i];
      }
    }
    if (!refused.empty()) {
      s->outcome = Kind::subscription_refused;
      close(*s, "broker refused the subscription to " + refused);
      return;
    }
    s->phase = Session::Phase::subscribed;
    s->outcome = Kind::connection_lost;
    s->deadline.cancel();
    connected_ = true;
    spdlog::info("mqtt {}: connected to {} as {}, subscribed to {} filter(s){}", options_.client_id,
                 options_.uri, options_.username.empty() ? "anonymous" : options_.username,
                 options_.filters.size(), s->session_present ? " (session resumed)" : "");
    ConnectionEvent event;
    event.kind = Kind::connected;
    event.session_present = s->session_present;
    emit(event);
  }

  // Every keep_alive/2: a PINGREQ unless packets went both ways since the last tick, and the
  // broker counts as dead when it did not answer the previous PINGREQ by the next tick. While
  // reading is paused the broker cannot be heard, so it is not judged then.
  asio::awaitable<void> keep_alive(std::shared_ptr<Session> s) {
    const auto interval =
        std::max<Clock::duration>(options_.keep_alive / 2, std::chrono::seconds(1));
    auto previous = Clock::now();
    bool ping_outstanding = false;
    while (!s->closed) {
      s->keepalive.expires_after(interval);
      const auto [ec] = co_await s->keepalive.async_wait(use_tuple);
      if (ec || s->closed) {
        break;
      }
      const bool heard = s->last_read > previous;
      const bool spoke = s->last_write > previous;
      previous = Clock::now();
      if (s->paused) {
        ping_outstanding = false;
        if (!spoke) {
          send(s, packet::kPingreq);
        }
        continue;
      }
      if (ping_outstanding && !heard) {
        close(*s, "no answer from the broker for " + seconds_text(options_.keep_alive));
        break;
      }
      ping_outstanding = !heard || !spoke;
      if (ping_outstanding) {
        send(s, packet::kPingreq);
      }
    }
  }

  asio::awaitable<void> drain_session(std::shared_ptr<Session> s, Clock::time_point deadline) {
    s->draining = true;
    while (!s->closed && !s->window.empty() && Clock::now() < deadline) {
      s->wakeup.expires_at(deadline);
      co_await s->wakeup.async_wait(use_tuple);
    }
    if (s->closed) {
      co_return;
    }
    if (!s->window.empty()) {
      spdlog::warn(
          "mqtt {}: stopping with {} unacknowledged message(s); the broker delivers them again",
          options_.client_id, s->window.size());
    }
    send(s, packet::kDisconnect);
    while (!s->closed && s->writing && Clock::now() < deadline) {
      s->wakeup.expires_at(deadline);
      co_await s->wakeup.async_wait(use_tuple);
    }
    close(*s, "stopped");
  }

  void send(const std::shared_ptr<Session>& s, std::string_view bytes) {
    if (s->closed) {
      return;
    }
    s->outbox.append(bytes);
    kick_writer(s);
  }

  void kick_writer(const std::shared_ptr<Session>& s) {
    if (!s->writing && !s->closed) {
      s->writing = true;
      asio::co_spawn(strand_, write_loop(s), asio::detached);
    }
  }

  // One write at a time; whatever queued up meanwhile goes out together in the next one.
  asio::awaitable<void> write_loop(std::shared_ptr<Session> s) {
    while (!s->outbox.empty() && !s->closed) {
      s->sending.clear();
      std::swap(s->sending, s->outbox);
      const auto [ec, count] =
          co_await asio::async_write(s->socket, asio::buffer(s->sending), use_tuple);
      (void)count;
      if (ec) {
        close(*s, "write failed: " + ec.message());
        break;
      }
      s->last_write = Clock::now();
    }
    s->writing = false;
    if (s->draining) {
      s->wakeup.cancel();
    }
  }

  void close(Session& s, std::string reason) {
    if (s.closed) {
      return;
    }
    s.closed = true;
    s.close_reason = std::move(reason);
    boost::system::error_code ignored;
    s.socket.close(ignored);
    s.deadline.cancel();
    s.keepalive.cancel();
    s.wakeup.cancel();
    connected_ = false;
  }

  void report_end(const Session& s, std::chrono::milliseconds retry_in) {
    ConnectionEvent event;
    event.kind = s.outcome;
    event.detail = s.close_reason;
    event.return_code = s.return_code;
    event.retry_in = retry_in;
    const auto retry = seconds_text(retry_in);
    switch (s.outcome) {
      case Kind::connection_lost:
        spdlog::warn("mqtt {}: connection lost: {}; reconnecting in {}", options_.client_id,
                     s.close_reason, retry);
        break;
      case Kind::refused:
      case Kind::subscription_refused:
        spdlog::error("mqtt {}: {} (user {}); retrying in {}", options_.client_id, s.close_reason,
                      options_.username.empty() ? "anonymous" : options_.username, retry);
        break;
      default:
        spdlog::warn("mqtt {}: cannot connect to {}: {}; retrying in {}", options_.client_id,
                     options_.uri, s.close_reason, retry);
        break;
    }
    emit(event);
  }

  void emit(const ConnectionEvent& event) {
    const std::scoped_lock lock(handlers_mutex_);
    if (on_event_) {
      on_event_(event);
    }
  }

  const SubscriberOptions options_;
  const BrokerAddress address_;
  Strand strand_;
  asio::steady_timer backoff_;
  asio::steady_timer stopped_;  // cancelled when run() ends
  std::string subscribe_packet_;
  std::shared_ptr<Session> current_;
  bool stopping_ = false;
  std::atomic<bool> running_{false};
  std::atomic<bool> connected_{false};
  std::atomic<std::size_t> in_flight_{0};
  // Held while a handler runs, so the destructor can wait for it and then disarm the handlers.
  std::mutex handlers_mutex_;
  MessageHandler on_message_;
  EventHandler on_event_;
};

AckingSubscriber::AckingSubscriber(boost::asio::any_io_executor executor, SubscriberOptions options,
                                   MessageHandler on_message, EventHandler on_event)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), std::move(on_message),
                                   std::move(on_event))) {}

AckingSubscriber::~AckingSubscriber() {
  impl_->clear_handlers();
  asio::post(impl_->strand(), [impl = impl_] { impl->abandon(); });
}

void AckingSubscriber::start() {
  impl_->start();
}

void AckingSubscriber::ack(DeliveryTag tag) {
  asio::post(impl_->strand(), [impl = impl_, tag] { impl->finish(tag); });
}

void AckingSubscriber::drop_connection(DeliveryTag tag, std::string reason) {
  asio::post(impl_->strand(),
             [impl = impl_, tag, reason = std::move(reason)] { impl->drop(tag, reason); });
}

boost::asio::awaitable<void> AckingSubscriber::stop(
    std::chrono::steady_clock::time_point deadline) {
  co_await asio::co_spawn(impl_->strand(), impl_->drain(impl_, deadline), asio::use_awaitable);
}

bool AckingSubscriber::connected() const {
  return impl_->connected();
}

std::size_t AckingSubscriber::in_flight() const {
  return impl_->in_flight();
}

const std::string& AckingSubscriber::client_id() const {
  return impl_->options().client_id;
}

}  // namespace core::mqtt
