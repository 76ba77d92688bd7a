#include "confirm_token.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "crypto.hpp"
#include "state_file.hpp"

namespace rag {
namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kMaxTokenLength = 200;

std::int64_t unix_seconds(ConfirmTokens::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string mac(const std::string& key, const std::string& operation_id,
                const std::string& argv_sha256, std::int64_t expires) {
  return base64url_encode(
      hmac_sha256(key, "v1|" + operation_id + "|" + argv_sha256 + "|" + std::to_string(expires)));
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string load_or_create_key(const std::filesystem::path& path) {
  const Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.open()) {
    throw std::runtime_error("cannot open " + path.string());
  }
  // Two front ends starting at once must end up with the same key.
  const FileLock lock(fd.get());
  auto key = read_all(fd.get());
  if (key.size() == kKeyBytes) {
    return key;
  }
  if (!key.empty()) {
    throw std::runtime_error(path.string() + " does not hold a 32-byte key");
  }
  key = random_bytes(kKeyBytes);
  write_all(fd.get(), key);
  return key;
}

}  // namespace

ConfirmTokens::ConfirmTokens(std::filesystem::path state_dir)
    : state_dir_(std::move(state_dir)), key_(load_or_create_key(state_dir_ / "confirm.key")) {}

ConfirmTokens::Issued ConfirmTokens::issue(const std::string& operation_id,
                                           const std::string& argv_sha256,
                                           Clock::time_point now) const {
  const auto expires = unix_seconds(now + kLifetime);
  return {"v1." + operation_id + "." + std::to_string(expires) + "." +
              mac(key_, operation_id, argv_sha256, expires),
          Clock::time_point(std::chrono::seconds(expires))};
}

std::optional<std::string> ConfirmTokens::redeem(const std::string& token,
                                                 const std::string& argv_sha256,
                                                 Clock::time_point now) const {
  if (token.size() > kMaxTokenLength || !token.starts_with("v1.")) {
    return std::nullopt;
  }
  const auto rest = std::string_view(token).substr(3);
  const auto dot1 = rest.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : rest.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string operation_id(rest.substr(0, dot1));
  const auto expires_text = rest.substr(dot1 + 1, dot2 - dot1 - 1);
  const auto presented = rest.substr(dot2 + 1);
  std::int64_t expires = 0;
  const auto [end, error] =
      std::from_chars(expires_text.data(), expires_text.data() + expires_text.size(), expires);
  if (!is_uuid(operation_id) || error != std::errc() ||
      end != expires_text.data() + expires_text.size()) {
    return std::nullopt;
  }
  if (!constant_time_equal(presented, mac(key_, operation_id, argv_sha256, expires)) ||
      expires <= unix_seconds(now) || !mark_used(operation_id, expires, unix_seconds(now))) {
    return std::nullopt;
  }
  return operation_id;
}

bool ConfirmTokens::mark_used(const std::string& operation_id, std::int64_t expires,
                              std::int64_t now) const {
  const auto path = state_dir_ / "used-tokens.jsonl";
  const Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.open()) {
    throw std::runtime_error("cannot open " + path.string());
  }
  const FileLock lock(fd.get());
  std::istringstream lines(read_all(fd.get()));
  std::string kept;
  std::string line;
  while (std::getline(lines, line)) {
    boost::system::error_code ec;
    const auto entry = boost::json::parse(line, ec);
    if (ec || !entry.is_object()) {
      continue;
    }
    const auto* id = entry.as_object().if_contains("operation_id");
    const auto* until = entry.as_object().if_contains("expires");
    if (id == nullptr || until == nullptr || !until->is_int64() || until->get_int64() <= now) {
      continue;  // expired entries are dropped: their tokens fail the expiry check anyway
    }
    if (id->is_string() && id->get_string() == operation_id) {
      return false;
    }
    kept += line + "\n";
  }
  kept += boost::json::serialize(
              boost::json::object{{"operation_id", operation_id}, {"expires", expires}}) +
          "\n";
  replace_contents(fd.get(), kept);
  return true;
}

}  // namespace rag
