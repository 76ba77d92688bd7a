#include "row_writer.hpp"

#include <array>
#include <charconv>

#include "json_text.hpp"
#include "utc_timestamp.hpp"

namespace homelab_api {

RowWriter::RowWriter(std::string& out, const core::pg::Result& result, int row)
    : out_(out), result_(result), row_(row) {
  out_ += '{';
}

void RowWriter::key(std::string_view key) {
  if (!first_) {
    out_ += ',';
  }
  first_ = false;
  // Member names are this service's own literals, plain ASCII that needs no escapes.
  out_ += '"';
  out_ += key;
  out_ += "\":";
}

bool RowWriter::member(std::string_view key) {
  this->key(key);
  if (result_.is_null(row_, column_)) {
    out_ += "null";
    ++column_;
    return false;
  }
  return true;
}

RowWriter& RowWriter::timestamp(std::string_view key) {
  if (member(key)) {
    out_ += '"';
    append_utc(out_, from_unix_micros(result_.integer(row_, column_++)));
    out_ += '"';
  }
  return *this;
}

RowWriter& RowWriter::integer(std::string_view key) {
  if (member(key)) {
    const auto text = result_.text(row_, column_);
    if (is_plain_integer_text(text)) {
      out_ += text;
    } else {
      std::array<char, 24> buf{};
      const auto [end, ec] =
          std::to_chars(buf.data(), buf.data() + buf.size(), result_.integer(row_, column_));
      out_.append(buf.data(), end);
    }
    ++column_;
  }
  return *this;
}

RowWriter& RowWriter::number(std::string_view key) {
  if (member(key)) {
    const auto text = result_.text(row_, column_);
    if (text == "NaN" || text == "Infinity" || text == "-Infinity") {
      out_ += "null";
    } else if (is_shortest_number_text(text)) {
      out_ += text;
    } else {
      append_json_number(out_, result_.number(row_, column_));
    }
    ++column_;
  }
  return *this;
}

RowWriter& RowWriter::boolean(std::string_view key) {
  if (member(key)) {
    out_ += result_.boolean(row_, column_++) ? "true" : "false";
  }
  return *this;
}

RowWriter& RowWriter::text(std::string_view key) {
  if (member(key)) {
    append_json_string(out_, result_.text(row_, column_++));
  }
  return *this;
}

RowWriter& RowWriter::null(std::string_view key) {
  this->key(key);
  out_ += "null";
  return *this;
}

void RowWriter::end() {
  out_ += '}';
}

}  // namespace homelab_api
