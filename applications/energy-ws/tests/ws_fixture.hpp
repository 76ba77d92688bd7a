#pragma once

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/kafka/producer.hpp"
#include "jwks_server.hpp"
#include "test_keys.hpp"
#include "ws_client.hpp"
#include "ws_config.hpp"
#include "ws_service.hpp"

namespace ws_test {

inline constexpr std::string_view kAudience = "energy-ws";
inline constexpr std::string_view kAllScopes = "read:energy read:temperature read:heatpump";

// energy-ws in process against the stack's broker, in jwt mode with keys served by a local
// identity provider. Every test process runs its own service, and other test processes produce to
// the same topics: a test recognises its own records by a device_id of its own.
class WsFixture : public ::testing::Test {
 protected:
  void TearDown() override;

  // Listen on a free loopback port, the stack's broker, a short fetch wait, jwt mode.
  energy_ws::WsConfig default_config() const;
  // Starts the service and waits until /readyz answers 200.
  void start(const energy_ws::WsConfig& config);
  void start() { start(default_config()); }
  energy_ws::WsService& service() { return *service_; }
  std::uint16_t port() const { return port_; }

  // A token of the test issuer with the given scopes, expiring `lifetime` from now.
  std::string token(std::string_view scopes = kAllScopes,
                    std::chrono::seconds lifetime = std::chrono::seconds(300)) const;
  ClientOptions with_token(std::string_view scopes = kAllScopes) const;
  std::unique_ptr<WsClient> connect(std::string_view scopes = kAllScopes) const;

  // A device id no other test uses.
  static std::string device(std::string_view what);
  // {"ts": now, "device_id": device, "seq": seq, "tags": {}, "fields": {...}}, spaced the way a
  // hand-written producer might, so verbatim delivery can be told from re-serialisation.
  static std::string reading(const std::string& device, int seq, std::size_t padding = 0);
  void produce(const std::string& topic, const std::string& device, const std::string& value);
  // Makes sure the service reads the partition of `device` in `topic`: the client (receiving
  // `stream`) gets a record of it. Needed once per topic because static assignment resolves the
  // start offset asynchronously.
  void sync(WsClient& client, const std::string& topic, const std::string& device);

  std::string metrics() const;

  std::string bootstrap_;
  core::auth::testing::JwksServer idp_{core::auth::testing::jwks({&signing_key()})};
  std::unique_ptr<core::kafka::Producer> producer_;

  static const core::auth::testing::TestKey& signing_key();

 private:
  std::unique_ptr<energy_ws::WsService> service_;
  std::jthread thread_;
  std::uint16_t port_ = 0;
};

inline constexpr const char* kEnergyTopic = "homelab-energy-realtime";
inline constexpr const char* kTemperatureTopic = "homelab-temperature-indoor";
inline constexpr const char* kHeatpumpTopic = "homelab-heatpump-telemetry";

}  // namespace ws_test
