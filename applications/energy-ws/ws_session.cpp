#include "ws_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket/error.hpp>
#include <utility>

#include "client_frame.hpp"
#include "server_frame.hpp"

namespace energy_ws {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// Client frames are a few dozen bytes; anything this large is not one of them.
constexpr std::uint64_t kMaxClientFrame = std::uint64_t{16} * 1024;
// Control frames are never dropped, so a client that sends pings but does not read could queue
// them without end; past this many it is treated as a slow consumer.
constexpr std::size_t kMaxControlFrames = 256;

constexpr std::uint16_t kTokenExpired = 4001;
constexpr std::uint16_t kSlowConsumer = 4002;

template <typename Duration>
std::chrono::steady_clock::duration steady(Duration d) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(d);
}

}  // namespace

WsSession::WsSession(asio::ip::tcp::socket socket, core::http::Identity identity, Hub& hub,
                     const core::auth::Authenticator& authenticator, const SessionOptions& options,
                     WsMetrics& metrics)
    : ws_(std::move(socket)),
      identity_(std::move(identity)),
      hub_(hub),
      authenticator_(authenticator),
      options_(options),
      metrics_(metrics),
      queue_(options.send_queue_frames),
      watchdog_(ws_.get_executor()) {
  identity_.token.reset();
  identity_.email.reset();
  // Contract section 5: a client that never subscribes receives the energy stream, when its
  // token allows it to.
  if (!options_.enforce_scopes || identity_.has_scope(stream_scope(Stream::energy))) {
    streams_.add(Stream::energy);
  }
}

asio::awaitable<void> WsSession::run(core::http::Message upgrade) {
  // The handshake timeout also bounds the closing handshake; idle connections are the
  // watchdog's business, so Beast's own idle timeout stays off.
  ws_.set_option(websocket::stream_base::timeout{options_.close_timeout,
                                                 websocket::stream_base::none(), false});
  ws_.read_message_max(kMaxClientFrame);
  ws_.auto_fragment(false);
  ws_.control_callback(
      [this](websocket::frame_type, std::string_view) { last_heard_ = SteadyClock::now(); });
  const auto [accept_error] = co_await ws_.async_accept(upgrade, kUseTuple);
  upgrade = {};
  if (accept_error) {
    spdlog::debug("ws: handshake failed: {}", accept_error.message());
    hub_.release();
    co_return;
  }
  ws_.text(true);
  const auto now = SteadyClock::now();
  last_heard_ = now;
  last_progress_ = now;
  next_ping_ = now + options_.ping_interval;
  hub_.attach(*this);
  spdlog::debug("ws: {} connected", identity_.subject);

  asio::co_spawn(
      ws_.get_executor(), [self = shared_from_this()] { return self->watch_loop(); },
      asio::detached);
  const auto read_error = co_await read_loop();
  finish(read_error);
}

asio::awaitable<beast::error_code> WsSession::read_loop() {
  for (;;) {
    const auto [ec, size] = co_await ws_.async_read(read_buffer_, kUseTuple);
    if (ec) {
      co_return ec;
    }
    last_heard_ = SteadyClock::now();
    if (ws_.got_text() && !closing_) {
      const auto data = read_buffer_.cdata();
      handle(std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    read_buffer_.consume(size);
  }
}

void WsSession::finish(beast::error_code read_error) {
  done_ = true;
  CloseReason reason = CloseReason::connection_lost;
  if (closing_) {
    reason = closing_->reason;
  } else if (read_error == websocket::error::closed) {
    reason = CloseReason::client;
  }
  metrics_.closed(reason);
  spdlog::debug("ws: {} disconnected ({})", identity_.subject, read_error.message());
  hub_.detach(*this);
  hub_.release();
  // Ends a write in flight and the watchdog; the close handshake, if any, is over (the read saw
  // it).
  beast::error_code ignored;
  ws_.next_layer().close(ignored);
  watchdog_.cancel();
}

void WsSession::write_next() {
  if (writing_ || done_) {
    return;
  }
  auto frame = queue_.pop();
  if (!frame) {
    if (closing_ && !close_sent_) {
      close_sent_ = true;
      websocket::close_reason reason;
      reason.code = closing_->code;
      reason.reason.assign(closing_->text.data(), closing_->text.size());
      // The reader sees the client's close frame and ends the session; the watchdog closes the
      // socket if that does not happen by the deadline.
      ws_.async_close(reason, [self = shared_from_this()](beast::error_code) {});
    }
    return;
  }
  writing_ = true;
  last_progress_ = SteadyClock::now();
  in_flight_ = std::move(frame);
  ws_.async_write(
      asio::buffer(in_flight_->text),
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_written(ec); });
}

void WsSession::on_written(beast::error_code ec) {
  writing_ = false;
  last_progress_ = SteadyClock::now();
  const auto frame = std::move(in_flight_);
  if (ec) {
    // The reader fails too once the socket is closed, and ends the session.
    beast::error_code ignored;
    ws_.next_layer().close(ignored);
    return;
  }
  if (frame->data) {
    metrics_.sent(frame->stream);
  }
  write_next();
}

WsSession::SteadyClock::time_point WsSession::next_check(SteadyClock::time_point now) const {
  if (closing_) {
    return closing_->deadline;
  }
  // A write that starts while the watchdog sleeps is looked at within a quarter of the stuck
  // timeout, so a stuck client is found after at most 1.25 times the timeout.
  auto next = std::min({next_ping_, last_heard_ + options_.pong_timeout,
                        (writing_ ? last_progress_ : now) +
                            std::max(options_.stuck_timeout / 4, std::chrono::milliseconds(1))});
  if (identity_.expires_at) {
    next = std::min(next, now + steady(*identity_.expires_at - Clock::now()));
  }
  return next;
}

asio::awaitable<void> WsSession::watch_loop() {
  while (!done_) {
    const auto now = SteadyClock::now();
    if (closing_) {
      if (now >= closing_->deadline) {
        // The close handshake, or the frames before it, did not get through.
        beast::error_code ignored;
        ws_.next_layer().close(ignored);
        break;
      }
    } else if (identity_.expires_at && Clock::now() >= *identity_.expires_at) {
      begin_close(CloseReason::token_expired, kTokenExpired, "token expired", "token_expired");
      continue;
    } else if (now - last_heard_ >= options_.pong_timeout) {
      begin_close(CloseReason::ping_timeout, websocket::close_code::internal_error, "ping timeout");
      continue;
    } else if (writing_ && now - last_progress_ >= options_.stuck_timeout) {
      begin_close(CloseReason::slow_consumer, kSlowConsumer, "slow consumer", "slow_consumer");
      continue;
    } else if (now >= next_ping_) {
      send_ping();
      next_ping_ = now + options_.ping_interval;
    }
    watchdog_.expires_at(next_check(now));
    co_await watchdog_.async_wait(kUseTuple);
  }
}

void WsSession::send_ping() {
  if (ping_pending_) {
    return;
  }
  ping_pending_ = true;
  ws_.async_ping({},
                 [self = shared_from_this()](beast::error_code) { self->ping_pending_ = false; });
}

void WsSession::deliver(const FramePtr& frame) {
  if (closing_ || done_ || !streams_.contains(frame->stream)) {
    return;
  }
  if (const auto dropped = queue_.push_data(frame)) {
    metrics_.dropped(dropped->stream);
  }
  write_next();
}

void WsSession::close_for_shutdown() {
  begin_close(CloseReason::shutdown, websocket::close_code::going_away, "server shutting down");
}

void WsSession::begin_close(CloseReason reason, std::uint16_t code, std::string_view text,
                            std::string_view error_code) {
  if (closing_ || done_) {
    return;
  }
  closing_ = Closing{reason, code, text, SteadyClock::now() + options_.close_timeout};
  queue_.discard_data();
  if (!error_code.empty()) {
    queue_.push_control(std::make_shared<const OutFrame>(OutFrame{error_frame(error_code, text)}));
  }
  write_next();
  watchdog_.cancel();
}

void WsSession::send_control(std::string text) {
  if (queue_.control_size() >= kMaxControlFrames) {
    begin_close(CloseReason::slow_consumer, kSlowConsumer, "slow consumer", "slow_consumer");
    return;
  }
  queue_.push_control(std::make_shared<const OutFrame>(OutFrame{std::move(text)}));
  write_next();
}

void WsSession::handle(std::string_view text) {
  auto parsed = parse_client_frame(text);
  if (const auto* bad = std::get_if<BadRequest>(&parsed)) {
    send_control(error_frame("bad_request", bad->message));
    return;
  }
  const auto& frame = std::get<ClientFrame>(parsed);
  switch (frame.type) {
    case ClientFrame::Type::ping:
      send_control(pong_frame(Clock::now()));
      break;
    case ClientFrame::Type::subscribe:
      subscribe(frame.streams);
      break;
    case ClientFrame::Type::unsubscribe:
      unsubscribe(frame.streams);
      break;
  }
}

void WsSession::subscribe(const std::vector<std::string>& names) {
  const bool first = !explicit_streams_;
  if (first) {
    // The default set ends here; what the client asks for is all it gets.
    explicit_streams_ = true;
    streams_ = {};
  }
  std::vector<Stream> accepted;
  std::vector<Stream> added;
  for (const auto& name : names) {
    const auto stream = stream_named(name);
    if (!stream) {
      send_control(error_frame("unknown_stream", "unknown stream '" + name + "'"));
      continue;
    }
    if (const auto denied = authenticator_.authorize(identity_, stream_scope(*stream))) {
      send_control(error_frame("forbidden", denied->message + " for stream '" + name + "'"));
      continue;
    }
    if (std::find(accepted.begin(), accepted.end(), *stream) == accepted.end()) {
      accepted.push_back(*stream);
    }
    if (!streams_.contains(*stream)) {
      streams_.add(*stream);
      added.push_back(*stream);
    }
  }
  send_control(streams_frame("subscribed", accepted));
  if (first) {
    // The default set's frames still queued go with it. A stream subscribed again is new here,
    // and its latest reading below replaces them, so nothing older follows something newer.
    queue_.discard_data();
  }
  // After the reply (control frames go first) and before any newer record of the stream, which
  // can only be published after this returns.
  for (const auto stream : added) {
    if (auto latest = hub_.latest_frame(stream)) {
      if (const auto dropped = queue_.push_data(std::move(latest))) {
        metrics_.dropped(dropped->stream);
      }
    }
  }
  write_next();
}

void WsSession::unsubscribe(const std::vector<std::string>& names) {
  explicit_streams_ = true;
  std::vector<Stream> removed;
  for (const auto& name : names) {
    const auto stream = stream_named(name);
    if (stream && streams_.contains(*stream)) {
      streams_.remove(*stream);
      queue_.discard(*stream);
      removed.push_back(*stream);
    }
  }
  send_control(streams_frame("unsubscribed", removed));
}

}  // namespace energy_ws
