#include "roles.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <regex>
#include <thread>

#include "exit_codes.hpp"

namespace migrate {
namespace {

void parse_role(const YAML::Node& item, std::size_t index, std::vector<Role>& roles,
                std::vector<std::string>& problems) {
  const auto where = "roles[" + std::to_string(index) + "]";
  if (!item.IsMap()) {
    problems.push_back(where + ": expected a mapping with name and password_env");
    return;
  }
  Role role;
  for (const auto& field : item) {
    const auto key = field.first.as<std::string>();
    if (key != "name" && key != "password_env") {
      problems.push_back(where + ": unknown key " + key);
    } else if (!field.second.IsScalar() || field.second.Scalar().empty()) {
      problems.push_back(where + "." + key + ": expected a non-empty value");
    } else if (key == "name") {
      role.name = field.second.Scalar();
    } else {
      static const std::regex env_name("[A-Za-z_][A-Za-z0-9_]*");
      if (!std::regex_match(field.second.Scalar(), env_name)) {
        problems.push_back(where + ".password_env: not an environment variable name");
      }
      role.password_env = field.second.Scalar();
    }
  }
  if (role.name.empty()) {
    problems.push_back(where + ": name is required");
  }
  roles.push_back(std::move(role));
}

// Tolerates the role appearing meanwhile: runners for two databases may share a role.
void create_role(core::pg::Connection& conn, const std::string& name) {
  try {
    conn.exec_script("CREATE ROLE " + conn.quote_identifier(name) + " LOGIN");
  } catch (const core::pg::Error& e) {
    if (e.sqlstate() != "42710" && e.sqlstate() != "23505") {
      throw;
    }
  }
}

void set_password(core::pg::Connection& conn, const std::string& name,
                  const std::string& password) {
  char* hashed = PQencryptPasswordConn(conn.native(), password.c_str(), name.c_str(), nullptr);
  if (hashed == nullptr) {
    throw core::pg::Error(
        "cannot hash the password of role " + name + ": " + PQerrorMessage(conn.native()), "");
  }
  const std::string literal = conn.quote_literal(hashed);
  PQfreemem(hashed);
  // Roles are shared by every database of the cluster, so runners migrating two databases at
  // once may update the same role row; PostgreSQL then fails one of them with "tuple
  // concurrently updated" (XX000). The update is idempotent: retry it after a short pause.
  for (int attempt = 1;; ++attempt) {
    try {
      conn.exec_script("ALTER ROLE " + conn.quote_identifier(name) + " PASSWORD " + literal);
      return;
    } catch (const core::pg::Error& e) {
      if (e.sqlstate() != "XX000" || attempt == 5) {
        throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
    }
  }
}

}  // namespace

std::vector<Role> load_roles(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return {};
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw Failure(Exit::usage, file.string() + ": " + e.what());
  }
  std::vector<Role> roles;
  std::vector<std::string> problems;
  const YAML::Node list = root.IsMap() ? root["roles"] : YAML::Node();
  if (!list || !list.IsSequence()) {
    problems.emplace_back("expected `roles:` with a list of {name, password_env}");
  } else {
    for (std::size_t i = 0; i < list.size(); ++i) {
      parse_role(list[i], i, roles, problems);
    }
  }
  if (!problems.empty()) {
    std::string message =
        file.string() + " has " + std::to_string(problems.size()) + " problem(s):";
    for (const auto& p : problems) {
      message += "\n  - " + p;
    }
    throw Failure(Exit::usage, message);
  }
  return roles;
}

void ensure_roles(core::pg::Connection& conn, const std::vector<Role>& roles,
                  const core::config::EnvLookup& env, bool dry_run) {
  for (const auto& role : roles) {
    const bool exists =
        conn.exec("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", {role.name})
            .boolean(0, 0);
    const auto password = role.password_env ? env(*role.password_env) : std::nullopt;
    const bool has_password = password && !password->empty();
    if (dry_run) {
      if (!exists) {
        spdlog::info("dry run: would create role {}", role.name);
      }
      if (has_password) {
        spdlog::info("dry run: would set the password of role {} from {}", role.name,
                     *role.password_env);
      }
      continue;
    }
    if (!exists) {
      create_role(conn, role.name);
      spdlog::info("created role {}", role.name);
    }
    if (has_password) {
      set_password(conn, role.name, *password);
      spdlog::info("set the password of role {} from {}", role.name, *role.password_env);
    } else if (role.password_env) {
      spdlog::warn("{} is not set: role {} keeps its current password", *role.password_env,
                   role.name);
    }
  }
}

}  // namespace migrate
