#include "core/http/request.hpp"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>

namespace core::http {
namespace {

TEST(DecodeQuery, KeepsPlusWhereBoostUrlWouldDecodeASpace) {
  const auto target = boost::urls::parse_origin_form("/x?from=2026-01-16T00:00:00+01:00").value();
  // Boost.URL's default params() applies form decoding: this is why decode_query exists.
  EXPECT_EQ((*target.params().begin()).value, "2026-01-16T00:00:00 01:00");
  EXPECT_EQ(decode_query(target), (Params{{"from", "2026-01-16T00:00:00+01:00"}}));
}

TEST(DecodeQuery, PercentDecodesKeysAndValuesInOrder) {
  const auto target = boost::urls::parse_origin_form(
                          "/x?to=2026-01-16T00%3A00%3A00%2B01%3A00&a%20b=c%20d&e&f=1&f=2")
                          .value();
  EXPECT_EQ(
      decode_query(target),
      (Params{
          {"to", "2026-01-16T00:00:00+01:00"}, {"a b", "c d"}, {"e", ""}, {"f", "1"}, {"f", "2"}}));
}

TEST(Request, FindsParametersByName) {
  Request request;
  request.path_params = {{"device_id", "ThermIQ_1"}};
  request.query = {{"f", "1"}, {"f", "2"}, {"empty", ""}};
  EXPECT_EQ(request.path_param("device_id"), "ThermIQ_1");
  EXPECT_EQ(request.path_param("other"), "");
  EXPECT_EQ(request.query_param("f"), "1");  // the first of repeated keys
  EXPECT_EQ(request.query_param("empty"), "");
  EXPECT_EQ(request.query_param("missing"), std::nullopt);
}

}  // namespace
}  // namespace core::http
