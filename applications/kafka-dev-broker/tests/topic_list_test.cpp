#include "topic_list.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kafka_dev_broker {
namespace {

class TopicListTest : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    std::ofstream(path_) << text;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                ("topic_list_test_" + std::to_string(::getpid()) + ".yaml");
};

TEST_F(TopicListTest, ReadsTheDeployedTopicList) {
  const auto topics = load_topic_list(K12N_SOURCE_DIR "/deploy/kafka-topics.yaml");
  ASSERT_EQ(topics.size(), 4U);
  EXPECT_EQ(topics[0].name, "homelab-energy-realtime");
  EXPECT_EQ(topics[0].partitions, 3);
  EXPECT_EQ(topics[3].name, "homelab-dlq");
  EXPECT_EQ(topics[3].partitions, 1);
}

TEST_F(TopicListTest, ReportsEveryProblemAtOnce) {
  const auto path = write(
      "topics:\n"
      "  - name: good\n    partitions: 2\n"
      "  - name: 'bad name'\n    partitions: 1\n"
      "  - name: good\n    partitions: zero\n"
      "  - partitions: 3\n");
  try {
    load_topic_list(path);
    FAIL() << "an invalid topic list was accepted";
  } catch (const std::runtime_error& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("4 problem(s)"), std::string::npos) << text;
    EXPECT_NE(text.find("topics[1].name: 'bad name'"), std::string::npos) << text;
    EXPECT_NE(text.find("topics[2].name: 'good' is declared twice"), std::string::npos) << text;
    EXPECT_NE(text.find("topics[2].partitions"), std::string::npos) << text;
    EXPECT_NE(text.find("topics[3].name: ''"), std::string::npos) << text;
  }
}

TEST_F(TopicListTest, RejectsAFileWithoutTopics) {
  EXPECT_THROW(load_topic_list(write("topics: []\n")), std::runtime_error);
  EXPECT_THROW(load_topic_list(path_.string() + ".missing"), std::runtime_error);
}

}  // namespace
}  // namespace kafka_dev_broker
