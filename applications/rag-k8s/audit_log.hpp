#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rag {

// One line of the audit log (section 9). Tokens and secrets never go in it.
struct AuditRecord {
  std::string operation_id;
  std::string caller;  // token:<name>, cli:<user>, mcp:<client>
  // From the request as sent, never from a model.
  std::optional<std::string> intent;
  std::optional<std::string> resource;
  std::optional<std::string> namespace_;
  std::optional<std::string> name;
  std::optional<std::string> card;
  boost::json::object params;
  std::optional<boost::json::array> argv;
  bool dry_run = false;
  std::string decision = "deny";  // allow, deny, dry_run, awaiting_confirmation
  std::vector<std::string> reasons;
  std::optional<int> exit_code;
  std::optional<double> duration;
  std::optional<std::string> stdout_sha256;
  std::optional<bool> truncated;
  std::optional<bool> timed_out;
};

boost::json::object to_json(const AuditRecord& record);

// JSON Lines at <state_dir>/audit.jsonl, appended under a lock shared by every front end, rotated
// to audit.jsonl.1 .. audit.jsonl.<keep - 1> once it would pass rotate_bytes.
class AuditLog {
 public:
  static constexpr std::size_t kRotateBytes = std::size_t{10} * 1024 * 1024;
  static constexpr int kFilesKept = 10;

  explicit AuditLog(std::filesystem::path state_dir, std::size_t rotate_bytes = kRotateBytes,
                    int files_kept = kFilesKept);

  // Throws std::system_error when the line cannot be written.
  void append(const AuditRecord& record) const;

 private:
  void rotate() const;

  std::filesystem::path directory_;
  std::size_t rotate_bytes_;
  int files_kept_;
};

}  // namespace rag
