#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace rag {

// An owned file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void reset();

 private:
  int fd_ = -1;
};

// An exclusive flock(2) held for the object's lifetime; the state files are shared by every front
// end (CLI, HTTP, MCP) on the host.
class FileLock {
 public:
  explicit FileLock(int fd);
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  FileLock(FileLock&&) = delete;
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock();

 private:
  int fd_;
};

// The whole file, from its start. Throws std::system_error.
std::string read_all(int fd);
// Writes every byte at the current offset. Throws std::system_error.
void write_all(int fd, std::string_view bytes);
// Truncates the file and writes bytes from its start.
void replace_contents(int fd, std::string_view bytes);

}  // namespace rag
