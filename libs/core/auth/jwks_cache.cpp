#include "core/auth/jwks_cache.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <algorithm>
#include <stdexcept>

#include "core/auth/http_fetch.hpp"

namespace core::auth {
namespace {

namespace asio = boost::asio;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

bool fits(const std::shared_ptr<const KeySet>& keys, const std::optional<std::string>& kid) {
  if (!keys) {
    return false;
  }
  if (!kid) {
    return !keys->empty();
  }
  return std::ranges::any_of(*keys, [&](const Jwk& jwk) { return jwk.kid == *kid; });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : "; ") + item;
  }
  return out;
}

}  // namespace

struct JwksCache::Issuer {
  Issuer(IssuerConfig issuer_config, asio::io_context& ioc)
      : config(std::move(issuer_config)), jwks_url(config.jwks_url), fetched(ioc) {
    fetched.expires_at(asio::steady_timer::time_point::max());
  }

  IssuerConfig config;
  std::shared_ptr<const KeySet> keys;  // guarded by mutex_; null until the first good fetch
  std::string jwks_url;                // configured, or discovered and then remembered
  bool fetching = false;
  bool last_fetch_ok = false;
  std::optional<std::chrono::steady_clock::time_point> last_refetch;  // for an unknown kid
  // Never expires; a fetch cancels it when it ends, which wakes the requests waiting for it.
  asio::steady_timer fetched;
};

JwksCache::JwksCache(const AuthConfig& config)
    : refresh_interval_(config.refresh_interval),
      refetch_interval_(config.refetch_interval),
      fetch_timeout_(config.fetch_timeout),
      tls_(make_tls_context(config.ca_file)),
      work_(ioc_.get_executor()) {
  for (const auto& issuer : config.issuers) {
    issuers_.push_back(std::make_unique<Issuer>(issuer, ioc_));
  }
  for (const auto& issuer : issuers_) {
    asio::co_spawn(ioc_, refresh_loop(*issuer), asio::detached);
  }
  thread_ = std::jthread([this] { ioc_.run(); });
}

JwksCache::~JwksCache() {
  ioc_.stop();
}

std::shared_ptr<const KeySet> JwksCache::current(const Issuer& issuer) const {
  const std::scoped_lock lock(mutex_);
  return issuer.keys;
}

bool JwksCache::ready() const {
  const std::scoped_lock lock(mutex_);
  return std::ranges::all_of(issuers_, [](const auto& issuer) { return issuer->keys != nullptr; });
}

asio::awaitable<std::shared_ptr<const KeySet>> JwksCache::keys_for(std::size_t issuer,
                                                                   std::optional<std::string> kid) {
  auto& entry = *issuers_.at(issuer);
  auto keys = current(entry);
  if (fits(keys, kid)) {
    co_return keys;
  }
  auto refetching = refetch(entry, kid);
  co_await asio::co_spawn(ioc_, std::move(refetching), asio::use_awaitable);
  keys = current(entry);
  co_return keys;
}

asio::awaitable<void> JwksCache::refresh_loop(Issuer& issuer) {
  asio::steady_timer next(ioc_);
  // Without a first key set the service is not ready, so that fetch is retried sooner: after 1 s,
  // doubling up to refetch_interval. An identity provider that starts alongside the service (a
  // cluster coming up) then costs seconds of readiness, not a whole refetch interval.
  std::chrono::seconds first_set_retry{1};
  for (;;) {
    co_await fetch(issuer);
    auto wait = issuer.last_fetch_ok ? refresh_interval_ : refetch_interval_;
    if (!issuer.last_fetch_ok && current(issuer) == nullptr) {
      wait = std::min(first_set_retry, refetch_interval_);
      first_set_retry *= 2;
    }
    next.expires_after(wait);
    co_await next.async_wait(kUseTuple);
  }
}

asio::awaitable<void> JwksCache::refetch(Issuer& issuer, std::optional<std::string> kid) {
  if (fits(current(issuer), kid)) {
    co_return;  // a fetch brought the key while this request was on its way here
  }
  if (issuer.fetching) {
    co_await issuer.fetched.async_wait(kUseTuple);
    co_return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (issuer.last_refetch && now - *issuer.last_refetch < refetch_interval_) {
    co_return;  // an unknown kid must not let anybody make us hammer the identity provider
  }
  issuer.last_refetch = now;
  spdlog::info("auth: a token names a key {} does not have; fetching its keys again",
               issuer.config.issuer);
  co_await fetch(issuer);
}

asio::awaitable<void> JwksCache::fetch(Issuer& issuer) {
  if (issuer.fetching) {
    co_await issuer.fetched.async_wait(kUseTuple);
    co_return;
  }
  issuer.fetching = true;
  try {
    if (issuer.jwks_url.empty()) {
      issuer.jwks_url = co_await discover(issuer);
    }
    const auto document = co_await fetch_document(tls_, issuer.jwks_url, fetch_timeout_);
    auto set = parse_jwk_set(document);
    if (set.keys.empty()) {
      throw std::runtime_error(issuer.jwks_url + ": no usable key (" + join(set.skipped) + ")");
    }
    const auto count = set.keys.size();
    auto keys = std::make_shared<const KeySet>(std::move(set.keys));
    {
      const std::scoped_lock lock(mutex_);
      issuer.keys = std::move(keys);
    }
    issuer.last_fetch_ok = true;
    spdlog::info("auth: {} key(s) of {} loaded from {}{}{}", count, issuer.config.issuer,
                 issuer.jwks_url, set.skipped.empty() ? "" : "; skipped ", join(set.skipped));
  } catch (const std::exception& e) {
    issuer.last_fetch_ok = false;
    // The discovery document may have moved the key set; look it up again next time.
    issuer.jwks_url = issuer.config.jwks_url;
    const auto held = current(issuer);
    spdlog::error("auth: fetching the keys of {} failed, keeping the {} key(s) held: {}",
                  issuer.config.issuer, held ? held->size() : 0, e.what());
  }
  issuer.fetching = false;
  issuer.fetched.cancel();
}

// OpenID Connect Discovery 1.0 section 4: the document must name the issuer it was fetched for.
asio::awaitable<std::string> JwksCache::discover(const Issuer& issuer) {
  auto url = issuer.config.issuer;
  if (url.ends_with('/')) {
    url.pop_back();
  }
  url += "/.well-known/openid-configuration";
  const auto document = co_await fetch_document(tls_, url, fetch_timeout_);
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(document, ec);
  const auto* object = ec ? nullptr : parsed.if_object();
  const auto* named = object != nullptr ? object->if_contains("issuer") : nullptr;
  const auto* jwks_uri = object != nullptr ? object->if_contains("jwks_uri") : nullptr;
  if (named == nullptr || !named->is_string() || named->get_string() != issuer.config.issuer) {
    throw std::runtime_error(url + ": not the discovery document of this issuer");
  }
  if (jwks_uri == nullptr || !jwks_uri->is_string() || !is_http_url(jwks_uri->get_string())) {
    throw std::runtime_error(url + ": jwks_uri is missing or not an http(s) URL");
  }
  co_return std::string(jwks_uri->get_string());
}

}  // namespace core::auth
