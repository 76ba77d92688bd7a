#include "sql_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace migrate {
namespace {

std::vector<std::string> texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : split_statements(script)) {
    out.emplace_back(s.text);
  }
  return out;
}

std::vector<int> lines(std::string_view script) {
  std::vector<int> out;
  for (const auto& s : split_statements(script)) {
    out.push_back(s.line);
  }
  return out;
}

using Texts = std::vector<std::string>;

TEST(SqlSplitter, SplitsAtSemicolonsAndKeepsStartLines) {
  const std::string script =
      "CREATE TABLE a (id int);\n"
      "\n"
      "INSERT INTO a\n"
      "  VALUES (1);   INSERT INTO a VALUES (2);\n";
  EXPECT_EQ(texts(script), (Texts{"CREATE TABLE a (id int);", "INSERT INTO a\n  VALUES (1);",
                                  "INSERT INTO a VALUES (2);"}));
  EXPECT_EQ(lines(script), (std::vector<int>{1, 3, 4}));
}

TEST(SqlSplitter, DropsCommentsAndBlanksBetweenStatementsButKeepsThoseInside) {
  const std::string script =
      "-- header; not a statement\n"
      "/* block; /* nested; */ still comment; */\n"
      "SELECT 1 -- trailing; comment\n"
      "  + 2;\n"
      "-- the end;\n";
  EXPECT_EQ(texts(script), (Texts{"SELECT 1 -- trailing; comment\n  + 2;"}));
  EXPECT_EQ(lines(script), (std::vector<int>{3}));
}

TEST(SqlSplitter, IgnoresSemicolonsInStringsAndIdentifiers) {
  EXPECT_EQ(texts("SELECT 'a;''b;'; SELECT \"x;\"\"y\" FROM t;"),
            (Texts{"SELECT 'a;''b;';", "SELECT \"x;\"\"y\" FROM t;"}));
}

TEST(SqlSplitter, HonoursBackslashEscapesOnlyInEStrings) {
  EXPECT_EQ(texts(R"(SELECT E'it\'s; fine', e'\\'; SELECT 'C:\'; SELECT 2;)"),
            (Texts{R"(SELECT E'it\'s; fine', e'\\';)", R"(SELECT 'C:\';)", "SELECT 2;"}));
  // An identifier ending in e is not an E prefix.
  EXPECT_EQ(texts("SELECT name'x;'; SELECT 3;"), (Texts{"SELECT name'x;';", "SELECT 3;"}));
}

TEST(SqlSplitter, HandlesDollarQuotesWithAndWithoutTags) {
  const std::string script =
      "CREATE FUNCTION f() RETURNS int AS $$\n"
      "BEGIN RETURN 1; END;\n"
      "$$ LANGUAGE plpgsql;\n"
      "DO $body$ BEGIN PERFORM $x$;$x$; END $body$;\n"
      "SELECT $1::int, a$b FROM t;";
  const auto out = texts(script);
  ASSERT_EQ(out.size(), 3U);
  EXPECT_TRUE(out[0].ends_with("$$ LANGUAGE plpgsql;"));
  EXPECT_EQ(out[1], "DO $body$ BEGIN PERFORM $x$;$x$; END $body$;");
  EXPECT_EQ(out[2], "SELECT $1::int, a$b FROM t;");
  EXPECT_EQ(lines(script), (std::vector<int>{1, 4, 5}));
}

TEST(SqlSplitter, KeepsRuleActionsInParenthesesTogether) {
  EXPECT_EQ(texts("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
                  "INSERT INTO b VALUES (2)); SELECT 1;"),
            (Texts{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); "
                   "INSERT INTO b VALUES (2));",
                   "SELECT 1;"}));
}

TEST(SqlSplitter, KeepsBeginAtomicBodiesTogether) {
  const std::string body =
      "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\n"
      "BEGIN ATOMIC\n"
      "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n"
      "  SELECT 2;\n"
      "END;";
  EXPECT_EQ(texts(body + "\nBEGIN; SELECT 3; COMMIT;"),
            (Texts{body, "BEGIN;", "SELECT 3;", "COMMIT;"}));
}

TEST(SqlSplitter, KeepsAFinalStatementWithoutSemicolonAndSkipsEmptyOnes) {
  EXPECT_EQ(texts(";;\nSELECT 1;;\nSELECT 2  \n-- done\n"), (Texts{"SELECT 1;", "SELECT 2"}));
  EXPECT_TRUE(texts("-- only a comment\n/* and another */\n").empty());
}

TEST(SqlSplitter, CountsLinesInsideStringsAndComments) {
  const std::string script = "SELECT 'a\nb';\n/* x\ny */ SELECT $$\n$$;\nSELECT 3;";
  EXPECT_EQ(lines(script), (std::vector<int>{1, 4, 6}));
}

TEST(SqlSplitter, LeavesUnterminatedQuotesToTheServer) {
  EXPECT_EQ(texts("SELECT 1; SELECT 'open; SELECT 2;"),
            (Texts{"SELECT 1;", "SELECT 'open; SELECT 2;"}));
}

TEST(LineOfPosition, MapsServerCharacterPositionsToScriptLines) {
  const Statement s{"INSERT INTO t\n  VALUES (\n    nope)", 7};
  EXPECT_EQ(line_of_position(s, 0), 7);
  EXPECT_EQ(line_of_position(s, 1), 7);
  EXPECT_EQ(line_of_position(s, 14), 7);  // the newline ending the first line
  EXPECT_EQ(line_of_position(s, 15), 8);
  EXPECT_EQ(line_of_position(s, 30), 9);
  EXPECT_EQ(line_of_position(s, 1000), 9);
}

TEST(LineOfPosition, CountsMultiByteCharactersOnce) {
  // "å" and "ö" are two bytes each in UTF-8 but one character each for the server.
  const Statement s{"SELECT 'åö',\n x", 1};
  EXPECT_EQ(line_of_position(s, 13), 1);  // the newline is the 13th character
  EXPECT_EQ(line_of_position(s, 15), 2);  // x
}

}  // namespace
}  // namespace migrate
