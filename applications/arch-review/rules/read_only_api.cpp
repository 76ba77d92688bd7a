// homelab-api reads the telemetry database and nothing else: no statement that writes or
// changes the schema, and no Kafka consumer (the original ran one that nobody reviewed).
#include <array>
#include <regex>

#include "cpp_scan.hpp"
#include "rules/rules.hpp"

namespace arch_review {
namespace {

constexpr std::string_view kApiDir = "applications/homelab-api/";

struct Pattern {
  std::regex regex;
  std::string_view what;
};

const std::vector<Pattern>& write_patterns() {
  constexpr auto kFlags = std::regex::icase | std::regex::ECMAScript;
  static const std::vector<Pattern> patterns = {
      {std::regex(R"(\binsert\s+into\b)", kFlags), "INSERT"},
      {std::regex(R"(\bupdate\s+[\w."]+\s+set\b)", kFlags), "UPDATE"},
      {std::regex(R"(\bdelete\s+from\b)", kFlags), "DELETE"},
      {std::regex(R"(\bmerge\s+into\b)", kFlags), "MERGE"},
      {std::regex(R"(\bcopy\s+[\w."]+\s*(\([^)]*\)\s*)?from\b)", kFlags), "COPY ... FROM"},
      {std::regex(R"(\btruncate\s+(table\s+)?(only\s+)?[\w."]+)", kFlags), "TRUNCATE"},
      {std::regex(
           R"(\b(create|alter|drop)\s+(or\s+replace\s+)?(temp(orary)?\s+|unlogged\s+|unique\s+|materialized\s+)?(table|index|view|schema|function|procedure|extension|role|user|trigger|database|sequence|type|policy)\b)",
           kFlags),
       "DDL"},
      {std::regex(R"(\b(grant|revoke)\s+(select|insert|update|delete|all|usage)\b)", kFlags),
       "GRANT/REVOKE"},
  };
  return patterns;
}

// Names that only a Kafka consumer uses, in code with comments removed.
constexpr std::array<std::string_view, 6> kConsumerMarkers = {
    "core/kafka/consumer.hpp", "KafkaConsumer",          "core::kafka::Consumer",
    "rd_kafka_subscribe",      "rd_kafka_consumer_poll", "RdKafka::Consumer"};

void check_source(const std::string& file, const std::string& text, RuleOutput& out) {
  const bool sql_file = file.ends_with(".sql");
  const auto scan = scan_cpp(text);
  std::vector<StringLiteral> candidates =
      sql_file ? std::vector<StringLiteral>{{text, 1}} : scan.literals;
  for (const auto& literal : candidates) {
    for (const auto& pattern : write_patterns()) {
      std::smatch match;
      if (std::regex_search(literal.text, match, pattern.regex)) {
        const int line =
            literal.line + line_of(literal.text, static_cast<std::size_t>(match.position(0))) - 1;
        out.violation({file}, line,
                      "homelab-api is read-only but issues " + std::string(pattern.what) + ": `" +
                          match.str(0) + "`");
      }
    }
  }
  if (sql_file) {
    return;
  }
  for (const auto marker : kConsumerMarkers) {
    if (const auto at = scan.code.find(marker); at != std::string::npos) {
      out.violation({file}, line_of(scan.code, at),
                    "homelab-api must not consume Kafka but uses `" + std::string(marker) + "`");
    }
  }
}

void check_link_libraries(const std::string& file, const std::string& text, RuleOutput& out) {
  static const std::regex kafka_library(
      R"(\b(core_kafka|PkgConfig::RDKAFKA|rdkafka\+\+|rdkafka)\b)");
  std::string::size_type line_start = 0;
  int line = 1;
  while (line_start <= text.size()) {
    const auto line_end = text.find('\n', line_start);
    auto content = text.substr(line_start, line_end - line_start);
    content = content.substr(0, content.find('#'));
    std::smatch match;
    if (std::regex_search(content, match, kafka_library)) {
      out.violation({file}, line,
                    "homelab-api must not consume Kafka but links `" + match.str(0) + "`");
    }
    if (line_end == std::string::npos) {
      break;
    }
    line_start = line_end + 1;
    ++line;
  }
}

}  // namespace

void check_read_only_api(const SourceTree& tree, RuleOutput& out) {
  int checked = 0;
  for (const auto& file : tree.under(kApiDir)) {
    if (file.find("/tests/") != std::string::npos) {
      continue;
    }
    const auto text = tree.read(file);
    if (!text) {
      continue;
    }
    if (file_name(file) == "CMakeLists.txt" || file.ends_with(".cmake")) {
      check_link_libraries(file, *text, out);
    } else if (ends_with_any(file, {".cpp", ".hpp", ".h", ".cpp.in", ".sql"})) {
      check_source(file, *text, out);
    } else {
      continue;
    }
    ++checked;
  }
  out.set_checked(std::to_string(checked) + " homelab-api source and build files");
}

}  // namespace arch_review
