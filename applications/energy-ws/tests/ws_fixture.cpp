#include "ws_fixture.hpp"

#include <boost/json/serialize.hpp>

#include "core/time/rfc3339.hpp"
#include "test_support.hpp"
#include "testing/stack_env.hpp"

namespace ws_test {

using core::auth::testing::epoch_seconds;

const core::auth::testing::TestKey& WsFixture::signing_key() {
  static const auto key = core::auth::testing::TestKey::rsa("ws-test-1");
  return key;
}

energy_ws::WsConfig WsFixture::default_config() const {
  energy_ws::WsConfig config;
  config.address = "127.0.0.1";
  config.port = 0;
  config.kafka_brokers = testing_support::stack_env("K12N_KAFKA_BOOTSTRAP");
  config.kafka_fetch_wait = 10ms;
  config.auth.mode = core::auth::Mode::jwt;
  config.auth.issuers = {{idp_.issuer(), idp_.jwks_url(), {std::string(kAudience)}}};
  return config;
}

void WsFixture::start(const energy_ws::WsConfig& config) {
  producer_ = std::make_unique<core::kafka::Producer>(
      core::kafka::Settings{{"bootstrap.servers", config.kafka_brokers}, {"linger.ms", "0"}});
  service_ = std::make_unique<energy_ws::WsService>(config);
  port_ = service_->port();
  thread_ = std::jthread([this] { service_->run(); });
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline) {
    core::http::testing::Client client(port_);
    if (client.get("/readyz").result_int() == 200) {
      return;
    }
    std::this_thread::sleep_for(50ms);
  }
  FAIL() << "energy-ws did not become ready";
}

void WsFixture::TearDown() {
  if (service_) {
    service_->stop();
    thread_ = {};
    service_.reset();
  }
}

std::string WsFixture::token(std::string_view scopes, std::chrono::seconds lifetime) const {
  return signing_key().sign(boost::json::object{{"iss", idp_.issuer()},
                                                {"aud", kAudience},
                                                {"sub", "ws-test"},
                                                {"scope", scopes},
                                                {"exp", epoch_seconds(lifetime)}});
}

ClientOptions WsFixture::with_token(std::string_view scopes) const {
  ClientOptions options;
  options.headers = {{"Authorization", "Bearer " + token(scopes)}};
  return options;
}

std::unique_ptr<WsClient> WsFixture::connect(std::string_view scopes) const {
  return std::make_unique<WsClient>(port_, with_token(scopes));
}

std::string WsFixture::device(std::string_view what) {
  return "ws-test-" + std::string(what) + "-" + testing_support::unique_suffix();
}

std::string WsFixture::reading(const std::string& device, int seq, std::size_t padding) {
  return R"({"ts": ")" + core::time::format_rfc3339_ms(std::chrono::system_clock::now()) +
         R"(", "device_id": ")" + device + R"(", "seq": )" + std::to_string(seq) +
         R"(, "tags": {}, "fields": {"active_power_total": 21.30, "pad": ")" +
         std::string(padding, 'x') + R"("}})";
}

void WsFixture::produce(const std::string& topic, const std::string& device,
                        const std::string& value) {
  const auto delivery = producer_->produce(topic, device, value).get();
  ASSERT_TRUE(delivery.ok()) << delivery.error_message;
}

void WsFixture::sync(WsClient& client, const std::string& topic, const std::string& device) {
  const auto sync_device = device + "-sync";
  for (int attempt = 0; attempt < 50; ++attempt) {
    // Same key as the test's records, so the same partition.
    producer_->produce(topic, device, reading(sync_device, attempt)).get();
    try {
      client.read_until(data_of(sync_device), 300ms);
      return;
    } catch (const ReadTimeout&) {
    }
  }
  FAIL() << "the service never delivered a record of " << topic;
}

std::string WsFixture::metrics() const {
  core::http::testing::Client client(port_);
  return client.get("/metrics").body();
}

}  // namespace ws_test
