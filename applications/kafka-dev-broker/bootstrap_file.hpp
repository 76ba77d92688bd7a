#pragma once

#include <filesystem>
#include <string>

namespace kafka_dev_broker {

// Replaces `path` with `content` so that a reader sees either the old state or all of the new
// content, never a partly written file: deploy/local/stack.sh starts reading as soon as the file
// is non-empty. Throws std::runtime_error when the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace kafka_dev_broker
