#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/authenticator.hpp"
#include "core/http/request.hpp"
#include "hub.hpp"
#include "send_queue.hpp"
#include "stream.hpp"
#include "ws_metrics.hpp"

namespace energy_ws {

struct SessionOptions {
  std::size_t send_queue_frames = 256;
  std::chrono::milliseconds stuck_timeout{30'000};
  std::chrono::milliseconds ping_interval{30'000};
  std::chrono::milliseconds pong_timeout{60'000};
  std::chrono::milliseconds close_timeout{5'000};
  bool enforce_scopes = true;  // auth.enforce_scopes: decides the default energy subscription
};

// One WebSocket client after its upgrade request was admitted (contract sections 4 to 7). On the
// io thread: the reader coroutine (client frames), the writer (the send queue, one frame at a
// time, a chain of completion handlers started by whatever queues a frame: the fan-out path is
// the hot one, and a coroutine woken by a timer cost more than the write itself) and the watchdog
// coroutine (token expiry, protocol pings, stuck writes, and the deadline of a close in progress).
class WsSession : public std::enable_shared_from_this<WsSession> {
 public:
  // A plain socket below: the session's timeouts are its own, and beast::tcp_stream's timer would
  // cost memory and time on every write.
  using Socket = boost::beast::websocket::stream<boost::asio::ip::tcp::socket>;

  // The identity must be authenticated; a connection slot of the hub is reserved for it and
  // released when the session ends.
  WsSession(boost::asio::ip::tcp::socket socket, core::http::Identity identity, Hub& hub,
            const core::auth::Authenticator& authenticator, const SessionOptions& options,
            WsMetrics& metrics);

  // Answers the upgrade with 101 and serves the client until the connection ends.
  boost::asio::awaitable<void> run(core::http::Message upgrade);

  // Queues a data frame when the client receives its stream, dropping its oldest data frame when
  // the queue is full.
  void deliver(const FramePtr& frame);
  void close_for_shutdown();

 private:
  using SteadyClock = std::chrono::steady_clock;

  struct Closing {
    CloseReason reason;
    std::uint16_t code;
    std::string_view text;             // the close reason, also the error frame's message
    SteadyClock::time_point deadline;  // the socket is closed regardless after it
  };

  boost::asio::awaitable<boost::beast::error_code> read_loop();
  boost::asio::awaitable<void> watch_loop();
  void finish(boost::beast::error_code read_error);

  void handle(std::string_view text);
  void subscribe(const std::vector<std::string>& names);
  void unsubscribe(const std::vector<std::string>& names);
  void send_control(std::string text);
  // Starts writing the next queued frame (or the close frame, once closing and the queue is
  // empty) unless a write is in flight; on_written continues the chain.
  void write_next();
  void on_written(boost::beast::error_code ec);
  void send_ping();
  // Queues the error frame `error_code` (if any, with `text` as its message) and the close frame
  // (code, text); data still queued is dropped. `text` must be a literal.
  void begin_close(CloseReason reason, std::uint16_t code, std::string_view text,
                   std::string_view error_code = {});
  SteadyClock::time_point next_check(SteadyClock::time_point now) const;

  Socket ws_;
  core::http::Identity identity_;  // token and e-mail dropped: a session keeps only what it uses
  Hub& hub_;
  const core::auth::Authenticator& authenticator_;
  const SessionOptions& options_;
  WsMetrics& metrics_;
  SendQueue queue_;
  boost::asio::steady_timer watchdog_;
  boost::beast::flat_buffer read_buffer_;
  StreamSet streams_;
  bool explicit_streams_ = false;  // a subscribe or unsubscribe replaced the default set
  FramePtr in_flight_;             // the frame being written, kept alive until its write completes
  bool writing_ = false;           // a data or control frame is being written
  bool close_sent_ = false;
  bool ping_pending_ = false;
  bool done_ = false;
  std::optional<Closing> closing_;
  SteadyClock::time_point last_heard_;     // any frame from the client, pongs included
  SteadyClock::time_point last_progress_;  // the last write started or completed
  SteadyClock::time_point next_ping_;
};

}  // namespace energy_ws
