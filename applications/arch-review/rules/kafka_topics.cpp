// Broker auto-creation is off, so a topic that code uses but deploy/kafka-topics.yaml does not
// declare fails only in production. Topic names are string literals in applications/ and libs/
// that follow the topic naming (homelab-..., telemetry...., or a dead-letter name) and are not
// the name of a component.
#include <yaml-cpp/yaml.h>

#include <map>
#include <regex>
#include <set>

#include "cpp_scan.hpp"
#include "rules/rules.hpp"

namespace arch_review {
namespace {

constexpr std::string_view kTopicList = "deploy/kafka-topics.yaml";

bool looks_like_topic(const std::string& literal) {
  static const std::regex topic_shape(R"([a-z0-9]+([._-][a-z0-9]+)+)");
  static const std::regex topic_name(R"((homelab[-.]|telemetry\.).*|.*\bdlq\b.*)");
  return std::regex_match(literal, topic_shape) && std::regex_match(literal, topic_name);
}

// Folder names under applications/ and libs/, and the web app: names of programs, not topics.
std::set<std::string> component_names(const SourceTree& tree) {
  std::set<std::string> names = {"heatpump-web"};
  for (const auto* top : {"applications/", "libs/"}) {
    for (const auto& file : tree.under(top)) {
      const auto rest = file.substr(std::string_view(top).size());
      if (const auto slash = rest.find('/'); slash != std::string::npos) {
        names.insert(rest.substr(0, slash));
      }
    }
  }
  return names;
}

}  // namespace

void check_kafka_topics(const SourceTree& tree, RuleOutput& out) {
  const std::string topic_list(kTopicList);
  std::set<std::string> declared;
  if (const auto text = tree.read(topic_list)) {
    try {
      for (const auto& topic : YAML::Load(*text)["topics"]) {
        declared.insert(topic["name"].as<std::string>());
      }
    } catch (const YAML::Exception& e) {
      out.violation({topic_list}, 0, std::string("cannot be read: ") + e.what());
    }
  }
  const auto components = component_names(tree);
  std::map<std::string, int> used;
  for (const auto* top : {"applications/", "libs/"}) {
    for (const auto& file : tree.under(top)) {
      if (file.find("/tests/") != std::string::npos ||
          !ends_with_any(file, {".cpp", ".hpp", ".h", ".cpp.in"})) {
        continue;
      }
      for (const auto& literal : scan_cpp(tree.read(file).value_or("")).literals) {
        if (!looks_like_topic(literal.text) || components.contains(literal.text)) {
          continue;
        }
        ++used[literal.text];
        if (!declared.contains(literal.text)) {
          out.violation(
              {file, topic_list}, literal.line,
              "uses Kafka topic `" + literal.text + "`, which " + topic_list + " does not declare");
        }
      }
    }
  }
  out.set_checked(std::to_string(used.size()) + " topic names in code, " +
                  std::to_string(declared.size()) + " declared");
}

}  // namespace arch_review
