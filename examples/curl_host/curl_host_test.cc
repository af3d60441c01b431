// File: examples/curl_host/curl_host_test.cc
//
// The example host over real sockets: libcurl against a loopback server
// with configured CORS answers. What the server received (preflights, cache
// hits that skip them, redirects followed, cookies only with credentials)
// is checked from its log.

#include "examples/curl_host/curl_host.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/loopback/loopback_server.h"

namespace corsengine::examples {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using corsengine::loopback::LoggedRequest;
using corsengine::loopback::LoopbackAnswer;
using corsengine::loopback::LoopbackServer;

constexpr char kPage[] = "https://app.example";

std::vector<std::string> Lines(const std::vector<LoggedRequest>& log) {
  std::vector<std::string> out;
  for (const LoggedRequest& r : log) out.push_back(r.method + " " + r.target);
  return out;
}

ProbeOptions Options(const LoopbackServer& server, std::string path,
                     const Profile& profile = kChromiumProfile) {
  ProbeOptions o;
  o.url = server.url(path);
  o.origin = kPage;
  o.profiles = {&profile};
  return o;
}

class CurlHostTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }
  LoopbackServer server_;
  CurlTransport transport_;
};

TEST_F(CurlHostTest, PreflightThenCacheHitOverRealSockets) {
  server_.Answer("OPTIONS", "/items",
                 LoopbackAnswer{204,
                                {{"Access-Control-Allow-Origin", kPage},
                                 {"Access-Control-Allow-Methods", "PUT"},
                                 {"Access-Control-Allow-Headers", "X-Token"},
                                 {"Access-Control-Max-Age", "60"}},
                                ""});
  server_.Answer("PUT", "/items",
                 LoopbackAnswer{200,
                                {{"Access-Control-Allow-Origin", kPage},
                                 {"Access-Control-Expose-Headers", "X-Visible"},
                                 {"X-Visible", "1"},
                                 {"X-Hidden", "2"},
                                 {"Content-Type", "text/plain"}},
                                "stored\n"});
  ProbeOptions o = Options(server_, "/items");
  o.method = "PUT";
  o.headers = {{"X-Token", "t"}};
  o.body = "{}";
  o.repeat = 2;
  const std::vector<ProfileVerdict> v = Probe(o, transport_);
  ASSERT_EQ(v.size(), 1u);
  ASSERT_TRUE(v[0].allowed()) << Describe(v[0].runs.back());
  EXPECT_EQ(v[0].runs[0].preflights_sent, 1);
  EXPECT_EQ(v[0].runs[1].preflights_sent, 0);  // the cache let it skip
  EXPECT_THAT(v[0].runs[1].final.response.header_names,
              ElementsAre("content-length", "content-type", "x-visible"));

  const std::vector<LoggedRequest> log = server_.log();
  ASSERT_THAT(Lines(log), ElementsAre("OPTIONS /items", "PUT /items", "PUT /items"));
  const LoggedRequest& preflight = log[0];
  ASSERT_NE(preflight.Find("Origin"), nullptr);
  EXPECT_EQ(*preflight.Find("Origin"), kPage);
  EXPECT_EQ(*preflight.Find("Access-Control-Request-Method"), "PUT");
  EXPECT_EQ(*preflight.Find("Access-Control-Request-Headers"), "x-token");
  EXPECT_EQ(preflight.Find("X-Token"), nullptr);  // never on a preflight
  EXPECT_EQ(*log[1].Find("X-Token"), "t");
  EXPECT_EQ(*log[1].Find("Origin"), kPage);
  EXPECT_EQ(log[1].body, "{}");
}

TEST_F(CurlHostTest, BlockedWhenAllowOriginDoesNotMatch) {
  server_.Answer("GET", "/data",
                 LoopbackAnswer{200,
                                {{"Access-Control-Allow-Origin",
                                  "https://other.example"}},
                                "secret\n"});
  const std::vector<ProfileVerdict> v =
      Probe(Options(server_, "/data"), transport_);
  ASSERT_FALSE(v[0].allowed());
  const Action& a = v[0].runs[0].final;
  EXPECT_EQ(a.error.error, CorsError::kAllowOriginMismatch);
  EXPECT_THAT(Describe(v[0].runs[0]), HasSubstr("'https://other.example'"));
  // The request did go out: CORS hides the response, not the request.
  EXPECT_THAT(Lines(server_.log()), ElementsAre("GET /data"));
}

TEST_F(CurlHostTest, RedirectIsFollowedByTheEngine) {
  server_.Answer("GET", "/old",
                 LoopbackAnswer{302,
                                {{"Location", "/new?x=1"},
                                 {"Access-Control-Allow-Origin", "*"}},
                                ""});
  server_.Answer("GET", "/new",
                 LoopbackAnswer{200, {{"Access-Control-Allow-Origin", "*"}}, "new\n"});
  const std::vector<ProfileVerdict> v =
      Probe(Options(server_, "/old"), transport_);
  ASSERT_TRUE(v[0].allowed()) << Describe(v[0].runs[0]);
  EXPECT_EQ(v[0].runs[0].final.response.url, server_.url("/new?x=1"));
  EXPECT_THAT(Lines(server_.log()), ElementsAre("GET /old", "GET /new?x=1"));
}

TEST_F(CurlHostTest, CookiesGoOnlyWithCredentials) {
  const std::vector<Header> credentialed = {
      {"Access-Control-Allow-Origin", kPage},
      {"Access-Control-Allow-Credentials", "true"}};
  std::vector<Header> login = credentialed;
  login.push_back({"Set-Cookie", "sid=42; Path=/"});
  server_.Answer("GET", "/login", LoopbackAnswer{200, login, ""});
  server_.Answer("GET", "/me", LoopbackAnswer{200, credentialed, ""});

  ProbeOptions o = Options(server_, "/login");
  o.credentials = CredentialsMode::kInclude;
  ASSERT_TRUE(Probe(o, transport_)[0].allowed());
  o.url = server_.url("/me");
  ASSERT_TRUE(Probe(o, transport_)[0].allowed());
  o.credentials = CredentialsMode::kOmit;
  ASSERT_TRUE(Probe(o, transport_)[0].allowed());

  const std::vector<LoggedRequest> log = server_.log();
  ASSERT_EQ(log.size(), 3u);
  ASSERT_NE(log[1].Find("Cookie"), nullptr);
  EXPECT_EQ(*log[1].Find("Cookie"), "sid=42");
  EXPECT_EQ(log[2].Find("Cookie"), nullptr);
}

TEST_F(CurlHostTest, NoServerIsANetworkError) {
  ProbeOptions o;
  {
    LoopbackServer gone;  // a port that was just free, and is again
    o.url = gone.url("/x");
  }
  o.origin = kPage;
  o.profiles = {&kChromiumProfile};
  const std::vector<ProfileVerdict> v = Probe(o, transport_);
  ASSERT_FALSE(v[0].allowed());
  EXPECT_EQ(v[0].runs[0].final.error.error, CorsError::kNetworkError);
}

TEST_F(CurlHostTest, ProbeReportsEachProfile) {
  // `*` covers Authorization for the three browsers recorded, not for the
  // Fetch Standard (docs/PROFILES.md).
  server_.Answer("OPTIONS", "/auth",
                 LoopbackAnswer{204,
                                {{"Access-Control-Allow-Origin", "*"},
                                 {"Access-Control-Allow-Headers", "*"}},
                                ""});
  server_.Answer("GET", "/auth",
                 LoopbackAnswer{200, {{"Access-Control-Allow-Origin", "*"}}, ""});
  ProbeOptions o;
  std::string error;
  ASSERT_TRUE(ParseProbeArgs({server_.url("/auth"), "--origin", kPage, "-H",
                              "Authorization: Bearer t", "--profile", "all"},
                             &o, &error))
      << error;
  const std::string report = ReportProbe(Probe(o, transport_));
  EXPECT_THAT(report, HasSubstr("chromium: allowed (cors 200"));
  EXPECT_THAT(report, HasSubstr("firefox: allowed"));
  EXPECT_THAT(report, HasSubstr("webkit: allowed"));
  EXPECT_THAT(report, HasSubstr("spec: blocked: AuthorizationCoveredOnlyByWildcard"));
  EXPECT_THAT(report, HasSubstr("the profiles differ"));
  // Four preflights went out, one per profile, and three actual requests.
  std::vector<std::string> lines = Lines(server_.log());
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "OPTIONS /auth"), 4);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "GET /auth"), 3);
}

TEST(ParseProbeArgs, RefusesMalformedArguments) {
  auto refused = [](std::vector<std::string> args, std::string_view why) {
    ProbeOptions o;
    std::string error;
    const bool ok = ParseProbeArgs(args, &o, &error);
    EXPECT_FALSE(ok) << args.front();
    EXPECT_THAT(error, HasSubstr(std::string(why)));
  };
  refused({"http://127.0.0.1:1/"}, "--origin");
  refused({"--origin", kPage}, "no URL");
  refused({"u", "--origin", kPage, "-H", "novalue"}, "Name: value");
  refused({"u", "--origin", kPage, "--profile", "netscape"}, "unknown profile");
  refused({"u", "--origin", kPage, "--repeat", "0"}, "--repeat");
  refused({"u", "--origin"}, "needs a value");
  refused({"u", "--origin", kPage, "--credentials", "yes"}, "yes");
  refused({"u", "v", "--origin", kPage}, "one URL only");
  refused({"u", "--origin", kPage, "--bogus"}, "unknown option");
}

}  // namespace
}  // namespace corsengine::examples
