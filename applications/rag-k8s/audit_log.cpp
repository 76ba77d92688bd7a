#include "audit_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <boost/json/serialize.hpp>
#include <system_error>

#include "core/time/rfc3339.hpp"
#include "state_file.hpp"

namespace rag {
namespace {

namespace json = boost::json;

template <typename T>
json::value optional_value(const std::optional<T>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

}  // namespace

json::object to_json(const AuditRecord& r) {
  json::array reasons;
  for (const auto& reason : r.reasons) {
    reasons.emplace_back(reason);
  }
  return {{"timestamp", core::time::format_rfc3339_ms(std::chrono::system_clock::now())},
          {"operation_id", r.operation_id},
          {"caller", r.caller},
          {"intent", optional_value(r.intent)},
          {"resource", optional_value(r.resource)},
          {"namespace", optional_value(r.namespace_)},
          {"name", optional_value(r.name)},
          {"card", optional_value(r.card)},
          {"params", r.params},
          {"argv", r.argv ? json::value(*r.argv) : json::value(nullptr)},
          {"dry_run", r.dry_run},
          {"decision", r.decision},
          {"reasons", std::move(reasons)},
          {"exit_code", optional_value(r.exit_code)},
          {"duration", optional_value(r.duration)},
          {"stdout_sha256", optional_value(r.stdout_sha256)},
          {"truncated", optional_value(r.truncated)},
          {"timed_out", optional_value(r.timed_out)}};
}

AuditLog::AuditLog(std::filesystem::path state_dir, std::size_t rotate_bytes, int files_kept)
    : directory_(std::move(state_dir)), rotate_bytes_(rotate_bytes), files_kept_(files_kept) {}

void AuditLog::append(const AuditRecord& record) const {
  const auto line = json::serialize(to_json(record)) + "\n";
  const auto lock_path = directory_ / "audit.lock";
  const Fd lock_fd(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!lock_fd.open()) {
    throw std::system_error(errno, std::generic_category(), "opening " + lock_path.string());
  }
  // The lock file never moves, so it also serializes rotation.
  const FileLock lock(lock_fd.get());
  const auto path = directory_ / "audit.jsonl";
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && info.st_size > 0 &&
      static_cast<std::size_t>(info.st_size) + line.size() > rotate_bytes_) {
    rotate();
  }
  const Fd fd(::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.open()) {
    throw std::system_error(errno, std::generic_category(), "opening " + path.string());
  }
  write_all(fd.get(), line);
}

void AuditLog::rotate() const {
  const auto numbered = [this](int i) { return directory_ / ("audit.jsonl." + std::to_string(i)); };
  std::error_code ignored;
  std::filesystem::remove(numbered(files_kept_ - 1), ignored);
  for (int i = files_kept_ - 2; i >= 1; --i) {
    std::filesystem::rename(numbered(i), numbered(i + 1), ignored);
  }
  std::filesystem::rename(directory_ / "audit.jsonl", numbered(1), ignored);
}

}  // namespace rag
