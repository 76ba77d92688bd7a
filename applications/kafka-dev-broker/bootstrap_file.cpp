#include "bootstrap_file.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace kafka_dev_broker {

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
  // Same directory, so that the rename stays on one file system and is atomic.
  auto temporary = path;
  temporary += ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw std::runtime_error("cannot write " + temporary.string());
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error("cannot rename " + temporary.string() + " to " + path.string() + ": " +
                             error.message());
  }
}

}  // namespace kafka_dev_broker
