#pragma once

#include <string_view>
#include <vector>

namespace migrate {

// One statement of a SQL script: its text from the first token through the terminating semicolon
// (comments inside it included), and the 1-based script line where it starts.
struct Statement {
  std::string_view text;
  int line = 1;
};

// Splits a PostgreSQL script at top-level semicolons, the way psql does: semicolons inside
// '...' (with '' escapes), E'...' (with backslash escapes), "identifiers", -- and nested /* */
// comments, $tag$ dollar quotes, parentheses (CREATE RULE actions) and BEGIN ATOMIC ... END
// routine bodies do not end a statement. Comments and blanks between statements are dropped; a
// final statement without a semicolon is kept. Syntax errors are left for the server to report.
std::vector<Statement> split_statements(std::string_view script);

// Script line of the 1-based character position (PostgreSQL counts characters, not bytes) that
// the server reported for an error in `statement`; the statement's first line for position 0.
int line_of_position(const Statement& statement, int position);

}  // namespace migrate
