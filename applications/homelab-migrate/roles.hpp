#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/config/reader.hpp"
#include "core/pg/connection.hpp"

namespace migrate {

// A login role the migrations grant rights to; its password comes from an environment variable
// so that no secret sits in the migrations folder.
struct Role {
  std::string name;
  std::optional<std::string> password_env;
};

// Reads roles.yaml: `roles: [{name: telemetry_writer, password_env: TELEMETRY_WRITER_PASSWORD}]`.
// A missing file means no roles. Throws Failure(usage) listing every problem of a malformed file.
std::vector<Role> load_roles(const std::filesystem::path& file);

// Creates missing roles with LOGIN and sets the password of every role whose variable is set and
// not empty (so a rotated secret takes effect on the next run). The password is hashed on the
// client (PQencryptPasswordConn), so neither the server log nor this program's log sees it. With
// dry_run it only reports what it would do.
void ensure_roles(core::pg::Connection& conn, const std::vector<Role>& roles,
                  const core::config::EnvLookup& env, bool dry_run);

}  // namespace migrate
