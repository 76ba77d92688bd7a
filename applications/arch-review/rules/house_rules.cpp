#include "rules/rules.hpp"

namespace arch_review {

const std::vector<Rule>& house_rules() {
  static const std::vector<Rule> rules = {
      {"read-only-api",
       "homelab-api issues no INSERT, UPDATE, DELETE, COPY FROM, TRUNCATE or DDL and uses no Kafka "
       "consumer",
       check_read_only_api},
      {"dockerfile-layers",
       "every Dockerfile is multi-stage and copies dependency manifests before sources",
       check_dockerfile_layers},
      {"migrations",
       "migrations are numbered without gaps or duplicates, recorded in schema_migrations and "
       "unchanged since release (db/migrations.lock)",
       check_migrations},
      {"no-plain-secret", "gitops/ holds SealedSecrets only, no plain Secret",
       check_no_plain_secret},
      {"container-resources",
       "every container in gitops/ workloads has resources.requests and resources.limits",
       check_container_resources},
      {"one-owner",
       "every manifest file and every kind/namespace/name in gitops/ has exactly one owner",
       check_one_owner},
      {"kafka-topics-declared",
       "every Kafka topic named in applications/ and libs/ is declared in deploy/kafka-topics.yaml",
       check_kafka_topics},
  };
  return rules;
}

}  // namespace arch_review
