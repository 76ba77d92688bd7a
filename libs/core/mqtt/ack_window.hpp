#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace core::mqtt {

// The acknowledgements one connection owes the broker. MQTT 3.1.1 (section 4.6) requires PUBACKs
// in the order the PUBLISH packets arrived, while the application finishes messages in any
// order: a finished message is released only once every message received before it is finished.
class AckWindow {
 public:
  // Registers a received message and returns its sequence number on this connection (0, 1, ...).
  // packet_id 0 stands for QoS 0: the message takes part in the order but owes no PUBACK.
  std::uint64_t add(std::uint16_t packet_id);

  // Marks a message finished and appends to `due` the packet ids that may now be acknowledged,
  // in order. Returns false for a sequence number that is unknown or already finished.
  bool finish(std::uint64_t sequence, std::vector<std::uint16_t>& due);

  // Messages received and not yet released, finished or not.
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::uint16_t packet_id;
    bool finished;
  };

  std::deque<Entry> entries_;
  std::uint64_t first_ = 0;  // sequence number of entries_.front()
};

}  // namespace core::mqtt
