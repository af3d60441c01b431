// File: tools/corsctl/corsctl_test.cc
//
// corsctl's command line: output shapes, and bad input reported by line and
// field with exit code 2 while the other lines are still processed.

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/profile.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/loopback/loopback_server.h"
#include "tools/corsctl/commands.h"
#include "tools/corsctl/scenario.h"
#include "tools/corsctl/simulator.h"

namespace corsctl {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr char kGood[] =
    R"({"name":"good","origin":"http://127.0.0.1:8001","steps":[{"request":)"
    R"({"method":"GET","url":"http://127.0.0.1:8002/r/x"},"server":[)"
    R"({"method":"GET","url":"http://127.0.0.1:8002/r/x","status":200,)"
    R"("headers":[["Access-Control-Allow-Origin","*"],["X-A","1"]]}]}]})";

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result Invoke(const std::vector<std::string>& args, const std::string& stdin_text) {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  const int code = RunCorsctl(args, in, out, err);
  return {code, out.str(), err.str()};
}

TEST(Corsctl, RunWritesOneRecordPerScenario) {
  Result r = Invoke({"run", "-", "--profile", "chromium"},
                 std::string(kGood) + "\n\n" + kGood + "\n");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    TruthRecord record;
    std::string error;
    ASSERT_TRUE(ParseTruthRecord(line, &record, &error)) << error;
    EXPECT_EQ(record.name, "good");
    EXPECT_THAT(record.browser, HasSubstr("chromium"));
    ASSERT_EQ(record.steps.size(), 1u);
    EXPECT_EQ(record.steps[0].result, "ok");
    EXPECT_EQ(record.steps[0].type, "cors");
    ASSERT_EQ(record.steps[0].wire.size(), 1u);
    EXPECT_EQ(record.steps[0].wire[0].origin, "http://127.0.0.1:8001");
    EXPECT_FALSE(record.steps[0].reason.empty());
    ++n;
  }
  EXPECT_EQ(n, 2);
}

TEST(Corsctl, BadLinesNameLineAndFieldAndTheRestStillRuns) {
  const std::string input =
      std::string(kGood) + "\n" +                                   // line 1
      "{not json\n" +                                               // line 2
      R"({"name":"no-origin","steps":[]})" + "\n" +                 // line 3
      R"({"name":"x","origin":"http://a","steps":[{"request":{"url":5}}]})" +
      "\n" +                                                        // line 4
      R"({"name":"y","origin":"http://a","steps":[{"request":{}}]})" + "\n" +
      kGood + "\n";                                                 // line 6
  Result r = Invoke({"run", "-"}, input);
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_THAT(r.err, HasSubstr("-:2: malformed JSON"));
  EXPECT_THAT(r.err, HasSubstr("-:3: field 'origin': missing"));
  EXPECT_THAT(r.err,
              HasSubstr("-:4: field 'steps[0].request.url': expected a string, "
                        "got number"));
  EXPECT_THAT(r.err, HasSubstr("-:5: field 'steps[0].request.url': missing"));
  // Lines 1 and 6 were still run.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
}

TEST(Corsctl, FetchTypeErrorsAreResultsNotBadInput) {
  const std::string bad_mode =
      R"({"name":"m","origin":"http://127.0.0.1:8001","steps":[{"request":)"
      R"({"url":"http://127.0.0.1:8002/r/x","mode":"navigate"}}]})";
  Result r = Invoke({"run", "-"}, bad_mode + "\n");
  EXPECT_EQ(r.code, kExitOk);
  TruthRecord record;
  std::string error;
  ASSERT_TRUE(ParseTruthRecord(r.out.substr(0, r.out.find('\n')), &record, &error));
  EXPECT_EQ(record.steps[0].result, "error");
  EXPECT_TRUE(record.steps[0].wire.empty());
  EXPECT_THAT(record.steps[0].reason, HasSubstr("navigate"));
}

// The simulated servers stand where a real run's do: a redirect to an origin
// that neither the format's servers nor the scenario name reaches nothing,
// and a server entry with a fragment matches no request.
TEST(Corsctl, UnreachableOriginsAndFragmentEntries) {
  const std::string elsewhere =
      R"({"name":"e","origin":"http://127.0.0.1:8001","steps":[{"request":)"
      R"({"url":"http://127.0.0.1:8002/r/x"},"server":[{"method":"GET",)"
      R"("url":"http://127.0.0.1:8002/r/x","status":302,"headers":)"
      R"([["Location","https:/r/y"],["Access-Control-Allow-Origin","*"]]}]}]})";
  const std::string fragment =
      R"({"name":"f","origin":"http://127.0.0.1:8001","steps":[{"request":)"
      R"({"url":"http://127.0.0.1:8002/r/x#a"},"server":[{"method":"GET",)"
      R"("url":"http://127.0.0.1:8002/r/x#a","status":200,"headers":)"
      R"([["Access-Control-Allow-Origin","*"]]}]}]})";
  Result r = Invoke({"run", "-"}, elsewhere + "\n" + fragment + "\n");
  ASSERT_EQ(r.code, kExitOk) << r.err;
  std::vector<TruthRecord> records(2);
  std::string error;
  const size_t newline = r.out.find('\n');
  ASSERT_TRUE(ParseTruthRecord(r.out.substr(0, newline), &records[0], &error));
  ASSERT_TRUE(ParseTruthRecord(r.out.substr(newline + 1), &records[1], &error));
  // https://r/y: only the first request reached a server.
  EXPECT_EQ(records[0].steps[0].result, "error");
  ASSERT_EQ(records[0].steps[0].wire.size(), 1u);
  // The request went out without its fragment and found no entry: a 404
  // without Allow-Origin.
  EXPECT_EQ(records[1].steps[0].result, "error");
  ASSERT_EQ(records[1].steps[0].wire.size(), 1u);
  EXPECT_EQ(records[1].steps[0].wire[0].url, "http://127.0.0.1:8002/r/x");
}

// data: URLs are answered by the simulated host's own scheme fetch, off the
// wire: a basic 200 with Content-Type (and Content-Length under firefox, as
// Firefox's host sends it), or a network error where the data: URL
// processor fails (no comma; a base64 body that does not decode).
TEST(Corsctl, DataUrlsAreTheHostsSchemeFetch) {
  auto scenario = [](const std::string& name, const std::string& url) {
    return R"({"name":")" + name + R"(","origin":"http://127.0.0.1:8001",)" +
           R"("steps":[{"request":{"method":"PUT","url":")" + url +
           R"(","headers":[["X-A","1"]]},"server":[]}]})" + "\n";
  };
  const std::string input = scenario("ok", "data:,x") +
                            scenario("b64", "data:;base64,e30=") +
                            scenario("no-comma", "data:text/plain") +
                            scenario("bad-b64", "data:;base64,%%%");
  for (const char* profile : {"spec", "firefox"}) {
    SCOPED_TRACE(profile);
    Result r = Invoke({"run", "-", "--profile", profile}, input);
    ASSERT_EQ(r.code, kExitOk) << r.err;
    std::vector<TruthRecord> records;
    size_t at = 0;
    for (size_t nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1) {
      TruthRecord record;
      std::string error;
      ASSERT_TRUE(ParseTruthRecord(r.out.substr(at, nl - at), &record, &error))
          << error;
      records.push_back(std::move(record));
    }
    ASSERT_EQ(records.size(), 4u);
    const bool firefox = std::string_view(profile) == "firefox";
    for (int i : {0, 1}) {
      const auto& step = records[i].steps[0];
      EXPECT_EQ(step.result, "ok");
      EXPECT_EQ(step.type, "basic");
      EXPECT_EQ(step.status, 200);
      EXPECT_TRUE(step.wire.empty());
      const std::vector<std::string> expected =
          firefox ? std::vector<std::string>{"content-length", "content-type"}
                  : std::vector<std::string>{"content-type"};
      EXPECT_EQ(step.exposed, expected);
    }
    for (int i : {2, 3}) {
      EXPECT_EQ(records[i].steps[0].result, "error");
      EXPECT_TRUE(records[i].steps[0].wire.empty());
    }
  }
}

// A server header's `é` is the one byte 0xE9 on the wire, as the recorder's
// server writes it; a Location with it goes out as %E9 (Chromium, Firefox).
TEST(Corsctl, ServerHeaderValuesAreLatin1Bytes) {
  const std::string scenario =
      R"({"name":"l","origin":"http://127.0.0.1:8001","steps":[{"request":)"
      R"({"url":"http://127.0.0.1:8002/r/x","mode":"no-cors"},"server":)"
      R"([{"method":"GET","url":"http://127.0.0.1:8002/r/x","status":302,)"
      R"("headers":[["Location","/r/\u00e9"]]}]}]})";
  Result r = Invoke({"run", "-", "--profile", "chromium"}, scenario + "\n");
  ASSERT_EQ(r.code, kExitOk) << r.err;
  TruthRecord record;
  std::string error;
  ASSERT_TRUE(ParseTruthRecord(r.out.substr(0, r.out.find('\n')), &record, &error));
  ASSERT_EQ(record.steps[0].wire.size(), 2u);
  EXPECT_EQ(record.steps[0].wire[1].url, "http://127.0.0.1:8002/r/%E9");
}

// The tape of a run keeps what the engine was handed, for a replay without
// the host: each step that reached CreateRequest(), its request in bytes
// and time, every answer in order (responses with their header bytes, and
// network errors), and how the fetch ended. Keeping it changes no record.
TEST(Corsctl, TapeKeepsWhatTheEngineWasHanded) {
  const std::string line =
      R"({"name":"t","origin":"http://127.0.0.1:8001","steps":[)"
      // A preflighted PUT: the preflight's answer, then the PUT's.
      R"({"request":{"method":"PUT","url":"http://127.0.0.1:8002/r/x",)"
      R"("headers":[["X-A","\u00e9"]]},"server":[)"
      R"({"method":"OPTIONS","url":"http://127.0.0.1:8002/r/x","status":204,)"
      R"("headers":[["Access-Control-Allow-Origin","http://127.0.0.1:8001"],)"
      R"(["Access-Control-Allow-Methods","PUT"],)"
      R"(["Access-Control-Allow-Headers","X-A"]]},)"
      R"({"method":"PUT","url":"http://127.0.0.1:8002/r/x","status":200,)"
      R"("headers":[["Access-Control-Allow-Origin","*"]]}]},)"
      // A redirect to where no server stands: a response, then a network
      // error.
      R"({"after_ms":1500,"request":{"url":"http://127.0.0.1:8002/r/y"},)"
      R"("server":[{"method":"GET","url":"http://127.0.0.1:8002/r/y",)"
      R"("status":302,"headers":[["Location","https://elsewhere.example/"],)"
      R"(["Access-Control-Allow-Origin","*"]]}]},)"
      // fetch() throws before the engine sees it: not on the tape.
      R"({"request":{"method":"G\u0100T","url":"http://127.0.0.1:8002/r/x"}},)"
      // The engine refuses it: on the tape, with no answers.
      R"({"request":{"method":"CONNECT","url":"http://127.0.0.1:8002/r/x"}}]})";
  Scenario scenario;
  std::string error;
  ASSERT_TRUE(ParseScenario(line, &scenario, &error)) << error;
  ScenarioTape tape;
  const TruthRecord taped =
      Simulate(scenario, corsengine::kChromiumProfile, nullptr, {}, &tape);
  const TruthRecord plain = Simulate(scenario, corsengine::kChromiumProfile);
  std::string why;
  EXPECT_TRUE(RecordsAgree(plain, taped, &why)) << why;

  EXPECT_EQ(tape.origin, "http://127.0.0.1:8001");
  ASSERT_EQ(tape.steps.size(), 3u);
  const StepTape& put = tape.steps[0];
  EXPECT_TRUE(put.created);
  EXPECT_EQ(put.now, absl::UnixEpoch());
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.url, "http://127.0.0.1:8002/r/x");
  ASSERT_EQ(put.headers.size(), 1u);
  EXPECT_EQ(put.headers[0].second, "\xE9");  // the byte, not UTF-8
  EXPECT_EQ(put.credentials, corsengine::CredentialsMode::kSameOrigin);
  ASSERT_EQ(put.answers.size(), 2u);
  EXPECT_FALSE(put.answers[0].network_error);
  EXPECT_EQ(put.answers[0].status, 204);
  EXPECT_EQ(put.answers[0].headers.size(), 3u);
  EXPECT_EQ(put.answers[1].status, 200);
  EXPECT_TRUE(put.delivered);

  const StepTape& redirected = tape.steps[1];
  EXPECT_EQ(redirected.now, absl::UnixEpoch() + absl::Milliseconds(1500));
  ASSERT_EQ(redirected.answers.size(), 2u);
  EXPECT_EQ(redirected.answers[0].status, 302);
  EXPECT_TRUE(redirected.answers[1].network_error);
  EXPECT_THAT(redirected.answers[1].description, HasSubstr("no server"));
  EXPECT_FALSE(redirected.delivered);

  const StepTape& refused = tape.steps[2];
  EXPECT_EQ(refused.method, "CONNECT");
  EXPECT_FALSE(refused.created);
  EXPECT_TRUE(refused.answers.empty());
  EXPECT_FALSE(refused.delivered);
}

TEST(Corsctl, ExplainTellsEachRequestAndWhy) {
  Result r = Invoke({"explain", "-", "--name", "good"}, std::string(kGood) + "\n");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("== good"));
  EXPECT_THAT(r.out, HasSubstr("-> GET http://127.0.0.1:8002/r/x"));
  EXPECT_THAT(r.out, HasSubstr("<- 200"));
  EXPECT_THAT(r.out, HasSubstr("= ok: cors 200"));
  EXPECT_THAT(r.out, HasSubstr("why:"));
  Result missing = Invoke({"explain", "-", "--name", "nope"}, std::string(kGood) + "\n");
  EXPECT_EQ(missing.code, kExitBadInput);
}

TEST(Corsctl, DemoPrintsATable) {
  Result r = Invoke({"demo"}, "");
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("simple GET"));
  EXPECT_THAT(r.out, HasSubstr("OPTIONS"));
  EXPECT_THAT(r.out, HasSubstr("TypeError"));
  EXPECT_GE(std::count(r.out.begin(), r.out.end(), '\n'), 12);
  // Every bundled scenario parses.
  std::istringstream demo(DemoScenarios());
  std::string line;
  int n = 0;
  while (std::getline(demo, line)) {
    if (line.empty()) continue;
    Scenario s;
    std::string error;
    EXPECT_TRUE(ParseScenario(line, &s, &error)) << error;
    ++n;
  }
  EXPECT_GE(n, 10);
}

TEST(Corsctl, UsageErrors) {
  EXPECT_EQ(Invoke({}, "").code, kExitBadInput);
  EXPECT_EQ(Invoke({"frobnicate"}, "").code, kExitBadInput);
  EXPECT_EQ(Invoke({"run", "-", "--profile", "netscape"}, "").code, kExitBadInput);
  EXPECT_EQ(Invoke({"run", "/nonexistent/file.jsonl"}, "").code, kExitBadInput);
  EXPECT_EQ(Invoke({"help"}, "").code, kExitOk);
}

TEST(Corsctl, CompareCountsAgreement) {
  Result ours = Invoke({"run", "-"}, std::string(kGood) + "\n");
  ASSERT_EQ(ours.code, kExitOk);
  // compare reads both files from the same stdin only if both are "-", so
  // write them to temp files.
  const std::string dir = testing::TempDir();
  const std::string a = dir + "/a.jsonl";
  const std::string b = dir + "/b.jsonl";
  {
    std::ofstream(a) << ours.out;
    std::string changed = ours.out;
    changed.replace(changed.find("\"cors\""), 6, "\"basic\"");
    std::ofstream(b) << changed;
  }
  EXPECT_EQ(Invoke({"compare", a, a}, "").code, kExitOk);
  Result diff = Invoke({"compare", a, b}, "");
  EXPECT_EQ(diff.code, kExitDisagree);
  EXPECT_THAT(diff.out, HasSubstr("DISAGREE good: step 1: type is basic"));
}

// `--profile all`: every profile, and where they differ. `*` covers
// Authorization for the three browsers (recorded), not for the Standard.
constexpr char kStarAuthorization[] =
    R"({"name":"star-auth","origin":"http://127.0.0.1:8001","steps":[{"request":)"
    R"({"method":"GET","url":"http://127.0.0.1:8002/r/a","headers":[["Authorization","t"]]},)"
    R"("server":[{"method":"OPTIONS","url":"http://127.0.0.1:8002/r/a","status":204,)"
    R"("headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Allow-Headers","*"]]},)"
    R"({"method":"GET","url":"http://127.0.0.1:8002/r/a","status":200,)"
    R"("headers":[["Access-Control-Allow-Origin","*"]]}]}]})";

TEST(CorsctlAllProfiles, RunMarksWhereProfilesDiffer) {
  Result r = Invoke({"run", "-", "--profile", "all"},
                    std::string(kGood) + "\n" + kStarAuthorization + "\n");
  ASSERT_EQ(r.code, kExitOk) << r.err;
  std::istringstream lines(r.out);
  std::string good, star;
  std::getline(lines, good);
  std::getline(lines, star);
  EXPECT_THAT(good, HasSubstr(R"("browsers_agree":true)"));
  EXPECT_THAT(good, HasSubstr(R"("differences":[])"));
  for (const char* p : {"chromium", "firefox", "webkit", "spec"}) {
    EXPECT_THAT(good, HasSubstr(std::string("\"") + p + "\":{"));
  }
  EXPECT_THAT(star, HasSubstr(R"("browsers_agree":true)"));
  EXPECT_THAT(star, HasSubstr("chromium vs spec: step 1"));
  EXPECT_THAT(star, Not(HasSubstr("chromium vs firefox")));
}

TEST(CorsctlAllProfiles, ExplainSaysWhyPerProfile) {
  Result r = Invoke({"explain", "-", "--profile", "all"},
                    std::string(kStarAuthorization) + "\n");
  ASSERT_EQ(r.code, kExitOk) << r.err;
  for (const char* p : {"chromium", "firefox", "webkit", "spec"}) {
    EXPECT_THAT(r.out, HasSubstr(std::string("(profile ") + p));
  }
  EXPECT_THAT(r.out, HasSubstr("AuthorizationCoveredOnlyByWildcard"));
  EXPECT_THAT(r.out, HasSubstr("== star-auth: the profiles differ"));
  EXPECT_EQ(Invoke({"demo", "--profile", "all"}, "").code, kExitBadInput);
}

// `corsctl probe` against a loopback server: one verdict per profile, and
// the exit code says whether every profile allowed it.
TEST(CorsctlProbe, JudgesALiveServerUnderEveryProfile) {
  corsengine::loopback::LoopbackServer server;
  ASSERT_TRUE(server.ok());
  server.Answer("GET", "/open",
                {200, {{"Access-Control-Allow-Origin", "*"}, {"X-A", "1"}}, ""});
  server.Answer("GET", "/closed", {200, {}, ""});
  Result open = Invoke({"probe", server.url("/open"), "--origin",
                        "https://app.example"},
                       "");
  EXPECT_EQ(open.code, kExitOk) << open.err;
  for (const char* p : {"chromium", "firefox", "webkit", "spec"}) {
    EXPECT_THAT(open.out, HasSubstr(std::string(p) + ": allowed (cors 200"));
  }
  EXPECT_THAT(open.out, HasSubstr("every profile allows it"));

  Result closed = Invoke({"probe", server.url("/closed"), "--origin",
                          "https://app.example", "--profile", "firefox", "-v"},
                         "");
  EXPECT_EQ(closed.code, kExitDisagree);
  EXPECT_THAT(closed.out, HasSubstr("== firefox"));
  EXPECT_THAT(closed.out, HasSubstr("firefox: blocked: MissingAllowOriginHeader"));
  EXPECT_THAT(closed.out, Not(HasSubstr("chromium")));

  Result bad = Invoke({"probe", server.url("/open")}, "");
  EXPECT_EQ(bad.code, kExitBadInput);
  EXPECT_THAT(bad.err, HasSubstr("--origin"));
}

}  // namespace
}  // namespace corsctl
