// arch-review as CI runs it: the binary, its exit code and its Markdown report.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "process_output.hpp"

namespace {

using arch_review::ProcessResult;
using arch_review::run_process;

ProcessResult arch_review_run(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), ARCH_REVIEW_BIN);
  return run_process(arguments);
}

std::string fixture(const std::string& rule, const std::string& variant) {
  return std::string(ARCH_REVIEW_FIXTURES) + "/" + rule + "/" + variant;
}

struct RuleCase {
  std::string rule;
  std::vector<std::string> expected;  // lines of the Violations section
};

void PrintTo(const RuleCase& rule_case, std::ostream* out) {
  *out << rule_case.rule;
}

class RuleFixture : public testing::TestWithParam<RuleCase> {};

TEST_P(RuleFixture, ViolationIsCaught) {
  const auto result = arch_review_run({"--root", fixture(GetParam().rule, "violation")});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  const auto violations = result.output.substr(result.output.find("## Violations"));
  for (const auto& expected : GetParam().expected) {
    EXPECT_NE(violations.find(expected), std::string::npos) << "missing: " << expected << "\n"
                                                            << result.output;
  }
  EXPECT_NE(result.output.find("Result: **fail**"), std::string::npos);
}

TEST_P(RuleFixture, CleanVariantPasses) {
  const auto result = arch_review_run({"--root", fixture(GetParam().rule, "clean")});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("- **" + GetParam().rule + "**: "), std::string::npos)
      << "rule not listed as compliant\n"
      << result.output;
  EXPECT_NE(result.output.find("Result: **pass**"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    HouseRules, RuleFixture,
    testing::Values(
        RuleCase{"read-only-api",
                 {"**read-only-api** `applications/homelab-api/energy_store.cpp:9` homelab-api is "
                  "read-only but issues INSERT: `INSERT INTO`",
                  "energy_store.cpp:12` homelab-api is read-only but issues DELETE: `DELETE FROM`",
                  "energy_store.cpp:14` homelab-api is read-only but issues COPY ... FROM: "
                  "`copy energy_consumption (ts, value) FROM`",
                  "energy_store.cpp:15` homelab-api is read-only but issues DDL: `CREATE TABLE`",
                  "energy_store.cpp:3` homelab-api must not consume Kafka but uses "
                  "`core/kafka/consumer.hpp`",
                  "`applications/homelab-api/CMakeLists.txt:3` homelab-api must not consume Kafka "
                  "but links `core_kafka`"}},
        RuleCase{"dockerfile-layers",
                 {"**dockerfile-layers** `applications/single/Dockerfile:2` is single-stage",
                  "`applications/single/Dockerfile:3` copies `.` before the dependency install "
                  "step (line 4)",
                  "`applications/sources-first/Dockerfile:5` copies `libs` before the dependency "
                  "install step (line 8)"}},
        RuleCase{"migrations",
                 {"`db/settings/001_outbox.sql` db/settings: version 001 is defined twice "
                  "(001_outbox.sql, 001_settings.sql)",
                  "`db/settings/notes.sql` is not a migration name",
                  "`db/telemetry/004_views.sql` db/telemetry: migration 003 is missing before 004",
                  "`db/telemetry/002_raw.sql` released migration was edited: sha256 ",
                  "`db/telemetry/003_hourly.sql` released migration was removed",
                  "`db/telemetry/004_views.sql` is not in db/migrations.lock; add its line",
                  "no INSERT INTO schema_migrations in applications/homelab-migrate/"}},
        RuleCase{"no-plain-secret",
                 {"`gitops/apps/base/mosquitto/secret.yaml:11` declares a plain Secret "
                  "`mosquitto-passwords`",
                  "`gitops/apps/base/mosquitto/kustomization.yaml` generates a plain Secret with "
                  "secretGenerator"}},
        RuleCase{"container-resources",
                 {"`gitops/apps/base/api/deployment.yaml:15` Deployment `homelab-api` container "
                  "`api` has no resources.limits",
                  "`gitops/apps/base/backup/cronjob.yaml:15` CronJob `telemetry-backup` container "
                  "`dump` has no resources.requests",
                  "CronJob `telemetry-backup` container `dump` has no resources.limits",
                  "Job `migrate` container `wait` has no resources.requests"}},
        RuleCase{"one-owner",
                 {"`gitops/apps/base/api/deployment.yaml` is listed by 2 kustomizations: "
                  "`gitops/apps/base/api/kustomization.yaml`, "
                  "`gitops/apps/homelab/kustomization.yaml`",
                  "Deployment homelab/homelab-api is declared 2 times: "
                  "`gitops/apps/base/api/deployment.yaml:2`, "
                  "`gitops/apps/homelab/api-deployment.yaml:2`",
                  "path `gitops/apps/homelab` is reconciled by 2 Flux Kustomizations: `apps-copy`, "
                  "`apps`"}},
        RuleCase{"kafka-topics-declared",
                 {"`applications/mqtt-kafka-bridge/bridge_config.hpp:8` uses Kafka topic "
                  "`homelab-temperature-outdoor`, which deploy/kafka-topics.yaml does not declare",
                  "`applications/telemetry-sink/sink_config.hpp:4` uses Kafka topic "
                  "`homelab-sink-dlq`"}}),
    [](const testing::TestParamInfo<RuleCase>& param_info) {
      std::string name;
      for (const char c : param_info.param.rule) {
        name.push_back(c == '-' ? '_' : c);
      }
      return name;
    });

// The rules hold on this repository, including db/migrations.lock against the migrations.
TEST(ArchReviewRepository, PassesOnThisRepository) {
  const auto result = arch_review_run({"--root", K12N_SOURCE_DIR});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Scope: whole tree."), std::string::npos);
}

TEST(ArchReviewRepository, DiffModeRunsGitWithoutAShell) {
  const auto result = arch_review_run({"--root", K12N_SOURCE_DIR, "--diff", "HEAD"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Scope: files changed since HEAD ("), std::string::npos)
      << result.output;
}

TEST(ArchReviewScope, FindingsOutsideTheListedFilesAreLeftOut) {
  const auto root = fixture("dockerfile-layers", "violation");
  const auto unrelated = arch_review_run({"--root", root, "--files", "README.md"});
  EXPECT_EQ(unrelated.exit_code, 0) << unrelated.output;
  EXPECT_NE(unrelated.output.find("## Violations\n\nNone."), std::string::npos);

  const auto touched =
      arch_review_run({"--root", root, "--files", "./applications/sources-first/Dockerfile"});
  EXPECT_EQ(touched.exit_code, 1) << touched.output;
  EXPECT_NE(touched.output.find("applications/sources-first/Dockerfile:5"), std::string::npos);
  EXPECT_EQ(touched.output.find("applications/single/Dockerfile"), std::string::npos);
}

TEST(ArchReviewUsage, UsageErrorsExitWithTwo) {
  EXPECT_EQ(arch_review_run({"--no-such-option"}).exit_code, 2);
  EXPECT_EQ(arch_review_run({"--root", "/nonexistent/k12n"}).exit_code, 2);
  EXPECT_EQ(arch_review_run({"--root", K12N_SOURCE_DIR, "--diff", "no-such-ref-k12n"}).exit_code,
            2);
  EXPECT_EQ(arch_review_run({"--diff", "HEAD", "--files", "a"}).exit_code, 2);
  EXPECT_EQ(arch_review_run({"--help"}).exit_code, 0);
}

}  // namespace
