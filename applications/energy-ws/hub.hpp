#pragma once

#include <cstddef>
#include <functional>
#include <unordered_set>

#include "latest_cache.hpp"
#include "send_queue.hpp"
#include "stream.hpp"
#include "stream_record.hpp"
#include "ws_metrics.hpp"

namespace energy_ws {

class WsSession;

// The fan-out: every open session, the connection slots, and the latest reading of each stream.
// A record becomes one frame, shared by the queues of every session that receives its stream;
// publishing only queues, so a slow client delays neither the others nor the consumer. Used on
// the io thread only.
class Hub {
 public:
  Hub(std::size_t max_connections, WsMetrics& metrics)
      : max_connections_(max_connections), metrics_(metrics) {}

  // A slot for an upgrade about to be authenticated; false when max_connections are taken or the
  // service is shutting down. Every reserved slot is given back with release().
  bool reserve();
  void release();
  std::size_t connections() const { return reserved_; }

  void attach(WsSession& session);
  void detach(WsSession& session);

  // Keeps the reading as the stream's latest when it is newer, then queues it for the sessions.
  void publish(Stream stream, const Reading& reading);
  // Only keeps it as the latest when newer: a record that was in Kafka before the service
  // started, sent to clients only as the latest reading when they subscribe.
  void remember(Stream stream, const Reading& reading) { latest_.offer(stream, reading); }
  // A data frame of the stream's latest reading sent now, or null when none is known.
  FramePtr latest_frame(Stream stream) const;

  // Closes every session with 1001 and refuses new ones; on_empty runs once none is left.
  void shutdown(std::function<void()> on_empty);

 private:
  std::size_t max_connections_;
  WsMetrics& metrics_;
  std::size_t reserved_ = 0;
  LatestCache latest_;
  std::unordered_set<WsSession*> sessions_;
  bool stopping_ = false;
  std::function<void()> on_empty_;
};

}  // namespace energy_ws
