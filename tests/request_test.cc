// File: tests/request_test.cc
//
// CreateRequest(): what fetch() and the Request constructor accept, refuse
// and silently change.

#include "corsengine/request.h"

#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace corsengine {
namespace {

struct Init {
  const char* method = "GET";
  const char* url = "https://api.example/x";
  std::vector<HeaderView> headers;
  RequestMode mode = RequestMode::kCors;
  CacheMode cache = CacheMode::kDefault;
};

Init I(const char* method, const char* url = "https://api.example/x",
       std::vector<HeaderView> headers = {},
       RequestMode mode = RequestMode::kCors,
       CacheMode cache = CacheMode::kDefault) {
  Init in;
  in.method = method;
  in.url = url;
  in.headers = std::move(headers);
  in.mode = mode;
  in.cache = cache;
  return in;
}

Expected<Request> Create(const Init& in, const Profile& profile = kSpecProfile) {
  RequestInit init;
  init.origin = *Origin::Parse("https://app.example");
  init.url = in.url;
  init.method = in.method;
  init.headers = in.headers;
  init.mode = in.mode;
  init.cache = in.cache;
  return CreateRequest(init, profile);
}

std::vector<std::string> HeaderStrings(const Request& r) {
  std::vector<std::string> out;
  for (const Header& h : r.headers) out.push_back(h.name + ": " + h.value);
  return out;
}

struct RefusalCase {
  const char* what;
  Init init;
  CorsError error;
};

TEST(CreateRequest, Refusals) {
  const std::vector<RefusalCase> cases = {
      {"relative URL", I("GET", "/x"), CorsError::kInvalidUrl},
      {"credentials in URL", I("GET", "https://u:p@api.example/"),
       CorsError::kUrlContainsCredentials},
      {"username only", I("GET", "https://u@api.example/"),
       CorsError::kUrlContainsCredentials},
      {"method with space", I("GE T"), CorsError::kInvalidMethod},
      {"empty method", I(""), CorsError::kInvalidMethod},
      {"CONNECT", I("CONNECT"), CorsError::kForbiddenMethod},
      {"trace", I("trace"), CorsError::kForbiddenMethod},
      {"Track", I("Track"), CorsError::kForbiddenMethod},
      {"header name with space",
       I("GET", "https://api.example/", {{"X A", "1"}}),
       CorsError::kInvalidHeaderName},
      {"empty header name", I("GET", "https://api.example/", {{"", "1"}}),
       CorsError::kInvalidHeaderName},
      {"newline in value", I("GET", "https://api.example/", {{"X-A", "a\nb"}}),
       CorsError::kInvalidHeaderValue},
      {"NUL in value",
       I("GET", "https://api.example/",
         {{"X-A", std::string_view("a\0b", 3)}}),
       CorsError::kInvalidHeaderValue},
      {"navigate mode",
       I("GET", "https://api.example/", {}, RequestMode::kNavigate),
       CorsError::kInvalidRequestMode},
      {"no-cors PUT", I("PUT", "https://api.example/", {}, RequestMode::kNoCors),
       CorsError::kMethodNotAllowedInNoCorsMode},
      {"no-cors patch",
       I("patch", "https://api.example/", {}, RequestMode::kNoCors),
       CorsError::kMethodNotAllowedInNoCorsMode},
      {"only-if-cached outside same-origin",
       I("GET", "https://api.example/", {}, RequestMode::kCors,
         CacheMode::kOnlyIfCached),
       CorsError::kOnlyIfCachedRequiresSameOrigin},
  };

  for (const RefusalCase& c : cases) {
    Expected<Request> r = Create(c.init);
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.error().error, c.error) << c.what << ": " << r.error();
    EXPECT_FALSE(r.error().message.empty()) << c.what;
  }
}

// #dom-request: a body on GET or HEAD throws; a stream body (its source is
// null) throws outside cors and same-origin modes and otherwise sets the
// use-CORS-preflight flag; other bodies change nothing CORS sees.
TEST(CreateRequest, Bodies) {
  struct Case {
    const char* method;
    RequestMode mode;
    RequestBody body;
    std::optional<CorsError> error;
    bool use_cors_preflight;
  };
  const Case cases[] = {
      {"GET", RequestMode::kCors, RequestBody::kNone, std::nullopt, false},
      {"get", RequestMode::kCors, RequestBody::kReplayable,
       CorsError::kBodyWithGetOrHead, false},
      {"HEAD", RequestMode::kSameOrigin, RequestBody::kStream,
       CorsError::kBodyWithGetOrHead, false},
      {"POST", RequestMode::kCors, RequestBody::kReplayable, std::nullopt,
       false},
      {"POST", RequestMode::kNoCors, RequestBody::kReplayable, std::nullopt,
       false},
      {"POST", RequestMode::kCors, RequestBody::kStream, std::nullopt, true},
      {"put", RequestMode::kSameOrigin, RequestBody::kStream, std::nullopt,
       true},
      {"POST", RequestMode::kNoCors, RequestBody::kStream,
       CorsError::kStreamBodyNeedsCorsMode, false},
      // The method's checks come first, then the body's, GET's before the
      // stream's.
      {"GET", RequestMode::kNoCors, RequestBody::kStream,
       CorsError::kBodyWithGetOrHead, false},
      {"PUT", RequestMode::kNoCors, RequestBody::kReplayable,
       CorsError::kMethodNotAllowedInNoCorsMode, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message()
                 << c.method << " " << ToString(c.mode) << " body "
                 << static_cast<int>(c.body));
    RequestInit init;
    init.origin = *Origin::Parse("https://app.example");
    init.url = "https://api.example/x";
    init.method = c.method;
    init.mode = c.mode;
    init.body = c.body;
    Expected<Request> r = CreateRequest(init, kSpecProfile);
    if (c.error) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().error, *c.error) << r.error();
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->body, c.body);
    EXPECT_EQ(r->use_cors_preflight, c.use_cors_preflight);
  }
}

TEST(CreateRequest, NormalizesMethodAndValues) {
  Init in;
  in.method = "delete";
  in.headers = {{"X-A", "  v \t"}, {"X-B", ""}};
  Expected<Request> r = Create(in);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->method, "DELETE");
  EXPECT_THAT(HeaderStrings(*r), testing::ElementsAre("X-A: v", "X-B: "));
  in.method = "patch";
  EXPECT_EQ(Create(in)->method, "patch");
}

TEST(CreateRequest, DropsForbiddenHeadersSilently) {
  Init in;
  in.headers = {{"Origin", "https://evil.example"},
                {"Cookie", "a=b"},
                {"Sec-Fetch-Mode", "cors"},
                {"Proxy-Authorization", "x"},
                {"X-HTTP-Method-Override", "GET, TRACE"},
                {"X-HTTP-Method-Override", "PUT"},
                {"Priority", "u=1"},
                {"X-Custom", "1"}};
  Expected<Request> r = Create(in);
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(HeaderStrings(*r),
              testing::ElementsAre("X-HTTP-Method-Override: PUT",
                                   "Priority: u=1", "X-Custom: 1"));
}

TEST(CreateRequest, NoCorsKeepsOnlyNoCorsSafelistedHeaders) {
  Init in;
  in.method = "POST";
  in.mode = RequestMode::kNoCors;
  in.headers = {{"X-Custom", "1"},
                {"Content-Type", "application/json"},
                {"Accept", "text/html"},
                {"Range", "bytes=0-1"},
                {"Content-Language", "de"}};
  Expected<Request> r = Create(in);
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(HeaderStrings(*r),
              testing::ElementsAre("Accept: text/html", "Content-Language: de"));
}

TEST(CreateRequest, NoCorsJudgesTheCombinedValue) {
  // The second Accept would make the combined value longer than 128 bytes,
  // so it is dropped and the first stays.
  const std::string v(100, 'a');
  Init in;
  in.mode = RequestMode::kNoCors;
  in.headers = {{"Accept", v}, {"Accept", v}};
  Expected<Request> r = Create(in);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->headers.size(), 1u);
  EXPECT_EQ(r->headers[0].value, v);
}

TEST(CreateRequest, RepeatedNamesPerProfile) {
  Init in;
  in.headers = {{"X-A", "1"}, {"x-a", "2"}};
  // #concept-header-list-append keeps the first name's case.
  EXPECT_THAT(HeaderStrings(*Create(in, kSpecProfile)),
              testing::ElementsAre("X-A: 1", "X-A: 2"));
  EXPECT_THAT(HeaderStrings(*Create(in, kFirefoxProfile)),
              testing::ElementsAre("X-A: 1", "X-A: 2"));
  EXPECT_THAT(HeaderStrings(*Create(in, kChromiumProfile)),
              testing::ElementsAre("X-A: 1, 2"));
  EXPECT_THAT(HeaderStrings(*Create(in, kWebKitProfile)),
              testing::ElementsAre("X-A: 1, 2"));
}

TEST(CreateRequest, PipeInThePathPerProfile) {
  const char* url = "https://api.example/a|b/c|?q|r#f|g";
  Expected<Request> spec = Create(I("GET", url));
  ASSERT_TRUE(spec.ok()) << spec.error();
  EXPECT_EQ(spec->url.spec(), "https://api.example/a|b/c|?q|r");
  // Chromium encodes it in the path only; the query and fragment keep it.
  Expected<Request> chromium = Create(I("GET", url), kChromiumProfile);
  ASSERT_TRUE(chromium.ok()) << chromium.error();
  EXPECT_EQ(chromium->url.spec(), "https://api.example/a%7Cb/c%7C?q|r");
  EXPECT_EQ(chromium->url.fragment(), "f|g");
}

TEST(ParseModes, WebIdlStrings) {
  EXPECT_EQ(*ParseRequestMode("no-cors"), RequestMode::kNoCors);
  EXPECT_EQ(*ParseRequestMode("navigate"), RequestMode::kNavigate);
  EXPECT_EQ(ParseRequestMode("CORS").error().error, CorsError::kInvalidRequestMode);
  EXPECT_EQ(ParseRequestMode("websocket").error().error,
            CorsError::kInvalidRequestMode);
  EXPECT_EQ(*ParseCredentialsMode("include"), CredentialsMode::kInclude);
  EXPECT_EQ(ParseCredentialsMode("INCLUDE").error().error,
            CorsError::kInvalidCredentialsMode);
  EXPECT_EQ(*ParseRedirectMode("manual"), RedirectMode::kManual);
  EXPECT_EQ(ParseRedirectMode("FOLLOW").error().error,
            CorsError::kInvalidRedirectMode);
  EXPECT_EQ(*ParseCacheMode("only-if-cached"), CacheMode::kOnlyIfCached);
  EXPECT_EQ(ParseCacheMode("none").error().error, CorsError::kInvalidCacheMode);
  for (auto m : {RequestMode::kCors, RequestMode::kNoCors, RequestMode::kSameOrigin,
                 RequestMode::kNavigate}) {
    EXPECT_EQ(*ParseRequestMode(ToString(m)), m);
  }
  for (auto c : {CacheMode::kDefault, CacheMode::kNoStore, CacheMode::kReload,
                 CacheMode::kNoCache, CacheMode::kForceCache,
                 CacheMode::kOnlyIfCached}) {
    EXPECT_EQ(*ParseCacheMode(ToString(c)), c);
  }
}

}  // namespace
}  // namespace corsengine
