// File: tests/response_filter_test.cc

#include "corsengine/response_filter.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

using testing::ElementsAre;
using testing::IsEmpty;

std::vector<std::string> Names(const std::vector<HeaderView>& headers,
                               ResponseType type, CredentialsMode credentials) {
  ReadableHeaderIndices readable;
  ComputeReadableHeaders(headers, type, credentials, &readable);
  return ReadableHeaderNames(headers, readable);
}

const CredentialsMode kOmit = CredentialsMode::kOmit;
const CredentialsMode kInclude = CredentialsMode::kInclude;

const std::vector<HeaderView> kResponse = {
    {"Access-Control-Allow-Origin", "https://app.example"},
    {"Content-Type", "application/json"},
    {"Content-Length", "12"},
    {"Cache-Control", "no-cache"},
    {"Date", "Thu, 01 Jan 1970 00:00:00 GMT"},
    {"ETag", "\"x\""},
    {"X-Request-ID", "abc"},
    {"Set-Cookie", "a=b"},
    {"set-cookie2", "c=d"},
};

TEST(ComputeReadableHeaders, BasicShowsAllButSetCookie) {
  EXPECT_THAT(Names(kResponse, ResponseType::kBasic, kOmit),
              ElementsAre("access-control-allow-origin", "cache-control",
                          "content-length", "content-type", "date", "etag",
                          "x-request-id"));
}

TEST(ComputeReadableHeaders, OpaqueShowsNothing) {
  EXPECT_THAT(Names(kResponse, ResponseType::kOpaque, kOmit), IsEmpty());
  EXPECT_THAT(Names(kResponse, ResponseType::kOpaqueRedirect, kOmit), IsEmpty());
}

TEST(ComputeReadableHeaders, CorsShowsSafelistedOnly) {
  EXPECT_THAT(Names(kResponse, ResponseType::kCors, kOmit),
              ElementsAre("cache-control", "content-length", "content-type"));
}

struct ExposeCase {
  const char* what;
  std::vector<const char*> expose;  // one header each
  CredentialsMode credentials;
  std::vector<std::string> names;
};

TEST(ComputeReadableHeaders, ExposeHeaders) {
  const std::vector<ExposeCase> cases = {
      {"one name", {"X-Request-ID"}, kOmit,
       {"cache-control", "content-length", "content-type", "x-request-id"}},
      {"lowercase name", {"x-request-id, etag"}, kInclude,
       {"cache-control", "content-length", "content-type", "etag", "x-request-id"}},
      {"two headers", {"ETag", "Date"}, kOmit,
       {"cache-control", "content-length", "content-type", "date", "etag"}},
      {"empty elements", {", ETag,,"}, kOmit,
       {"cache-control", "content-length", "content-type", "etag"}},
      {"one bad token voids the list", {"ETag, X B"}, kOmit,
       {"cache-control", "content-length", "content-type"}},
      {"semicolon voids the list", {"ETag;"}, kOmit,
       {"cache-control", "content-length", "content-type"}},
      {"quoted string voids the list", {"\"ETag\""}, kOmit,
       {"cache-control", "content-length", "content-type"}},
      {"star exposes all without credentials", {"*"}, kOmit,
       {"access-control-allow-origin", "access-control-expose-headers",
        "cache-control", "content-length", "content-type", "date", "etag",
        "x-request-id"}},
      {"star is literal with credentials", {"*, ETag"}, kInclude,
       {"cache-control", "content-length", "content-type", "etag"}},
      {"Set-Cookie can never be exposed", {"Set-Cookie, Set-Cookie2"}, kOmit,
       {"cache-control", "content-length", "content-type"}},
      {"listed but absent", {"X-Missing"}, kOmit,
       {"cache-control", "content-length", "content-type"}},
  };
  for (const ExposeCase& c : cases) {
    std::vector<HeaderView> headers = kResponse;
    for (const char* e : c.expose) {
      headers.push_back({"Access-Control-Expose-Headers", e});
    }
    EXPECT_EQ(Names(headers, ResponseType::kCors, c.credentials), c.names) << c.what;
  }
}

TEST(ComputeReadableHeaders, IndicesFollowInputOrderAndRepeats) {
  const std::vector<HeaderView> h = {{"X-A", "1"},
                                     {"Content-Type", "a/b"},
                                     {"x-a", "2"},
                                     {"Access-Control-Expose-Headers", "X-A"}};
  ReadableHeaderIndices readable;
  ComputeReadableHeaders(h, ResponseType::kCors, kOmit, &readable);
  EXPECT_THAT(readable, ElementsAre(0u, 1u, 2u));
  EXPECT_THAT(ReadableHeaderNames(h, readable), ElementsAre("content-type", "x-a"));
}

TEST(ResponseType, Names) {
  EXPECT_EQ(ToString(ResponseType::kBasic), "basic");
  EXPECT_EQ(ToString(ResponseType::kCors), "cors");
  EXPECT_EQ(ToString(ResponseType::kOpaque), "opaque");
  EXPECT_EQ(ToString(ResponseType::kOpaqueRedirect), "opaqueredirect");
  EXPECT_EQ(ToString(ResponseType::kError), "error");
}

}  // namespace
}  // namespace corsengine
