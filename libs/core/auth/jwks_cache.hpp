#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/auth/auth_config.hpp"
#include "core/auth/jwk.hpp"

namespace core::auth {

using KeySet = std::vector<Jwk>;

// The signature keys of every configured issuer, fetched from its JWKS (the configured jwks_url
// or the one its OpenID discovery document names) on a thread of its own, so that the cache
// outlives no io_context and blocks none. A key set is refreshed every refresh_interval, retried
// every refetch_interval while fetching fails (the first set sooner: 1 s, doubling), and a failed
// fetch keeps the last good set.
// keys_for() may be called from any thread.
class JwksCache {
 public:
  // Starts the first fetch of every issuer. Throws when ca_file cannot be loaded.
  explicit JwksCache(const AuthConfig& config);
  ~JwksCache();
  JwksCache(const JwksCache&) = delete;
  JwksCache& operator=(const JwksCache&) = delete;

  // The key set of issuer number `issuer` (its index in AuthConfig::issuers), possibly null. When
  // it has no key for kid (or no key at all for a token without kid) the set is fetched again
  // first: at most once per refetch_interval per issuer for this reason, and a fetch already in
  // progress is waited for instead of repeated.
  boost::asio::awaitable<std::shared_ptr<const KeySet>> keys_for(std::size_t issuer,
                                                                 std::optional<std::string> kid);
  // Whether every issuer has a key set.
  bool ready() const;

 private:
  struct Issuer;

  std::shared_ptr<const KeySet> current(const Issuer& issuer) const;
  boost::asio::awaitable<void> refresh_loop(Issuer& issuer);
  boost::asio::awaitable<void> refetch(Issuer& issuer, std::optional<std::string> kid);
  boost::asio::awaitable<void> fetch(Issuer& issuer);
  boost::asio::awaitable<std::string> discover(const Issuer& issuer);

  std::chrono::seconds refresh_interval_;
  std::chrono::seconds refetch_interval_;
  std::chrono::seconds fetch_timeout_;
  boost::asio::ssl::context tls_;  // before ioc_: TLS streams die with ioc_'s pending work
  // Everything below, except the key sets that mutex_ guards, is used on thread_ only.
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Issuer>> issuers_;
  std::jthread thread_;  // last: joined before the rest is destroyed
};

}  // namespace core::auth
