#pragma once

#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <string_view>
#include <vector>

namespace core::mqtt {

// Bytes read from a socket and not parsed yet, in one block that grows for a large packet and
// shrinks back afterwards, so an idle connection stays small.
class InputBuffer {
 public:
  static constexpr std::size_t kChunk = 16 * 1024;

  std::string_view data() const { return {bytes_.data() + begin_, end_ - begin_}; }
  void consume(std::size_t count);
  // Room for at least `wanted` more bytes after the unparsed ones.
  boost::asio::mutable_buffer prepare(std::size_t wanted);
  void commit(std::size_t count) { end_ += count; }

 private:
  std::vector<char> bytes_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace core::mqtt
