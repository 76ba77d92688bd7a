#include "state_file.hpp"

#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace rag {

Fd& Fd::operator=(Fd&& other) noexcept {
  reset();
  fd_ = std::exchange(other.fd_, -1);
  return *this;
}

void Fd::reset() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

FileLock::FileLock(int fd) : fd_(fd) {
  while (flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "flock");
    }
  }
}

FileLock::~FileLock() {
  flock(fd_, LOCK_UN);
}

std::string read_all(int fd) {
  std::string out;
  std::array<char, 4096> buffer{};
  off_t offset = 0;
  while (true) {
    const auto n = pread(fd, buffer.data(), buffer.size(), offset);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw std::system_error(errno, std::generic_category(), "read");
    }
    if (n == 0) {
      return out;
    }
    out.append(buffer.data(), static_cast<std::size_t>(n));
    offset += n;
  }
}

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw std::system_error(errno, std::generic_category(), "write");
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void replace_contents(int fd, std::string_view bytes) {
  if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
    throw std::system_error(errno, std::generic_category(), "truncate");
  }
  write_all(fd, bytes);
}

}  // namespace rag
