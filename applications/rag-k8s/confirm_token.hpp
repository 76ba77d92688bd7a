#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace rag {

// Tokens of the confirmation protocol (section 5):
//   v1.<operationId>.<expiresUnix>.<base64url HMAC-SHA256(key,
//   "v1|operationId|argvSha256|expiresUnix")>
// The key lives in <state_dir>/confirm.key (32 random bytes, mode 0600) and is shared by every
// front end on the host; used operation ids are kept in <state_dir>/used-tokens.jsonl until they
// expire, so a token works once.
class ConfirmTokens {
 public:
  using Clock = std::chrono::system_clock;
  static constexpr std::chrono::seconds kLifetime{300};

  // Creates the key file when it does not exist. Throws std::runtime_error when it cannot.
  explicit ConfirmTokens(std::filesystem::path state_dir);

  struct Issued {
    std::string token;
    Clock::time_point expires_at;
  };
  Issued issue(const std::string& operation_id, const std::string& argv_sha256,
               Clock::time_point now = Clock::now()) const;

  // The token's operation id when it is well-formed, unexpired, unused and bound to this argv;
  // the id is then recorded as used. nullopt otherwise.
  std::optional<std::string> redeem(const std::string& token, const std::string& argv_sha256,
                                    Clock::time_point now = Clock::now()) const;

 private:
  bool mark_used(const std::string& operation_id, std::int64_t expires, std::int64_t now) const;

  std::filesystem::path state_dir_;
  std::string key_;
};

}  // namespace rag
