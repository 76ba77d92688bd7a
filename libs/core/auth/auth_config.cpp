#include "core/auth/auth_config.hpp"

#include <fstream>
#include <optional>
#include <set>

#include "core/auth/http_fetch.hpp"

namespace core::auth {
namespace {

std::optional<Mode> mode_named(std::string_view name) {
  if (name == "jwt") {
    return Mode::jwt;
  }
  if (name == "proxy") {
    return Mode::proxy;
  }
  if (name == "none") {
    return Mode::none;
  }
  return std::nullopt;
}

std::optional<std::string> yaml_scalar(const YAML::Node& map, const char* name) {
  const auto value = map[name];
  if (!value || value.IsNull() || !value.IsScalar()) {
    return std::nullopt;
  }
  return value.Scalar();
}

// An issuer entry of auth.issuers; returns nullopt after recording what is wrong with it.
std::optional<IssuerConfig> yaml_issuer(const YAML::Node& entry, const std::string& where,
                                        config::Reader& reader) {
  if (!entry.IsMap()) {
    reader.add_problem(where + ": expected {issuer, jwks_url, audiences}");
    return std::nullopt;
  }
  IssuerConfig issuer;
  issuer.issuer = yaml_scalar(entry, "issuer").value_or("");
  issuer.jwks_url = yaml_scalar(entry, "jwks_url").value_or("");
  const auto audiences = entry["audiences"];
  if (audiences && audiences.IsScalar()) {
    issuer.audiences.push_back(audiences.Scalar());
  } else if (audiences && audiences.IsSequence()) {
    for (const auto& audience : audiences) {
      if (!audience.IsScalar()) {
        reader.add_problem(where + ".audiences: every audience must be a single value");
        return std::nullopt;
      }
      issuer.audiences.push_back(audience.Scalar());
    }
  }
  return issuer;
}

std::vector<IssuerConfig> yaml_issuers(config::Reader& reader) {
  const auto list = reader.node("auth.issuers");
  if (!list || list.IsNull()) {
    return {};
  }
  if (!list.IsSequence()) {
    reader.add_problem("auth.issuers: expected a list of {issuer, jwks_url, audiences}");
    return {};
  }
  std::vector<IssuerConfig> issuers;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (auto issuer = yaml_issuer(list[i], "auth.issuers[" + std::to_string(i) + "]", reader)) {
      issuers.push_back(std::move(*issuer));
    }
  }
  return issuers;
}

// The issuer of the single-issuer form, meant for the environment of a Kubernetes Deployment.
std::optional<IssuerConfig> single_issuer(config::Reader& reader) {
  auto issuer = reader.optional_string("auth.issuer");
  auto jwks_url = reader.optional_string("auth.jwks_url");
  auto audiences = reader.list("auth.audiences", {});
  if (!issuer) {
    if (jwks_url || !audiences.empty()) {
      reader.add_problem(
          "auth.jwks_url, auth.audiences: belong to an issuer; set auth.issuer (AUTH_ISSUER)");
    }
    return std::nullopt;
  }
  return IssuerConfig{std::move(*issuer), jwks_url.value_or(""), std::move(audiences)};
}

void check_issuers(const std::vector<IssuerConfig>& issuers, config::Reader& reader) {
  if (issuers.empty()) {
    reader.add_problem(
        "auth.issuers: at least one issuer is required in jwt mode (or auth.issuer, AUTH_ISSUER)");
  }
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < issuers.size(); ++i) {
    const auto& issuer = issuers[i];
    const auto where = "auth issuer '" + issuer.issuer + "'";
    if (issuer.issuer.empty()) {
      reader.add_problem("auth.issuers[" + std::to_string(i) + "]: issuer is required");
      continue;
    }
    if (issuer.audiences.empty()) {
      reader.add_problem(where + ": at least one audience is required");
    }
    if (!issuer.jwks_url.empty() && !is_http_url(issuer.jwks_url)) {
      reader.add_problem(where + ": jwks_url '" + issuer.jwks_url + "' is not an http(s) URL");
    }
    if (issuer.jwks_url.empty() && !is_http_url(issuer.issuer)) {
      reader.add_problem(where +
                         ": without jwks_url the issuer must be an http(s) URL to discover keys");
    }
    if (!seen.insert(issuer.issuer).second) {
      reader.add_problem(where + ": configured more than once");
    }
  }
}

}  // namespace

AuthConfig read_auth_config(config::Reader& reader) {
  AuthConfig config;
  const auto mode_text = reader.string("auth.mode", "jwt");
  if (const auto mode = mode_named(mode_text)) {
    config.mode = *mode;
  } else {
    reader.add_problem("auth.mode: '" + mode_text + "' is not jwt, proxy or none");
  }
  config.leeway = std::chrono::seconds(reader.integer("auth.leeway_s", 60, 0, 600));
  config.enforce_scopes = reader.boolean("auth.enforce_scopes", true);
  config.ca_file = reader.optional_string("auth.ca_file").value_or("");
  if (!config.ca_file.empty() && !std::ifstream(config.ca_file)) {
    reader.add_problem("auth.ca_file: cannot read " + config.ca_file);
  }
  for (const auto& text : reader.list("auth.trusted_proxies", {})) {
    if (auto cidr = Cidr::parse(text)) {
      config.trusted_proxies.push_back(*cidr);
    } else {
      reader.add_problem("auth.trusted_proxies: '" + text + "' is not an address or CIDR");
    }
  }
  if (config.mode == Mode::proxy && config.trusted_proxies.empty()) {
    reader.add_problem(
        "auth.trusted_proxies: required in proxy mode (the addresses of the forward-auth proxy)");
  }
  if (config.mode == Mode::jwt) {
    auto single = single_issuer(reader);
    config.issuers = yaml_issuers(reader);
    if (single && !config.issuers.empty()) {
      reader.add_problem("auth.issuer, auth.issuers: set one of them, not both");
    } else if (single) {
      config.issuers.push_back(std::move(*single));
    }
    check_issuers(config.issuers, reader);
  }
  return config;
}

}  // namespace core::auth
