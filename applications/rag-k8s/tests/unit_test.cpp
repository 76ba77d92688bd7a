// In-process tests of the small pieces: value patterns, the template notation, BM25, UTF-8
// handling, display quoting and the shipped cards.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bm25.hpp"
#include "card_catalog.hpp"
#include "card_template.hpp"
#include "patterns.hpp"
#include "shell_quote.hpp"
#include "utf8_text.hpp"

namespace rag {
namespace {

TEST(Patterns, Dns1123) {
  EXPECT_TRUE(is_dns_label("a"));
  EXPECT_TRUE(is_dns_label("api-1"));
  EXPECT_TRUE(is_dns_label(std::string(63, 'a')));
  EXPECT_FALSE(is_dns_label(std::string(64, 'a')));
  EXPECT_FALSE(is_dns_label(""));
  EXPECT_FALSE(is_dns_label("-a"));
  EXPECT_FALSE(is_dns_label("a-"));
  EXPECT_FALSE(is_dns_label("A"));
  EXPECT_FALSE(is_dns_label("a.b"));
  EXPECT_TRUE(is_dns_subdomain("p0.local"));
  EXPECT_FALSE(is_dns_subdomain("p0..local"));
  EXPECT_FALSE(is_dns_subdomain("p0.local."));
  EXPECT_FALSE(is_dns_subdomain(std::string(254, 'a')));
}

TEST(Patterns, LabelSelectors) {
  for (const auto* ok : {"app=api", "app==api", "app!=api", "app", "!app", "a=b,c!=d,!e",
                         "app.kubernetes.io/name=api", "tier=", "k8s.io/x_y.z=A-b_c.d"}) {
    EXPECT_TRUE(is_label_selector(ok)) << ok;
  }
  for (const auto* bad : {"", "app = api", "app=x&&y", ",a", "a,", "-a=b", "a=-b", "a/b/c=d",
                          "app in (a,b)", "a=b;c", "!-a", "a=b c"}) {
    EXPECT_FALSE(is_label_selector(bad)) << bad;
  }
}

TEST(Patterns, SinceRepoWorkflow) {
  EXPECT_TRUE(is_since("30s"));
  EXPECT_TRUE(is_since("168h"));
  EXPECT_TRUE(is_since("9999m"));  // 166.65 h
  EXPECT_FALSE(is_since("10080m1"));
  EXPECT_FALSE(is_since("169h"));
  EXPECT_FALSE(is_since("0s"));
  EXPECT_FALSE(is_since("1d"));
  EXPECT_TRUE(is_repo("k12n/homelab"));
  EXPECT_TRUE(is_repo("a-b/c.d_e-f"));
  EXPECT_FALSE(is_repo("a/b/c"));
  EXPECT_FALSE(is_repo("-a/b"));
  EXPECT_TRUE(is_workflow("ci.yaml"));
  EXPECT_TRUE(is_workflow("release.yml"));
  EXPECT_TRUE(is_workflow("123456"));
  EXPECT_FALSE(is_workflow("ci.json"));
  EXPECT_FALSE(is_workflow("-ci.yaml"));
  EXPECT_FALSE(is_workflow("a/ci.yaml"));
}

TEST(Template, RendersElementsWithoutSplittingOrJoining) {
  const auto t = parse_template(
      "kubectl logs -n {namespace} -l {selector|app={name}} --tail={tail|50} [-c {container}] "
      "[--previous]");
  Params params{
      {"namespace", std::string("dev")}, {"name", std::string("a b")}, {"previous", true}};
  const auto r = render(t, params);
  EXPECT_TRUE(r.missing.empty());
  EXPECT_EQ(r.argv, (std::vector<std::string>{"kubectl", "logs", "-n", "dev", "-l", "app=a b",
                                              "--tail=50", "--previous"}));
  params["previous"] = false;
  params.erase("name");
  const auto missing = render(t, params);
  EXPECT_EQ(missing.missing, (std::set<std::string>{"name"}));
  EXPECT_EQ(parameters_of(t), (std::set<std::string>{"container", "name", "namespace", "previous",
                                                     "selector", "tail"}));
  EXPECT_EQ(required_parameters_of(t), (std::set<std::string>{"namespace"}));
}

TEST(Template, MalformedTemplatesAreRejected) {
  EXPECT_THROW(parse_template("kubectl {name"), std::invalid_argument);
  EXPECT_THROW(parse_template("kubectl [-n {namespace}"), std::invalid_argument);
  EXPECT_THROW(parse_template("kubectl name}"), std::invalid_argument);
  EXPECT_THROW(parse_template("kubectl [[-n]]"), std::invalid_argument);
}

TEST(Utf8, CutDigestAndRepair) {
  EXPECT_EQ(cut_at_utf8_boundary("aé", 2), "a");
  EXPECT_EQ(cut_at_utf8_boundary("aé", 3), "aé");
  EXPECT_EQ(valid_utf8("a\xC3"), "a\xEF\xBF\xBD");
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(valid_utf8("ok é €"), "ok é €");
  EXPECT_EQ(digest(std::string(200, 'x')), std::string(200, 'x'));
  std::string long_text;
  for (int i = 0; i < 150; ++i) {
    long_text += "é";
  }
  for (int i = 0; i < 150; ++i) {
    long_text += "z";
  }
  std::string head;
  for (int i = 0; i < 100; ++i) {
    head += "é";
  }
  EXPECT_EQ(digest(long_text), head + " [...] " + std::string(100, 'z'));
}

TEST(ShellQuote, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(shell_quote("deployment/api"), "deployment/api");
  EXPECT_EQ(shell_quote("--sort-by=.lastTimestamp"), "--sort-by=.lastTimestamp");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(display_command({{"kubectl", "a"}, {"kubectl", "b"}}), "kubectl a && kubectl b");
}

TEST(Catalog, TheShippedCardsLoadInTableOrder) {
  const CardCatalog catalog(std::filesystem::path(RAG_K8S_SOURCE_DIR) / "cards");
  ASSERT_EQ(catalog.cards().size(), 28U);
  EXPECT_EQ(catalog.cards().front().id, "restart-deployment");
  EXPECT_EQ(catalog.cards().back().id, "gh-pr-view");
  for (const auto& card : catalog.cards()) {
    EXPECT_EQ(card.order, static_cast<std::size_t>(&card - catalog.cards().data()) + 1);
    EXPECT_FALSE(card.keywords.empty()) << card.id;
  }
  const auto* scale = catalog.find("scale-deployment");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(scale->risk_for({{"replicas", std::int64_t{0}}}), "high");
  EXPECT_EQ(scale->risk_for({{"replicas", std::int64_t{2}}}), "medium");
  EXPECT_EQ(catalog.matching(std::string("diagnose"), std::string("pod")).size(), 2U);
  EXPECT_TRUE(catalog.matching(std::string("restart"), std::string("statefulset")).empty());
}

TEST(Catalog, CardsThatBreakTheRulesAreRefused) {
  const auto dir = std::filesystem::temp_directory_path() / "rag-k8s-bad-card";
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& argv, const std::string& scope) {
    std::ofstream(dir / "bad.yaml") << "id: bad\norder: 1\ntitle: t\nsummary: s\nintent: restart\n"
                                       "resource: deployment\nverb: rollout\nrisk: low\nscope: "
                                    << scope << "\nwrite: true\nbinary: kubectl\nargv: [\"" << argv
                                    << "\"]\ntimeout: 60\nkeywords: []\nexamples: []\n";
  };
  write("kubectl rollout restart deployment/{name} -n {namespace}", "ns");
  EXPECT_NO_THROW(load_card(dir / "bad.yaml"));
  write("{name} rollout -n {namespace}", "ns");  // binary from a parameter
  EXPECT_THROW(load_card(dir / "bad.yaml"), std::runtime_error);
  write("sh -c {name} -n {namespace}", "ns");  // not the card's binary
  EXPECT_THROW(load_card(dir / "bad.yaml"), std::runtime_error);
  write("kubectl rollout restart deployment/{name}", "ns");  // ns card without {namespace}
  EXPECT_THROW(load_card(dir / "bad.yaml"), std::runtime_error);
  write("kubectl rollout restart {command} -n {namespace}", "ns");  // unknown parameter
  EXPECT_THROW(load_card(dir / "bad.yaml"), std::runtime_error);
  std::filesystem::remove_all(dir);
}

TEST(Bm25, RanksByRelevanceAndKeepsTableOrderOnTies) {
  const CardCatalog catalog(std::filesystem::path(RAG_K8S_SOURCE_DIR) / "cards");
  const Bm25Index index(catalog);
  std::vector<const Card*> all;
  for (const auto& card : catalog.cards()) {
    all.push_back(&card);
  }
  EXPECT_EQ(index.rank("the pod is in CrashLoopBackOff", all).front().card->id,
            "diagnose-crashloop");
  EXPECT_EQ(index.rank("pause flux for the apps kustomization", all).front().card->id,
            "flux-suspend-kustomization");
  EXPECT_EQ(index.rank("scale the worker to three replicas", all).front().card->id,
            "scale-deployment");
  const auto none = index.rank("the of and", all);
  EXPECT_EQ(none.front().score, 0.0);
  EXPECT_EQ(none.front().card->id, "restart-deployment");
  EXPECT_EQ(tokenize("Why is THE pod-crashing?"), (std::vector<std::string>{"pod", "crashing"}));
}

}  // namespace
}  // namespace rag
