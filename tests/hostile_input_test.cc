// File: tests/hostile_input_test.cc
//
// The hostile-input catalog: what the engine answers when a server (or a
// page) sends what no well-behaved peer sends. Every case has one DEFINED
// answer, taken from the Fetch Standard, the URL Standard or the documented
// profile behaviour (docs/PROFILES.md and the public headers), never from
// "whatever the engine does today"; the comment on each table says where the
// answer comes from.
//
// Beyond the answer, every failure must be usable in a developer console:
// its message is one printable line (bytes 0x20-0x7E only, so no CR, LF or
// NUL) shorter than 1,024 bytes, whatever the server sent
// (engine/internal/strings.h: "a console line must stay one line and
// bounded, whatever a server sent"). Every Action::reason is one line too.
//
// Run time: nothing here is timed. Every input is at most a few MiB, so a
// linear engine answers the whole catalog in seconds; the test has the
// default timeout of a "small" test, and a super-linear path shows up as a
// TIMEOUT. The cases most exposed to that (lists of 100,000 elements that
// are all valid) come last, in the HostileScale suite, so that everything
// else has reported by then.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/corsengine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/test_profiles.h"

namespace corsengine {
namespace {

using namespace std::string_literals;  // NOLINT: "a\0b"s
using Kind = Action::Kind;
using testing::ElementsAre;
using testing::ElementsAreArray;

constexpr size_t kKiB = 1024;
constexpr size_t kMiB = 1024 * 1024;
constexpr size_t kMaxMessage = 1024;  // a console line, exclusive
constexpr char kPage[] = "https://app.example";
constexpr char kApi[] = "https://api.example";
const absl::Time kNow = absl::FromUnixSeconds(1700000000);

const Profile* const kAllProfiles[] = {&kSpecProfile, &kChromiumProfile,
                                       &kFirefoxPrimed, &kWebKitProfile};

// ---------------------------------------------------------------------------
// Helpers

// A short, escaped excerpt of hostile bytes for failure output.
std::string Excerpt(std::string_view s) {
  std::ostringstream out;
  const size_t n = s.size() < 96 ? s.size() : 96;
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c <= 0x7E) {
      out << static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out << "\\x" << kHex[c >> 4] << kHex[c & 0xF];
    }
  }
  if (n < s.size()) out << "...(" << s.size() << " bytes)";
  return out.str();
}

std::string Describe(const CorsErrorStatus& e) {
  return std::string(CorsErrorName(e.error)) + ": " + Excerpt(e.message);
}

// One printable line: bytes 0x20-0x7E only.
void ExpectPrintableLine(std::string_view line, std::string_view what) {
  for (size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c > 0x7E) {
      ADD_FAILURE() << what << " has byte 0x" << std::hex
                    << static_cast<int>(c) << std::dec << " at offset " << i
                    << ": " << Excerpt(line);
      return;
    }
  }
}

// A console message: non-empty, one printable line, < 1,024 bytes.
void ExpectConsoleMessage(const CorsErrorStatus& e) {
  EXPECT_FALSE(e.message.empty()) << CorsErrorName(e.error);
  EXPECT_LT(e.message.size(), kMaxMessage)
      << CorsErrorName(e.error) << " message is " << e.message.size()
      << " bytes: " << Excerpt(e.message);
  ExpectPrintableLine(e.message, "message");
}

// Every action's reason is one line (no CR, LF or NUL); a failure's is its
// console message.
void ExpectSaneAction(const Action& a) {
  for (char c : a.reason) {
    if (c == '\r' || c == '\n' || c == '\0') {
      ADD_FAILURE() << "reason of " << ToString(a.kind)
                    << " is not one line: " << Excerpt(a.reason);
      break;
    }
  }
  if (a.kind == Kind::kFail) {
    ExpectConsoleMessage(a.error);
    EXPECT_EQ(a.reason, a.error.message);
  }
}

// The answer of an Expected<T>: nullopt for success, else the error kind.
template <typename T>
std::optional<CorsError> KindOf(const Expected<T>& e) {
  if (e.ok()) return std::nullopt;
  return e.error().error;
}

std::string Show(const std::optional<CorsError>& kind) {
  return kind ? std::string(CorsErrorName(*kind)) : std::string("ok");
}

// Checks an Expected<T> against a defined answer, and its message.
template <typename T>
void ExpectAnswer(const Expected<T>& got, std::optional<CorsError> want,
                  std::string_view label) {
  EXPECT_EQ(Show(KindOf(got)), Show(want))
      << label << (got.ok() ? "" : " -> " + Describe(got.error()));
  if (!got.ok()) ExpectConsoleMessage(got.error());
}

// A string of `n` bytes: `prefix`, then `fill` repeated, then `suffix`.
std::string Sized(size_t n, std::string_view prefix, char fill,
                  std::string_view suffix = "") {
  std::string s(prefix);
  s.append(n - prefix.size() - suffix.size(), fill);
  s.append(suffix);
  return s;
}

// "a:" and `n` times "%FF": an opaque path of 0xFF bytes, encoded.
std::string RepeatedFF(size_t n) {
  std::string s = "a:";
  for (size_t i = 0; i < n; ++i) s.append("%FF");
  return s;
}

// "x-h0,x-h1,...": `n` valid header-name tokens.
std::string TokenList(size_t n, std::string_view stem) {
  std::string s;
  s.reserve(n * (stem.size() + 7));
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) s.push_back(',');
    s.append(stem);
    s.append(std::to_string(i));
  }
  return s;
}

// Header views over owning headers (which must outlive the views).
std::vector<HeaderView> Views(const std::vector<Header>& headers) {
  return ViewsOf(headers);
}

Request MakeRequest(std::string_view method, std::string_view url,
                    std::vector<HeaderView> headers = {},
                    const Profile& profile = kSpecProfile,
                    CredentialsMode credentials = CredentialsMode::kSameOrigin) {
  RequestInit init;
  init.origin = *Origin::Parse(kPage);
  init.url = url;
  init.method = method;
  init.headers = headers;
  init.credentials = credentials;
  Expected<Request> r = CreateRequest(init, profile);
  EXPECT_TRUE(r.ok()) << Describe(r.error());
  return std::move(r).value();
}

std::string ApiUrl(std::string_view path) { return std::string(kApi) + std::string(path); }

// ---------------------------------------------------------------------------
// Script request headers (CreateRequest). The Fetch Standard: a header name
// is a token (#header-name); a header value has no leading or trailing HTTP
// whitespace and no 0x00, 0x0A, 0x0D (#header-value), after "normalize"
// strips leading and trailing HTTP whitespace (#concept-header-value-
// normalize); bytes 0x80-0xFF and 0x7F are allowed in values (ByteString).
// Whether an accepted header makes the request preflight follows
// #cors-safelisted-request-header: `accept` is safelisted unless it has a
// CORS-unsafe request-header byte (bytes >= 0x80 are not such bytes);
// `content-language` only with its listed bytes; any value over 128 bytes
// is unsafe.

struct RequestHeaderCase {
  std::string label;
  std::string name;
  std::string value;
  std::optional<CorsError> error;  // nullopt: accepted
  std::string kept;                // accepted: the value the request holds
  bool unsafe = false;             // accepted: a CORS-unsafe name
};

std::vector<RequestHeaderCase> RequestHeaderCases() {
  const std::optional<CorsError> kOk;
  const auto kName = CorsError::kInvalidHeaderName;
  const auto kValue = CorsError::kInvalidHeaderValue;
  std::vector<RequestHeaderCase> c = {
      {"NUL inside a value", "X-A", "a\0b"s, kValue, "", false},
      {"CR inside a value", "X-A", "a\rb", kValue, "", false},
      {"LF inside a value", "X-A", "a\nb", kValue, "", false},
      {"CRLF header injection", "X-A", "a\r\nSet-Cookie: x=y", kValue, "", false},
      {"a lone NUL", "X-A", "\0"s, kValue, "", false},
      {"NUL at the end (not whitespace)", "X-A", "a\0"s, kValue, "", false},
      {"CR LF around the value are normalized away", "X-A", "\r\n a \r\n",
       kOk, "a", true},
      {"tab inside a value", "X-A", "a\tb", kOk, "a\tb", true},
      {"DEL inside a value", "X-A", "a\x7f" "b", kOk, "a\x7f" "b", true},
      {"UTF-8 in a value", "X-A", "caf\xC3\xA9", kOk, "caf\xC3\xA9", true},
      {"bytes 0x80 and 0xFF", "X-A", "\x80\xFF", kOk, "\x80\xFF", true},
      {"Accept with bytes over 0x7F stays safelisted", "Accept",
       "text/\xC3\xA9", kOk, "text/\xC3\xA9", false},
      {"Accept with 0x01 is CORS-unsafe", "Accept", "a\x01" "b", kOk,
       "a\x01" "b", true},
      {"Accept with DEL is CORS-unsafe", "Accept", "a\x7f", kOk, "a\x7f", true},
      {"Content-Language with UTF-8 is CORS-unsafe", "Content-Language",
       "\xC3\xA9", kOk, "\xC3\xA9", true},
      {"NUL in a name", "X\0A"s, "v", kName, "", false},
      {"CR in a name", "X\rA", "v", kName, "", false},
      {"LF in a name", "X\nA", "v", kName, "", false},
      {"CRLF after a name (names are not normalized)", "X-A\r\n", "v", kName,
       "", false},
      {"UTF-8 in a name", "X-\xC3\xA9", "v", kName, "", false},
      {"byte 0xFF as a name", "\xFF", "v", kName, "", false},
      {"empty name", "", "v", kName, "", false},
      {"space in a name", "X A", "v", kName, "", false},
      {"colon in a name", "X-A:", "v", kName, "", false},
      {"bad name wins over bad value", "X\0A"s, "a\0b"s, kName, "", false},
  };
  // 1 MiB values and names.
  c.push_back({"1 MiB value of 'a'", "X-Big", std::string(kMiB, 'a'), kOk,
               std::string(kMiB, 'a'), true});
  c.push_back({"1 MiB value of 0xFF", "X-Big", std::string(kMiB, '\xFF'), kOk,
               std::string(kMiB, '\xFF'), true});
  c.push_back({"1 MiB value of spaces normalizes to empty", "X-Big",
               std::string(kMiB, ' '), kOk, "", true});
  c.push_back({"1 MiB value of 'a' with a NUL at the end", "X-Big",
               Sized(kMiB, "", 'a', "\0"s), kValue, "", false});
  c.push_back({"1 MiB value of 0xFF with a NUL at the end", "X-Big",
               Sized(kMiB, "", '\xFF', "\0"s), kValue, "", false});
  c.push_back({"1 MiB of CRs then LF normalizes to empty", "X-Big",
               Sized(kMiB, "", '\r') + "\n", kOk, "", true});
  c.push_back({"1 MiB Content-Type (over 128 bytes: CORS-unsafe)",
               "Content-Type", Sized(kMiB, "text/plain;a=", 'b'), kOk,
               Sized(kMiB, "text/plain;a=", 'b'), true});
  c.push_back({"1 MiB token as a name", std::string(kMiB, 'x'), "v", kOk, "v",
               true});
  c.push_back({"1 MiB name of 0xFF", std::string(kMiB, '\xFF'), "v", kName, "",
               false});
  c.push_back({"1 MiB name with a NUL at the end", Sized(kMiB, "", 'x', "\0"s),
               "v", kName, "", false});
  return c;
}

TEST(HostileRequestHeaders, ScriptHeadersGetTheirDefinedAnswer) {
  for (const RequestHeaderCase& c : RequestHeaderCases()) {
    SCOPED_TRACE(c.label);
    const HeaderView header{c.name, c.value};
    RequestInit init;
    init.origin = *Origin::Parse(kPage);
    init.url = "https://api.example/r";
    init.method = "GET";
    init.headers = absl::MakeConstSpan(&header, 1);
    const Expected<Request> r = CreateRequest(init, kSpecProfile);
    ExpectAnswer(r, c.error, c.label);
    if (!r.ok() || c.error) continue;
    ASSERT_EQ(r->headers.size(), 1u);
    EXPECT_EQ(r->headers[0].name, c.name);
    EXPECT_TRUE(r->headers[0].value == c.kept)
        << Excerpt(r->headers[0].value) << " != " << Excerpt(c.kept);
    UnsafeHeaderNames unsafe;
    EXPECT_EQ(NeedsCorsPreflight(*r, kSpecProfile, &unsafe), c.unsafe);
    if (c.unsafe) {
      // The preflight names it, lowercased, and nothing else.
      const OutgoingRequest preflight =
          BuildPreflightRequest(*r, kPage, unsafe);
      const std::string* acrh =
          preflight.FindHeader(kAccessControlRequestHeaders);
      ASSERT_NE(acrh, nullptr);
      std::string lower = c.name;
      for (char& ch : lower) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      }
      EXPECT_TRUE(*acrh == lower) << Excerpt(*acrh);
    }
  }
}

// ---------------------------------------------------------------------------
// The CORS check on hostile Access-Control-Allow-Origin / -Allow-Credentials
// (#concept-cors-check): the one Allow-Origin value ("get", so repeated
// headers combine with ", ") must be `*` (without credentials) or the
// serialized origin byte for byte; with credentials, Allow-Credentials must
// be exactly `true`. Values are trimmed of spaces and tabs only (HTTP's OWS;
// header_list.h); CR, LF and NUL are bytes of the value. The failure kind
// is Chromium's classification (error.h numbers 0-21 are Chromium's
// CorsError; cors.cc CheckAccess): a value with a space or comma is
// kMultipleAllowOriginValues; one that is not "null", "*" or a URL is
// kInvalidAllowOriginValue; otherwise kAllowOriginMismatch.

struct AccessCase {
  std::string label;
  std::vector<Header> headers;
  CredentialsMode credentials = CredentialsMode::kOmit;
  std::optional<CorsError> error;  // for the actual response
};

CorsError PreflightTwin(CorsError e) {
  switch (e) {
    case CorsError::kWildcardOriginNotAllowed:
      return CorsError::kPreflightWildcardOriginNotAllowed;
    case CorsError::kMissingAllowOriginHeader:
      return CorsError::kPreflightMissingAllowOriginHeader;
    case CorsError::kMultipleAllowOriginValues:
      return CorsError::kPreflightMultipleAllowOriginValues;
    case CorsError::kInvalidAllowOriginValue:
      return CorsError::kPreflightInvalidAllowOriginValue;
    case CorsError::kAllowOriginMismatch:
      return CorsError::kPreflightAllowOriginMismatch;
    case CorsError::kInvalidAllowCredentials:
      return CorsError::kPreflightInvalidAllowCredentials;
    case CorsError::kMissingAllowCredentials:
      return CorsError::kPreflightMissingAllowCredentials;
    default:
      return e;
  }
}

std::vector<AccessCase> AccessCases() {
  const std::string acao(kAccessControlAllowOrigin);
  const std::string acac(kAccessControlAllowCredentials);
  const auto kInclude = CredentialsMode::kInclude;
  const auto kOmit = CredentialsMode::kOmit;
  const std::optional<CorsError> kOk;
  std::vector<AccessCase> c = {
      {"baseline", {{acao, kPage}}, kOmit, kOk},
      {"spaces and tabs are OWS", {{acao, " \thttps://app.example\t "}}, kOmit,
       kOk},
      {"name in upper case", {{"ACCESS-CONTROL-ALLOW-ORIGIN", kPage}}, kOmit,
       kOk},
      {"trailing NUL", {{acao, "https://app.example\0"s}}, kOmit,
       CorsError::kAllowOriginMismatch},
      {"leading NUL", {{acao, "\0https://app.example"s}}, kOmit,
       CorsError::kAllowOriginMismatch},
      {"trailing CR LF (not OWS)", {{acao, "https://app.example\r\n"}}, kOmit,
       CorsError::kAllowOriginMismatch},
      {"NUL inside", {{acao, "https://app.ex\0ample"s}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"UTF-8 in the host", {{acao, "https://app.\xC3\xA9xample"}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"IDNA host", {{acao, "https://b\xC3\xBC" "cher.example"}},
       kOmit, CorsError::kInvalidAllowOriginValue},
      {"star with a NUL", {{acao, "*\0"s}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"star with CR LF then a second origin",
       {{acao, "*\r\nhttps://app.example"}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"name with a trailing NUL is another header",
       {{"Access-Control-Allow-Origin\0"s, kPage}}, kOmit,
       CorsError::kMissingAllowOriginHeader},
      {"name with UTF-8 is another header",
       {{"Access-Control-Allow-Orig\xC3\xAFn", kPage}}, kOmit,
       CorsError::kMissingAllowOriginHeader},
      {"empty value", {{acao, ""}}, kOmit, CorsError::kInvalidAllowOriginValue},
      {"credentials: true", {{acao, kPage}, {acac, "true"}}, kInclude, kOk},
      {"credentials: ' true\t'", {{acao, kPage}, {acac, " true\t"}}, kInclude,
       kOk},
      {"credentials: true with NUL", {{acao, kPage}, {acac, "true\0"s}},
       kInclude, CorsError::kInvalidAllowCredentials},
      {"credentials: true with CR LF", {{acao, kPage}, {acac, "true\r\n"}},
       kInclude, CorsError::kInvalidAllowCredentials},
      {"credentials: TRUE", {{acao, kPage}, {acac, "TRUE"}}, kInclude,
       CorsError::kInvalidAllowCredentials},
      {"credentials: true twice", {{acao, kPage}, {acac, "true"}, {acac, "true"}},
       kInclude, CorsError::kInvalidAllowCredentials},
      {"credentials: 0xFF", {{acao, kPage}, {acac, "\xFF"}}, kInclude,
       CorsError::kInvalidAllowCredentials},
      {"credentials: absent", {{acao, kPage}}, kInclude,
       CorsError::kMissingAllowCredentials},
      // 1 MiB values.
      {"1 MiB of 'a'", {{acao, std::string(kMiB, 'a')}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"1 MiB of 0xFF", {{acao, std::string(kMiB, '\xFF')}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"1 MiB of NUL", {{acao, std::string(kMiB, '\0')}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"1 MiB URL (a valid URL, another origin)",
       {{acao, Sized(kMiB, "https://", 'a')}}, kOmit,
       CorsError::kAllowOriginMismatch},
      {"1 MiB of the page's origin, comma-separated",
       {{acao, Sized(kMiB, "https://app.example", ',')}}, kOmit,
       CorsError::kMultipleAllowOriginValues},
      {"1 MiB of spaces", {{acao, std::string(kMiB, ' ')}}, kOmit,
       CorsError::kInvalidAllowOriginValue},
      {"credentials: 1 MiB of 0xFF",
       {{acao, kPage}, {acac, std::string(kMiB, '\xFF')}}, kInclude,
       CorsError::kInvalidAllowCredentials},
  };
  // Repeated by the thousand: "get" combines them, which matches nothing.
  {
    AccessCase same{"1,000 Allow-Origin headers, each the page's origin", {},
                    kOmit, CorsError::kMultipleAllowOriginValues};
    AccessCase star{"1,000 Allow-Origin headers, each *", {}, kOmit,
                    CorsError::kMultipleAllowOriginValues};
    AccessCase binary{"1,000 Allow-Origin headers of 1 KiB of 0xFF", {}, kOmit,
                      CorsError::kMultipleAllowOriginValues};
    for (int i = 0; i < 1000; ++i) {
      same.headers.push_back({acao, kPage});
      star.headers.push_back({acao, "*"});
      binary.headers.push_back({acao, std::string(kKiB, '\xFF')});
    }
    c.push_back(std::move(same));
    c.push_back(std::move(star));
    c.push_back(std::move(binary));
  }
  return c;
}

TEST(HostileCorsCheck, AllowOriginAndCredentialsGetTheirDefinedAnswer) {
  for (const AccessCase& c : AccessCases()) {
    SCOPED_TRACE(c.label);
    const std::vector<HeaderView> views = Views(c.headers);
    ExpectAnswer(CheckCorsAccess(views, kPage, c.credentials,
                                 CheckedResponse::kActual),
                 c.error, c.label + " (actual)");
    std::optional<CorsError> preflight;
    if (c.error) preflight = PreflightTwin(*c.error);
    ExpectAnswer(CheckCorsAccess(views, kPage, c.credentials,
                                 CheckedResponse::kPreflight),
                 preflight, c.label + " (preflight)");
  }
}

// ---------------------------------------------------------------------------
// Access-Control-Expose-Headers (#main-fetch, the CORS-exposed header-name
// list; #concept-filtered-response-cors): "extract header list values" of a
// `#field-name` list, so one element that is not a token voids the whole
// list and only the CORS-safelisted response-header names stay readable; `*`
// exposes everything (Set-Cookie never) unless credentials are included,
// where it is a literal name. Values are trimmed of spaces and tabs only.

struct ExposeCase {
  std::string label;
  std::vector<std::string> expose;  // one Expose-Headers header each
  CredentialsMode credentials = CredentialsMode::kOmit;
  std::vector<std::string> readable;  // sorted, lowercased
};

std::vector<ExposeCase> ExposeCases() {
  const auto kInclude = CredentialsMode::kInclude;
  const auto kOmit = CredentialsMode::kOmit;
  const std::string kAll = "access-control-expose-headers";
  std::vector<ExposeCase> c = {
      {"baseline", {"x-a"}, kOmit, {"content-type", "x-a"}},
      {"OWS around elements", {" x-a ,\tx-b\t"}, kOmit,
       {"content-type", "x-a", "x-b"}},
      {"NUL after a name voids the list", {"x-a\0"s}, kOmit, {"content-type"}},
      {"NUL between names voids the list", {"x-a,\0,x-b"s}, kOmit,
       {"content-type"}},
      {"CR LF after a name voids the list", {"x-a\r\n"}, kOmit,
       {"content-type"}},
      {"UTF-8 name voids the list", {"x-a, x-\xC3\xA9"}, kOmit,
       {"content-type"}},
      {"byte 0xFF voids the list", {"x-a,\xFF"}, kOmit, {"content-type"}},
      {"one bad header of two voids both", {"x-a", "x-b;"}, kOmit,
       {"content-type"}},
      {"star", {"*"}, kOmit, {kAll, "content-type", "x-a", "x-b"}},
      {"star with credentials is a name", {"*"}, kInclude, {"content-type"}},
      {"star and a bad token", {"*, @"}, kOmit, {"content-type"}},
      {"Set-Cookie is never exposed", {"set-cookie, x-a"}, kOmit,
       {"content-type", "x-a"}},
      {"1 MiB token after x-a", {"x-a," + std::string(kMiB, 'b')}, kOmit,
       {"content-type", "x-a"}},
      {"1 MiB of 0xFF", {std::string(kMiB, '\xFF')}, kOmit, {"content-type"}},
      {"1 MiB of commas and spaces then x-b", {Sized(kMiB, "", ',', " x-b")},
       kOmit, {"content-type", "x-b"}},
      {"1 MiB token list with a bad token at the end",
       {"x-a," + Sized(kMiB, "", 'b', ",b@")}, kOmit, {"content-type"}},
      {"100,000 names, x-a last", {TokenList(100000, "y-") + ",x-a"}, kOmit,
       {"content-type", "x-a"}},
      {"100,000 names, then one bad token",
       {"x-a," + TokenList(100000, "y-") + ",y-\x01"}, kOmit,
       {"content-type"}},
  };
  return c;
}

TEST(HostileExposeHeaders, ExposedNamesGetTheirDefinedAnswer) {
  for (const ExposeCase& c : ExposeCases()) {
    SCOPED_TRACE(c.label);
    std::vector<Header> headers = {{"Content-Type", "text/plain"},
                                   {"X-A", "1"},
                                   {"X-B", "2"},
                                   {"Set-Cookie", "s=1"}};
    for (const std::string& v : c.expose) {
      headers.push_back({std::string(kAccessControlExposeHeaders), v});
    }
    const std::vector<HeaderView> views = Views(headers);
    ReadableHeaderIndices readable;
    ComputeReadableHeaders(views, ResponseType::kCors, c.credentials,
                           &readable);
    EXPECT_THAT(ReadableHeaderNames(views, readable),
                ElementsAreArray(c.readable));
  }
}

TEST(HostileExposeHeaders, HeaderNamesWithHostileBytesAreJustNames) {
  // `*` exposes every name but Set-Cookie, whatever its bytes; a list
  // naming them cannot (they are not tokens).
  const std::vector<Header> headers = {{"X-A\0"s, "1"},
                                       {"X-\xC3\xA9", "2"},
                                       {"Set-Cookie\0"s, "3"},
                                       {"Access-Control-Expose-Headers", "*"}};
  const std::vector<HeaderView> views = Views(headers);
  ReadableHeaderIndices readable;
  ComputeReadableHeaders(views, ResponseType::kCors, CredentialsMode::kOmit,
                         &readable);
  EXPECT_THAT(readable, ElementsAre(0u, 1u, 2u, 3u));
}

// ---------------------------------------------------------------------------
// Access-Control-Allow-Methods / -Allow-Headers in a preflight response
// (#cors-preflight-fetch step 7): "extract header list values" of `#method`
// and `#field-name`; any element that is not a token fails the preflight
// with kInvalidAllowMethodsPreflightResponse / kInvalidAllowHeaders-
// PreflightResponse (preflight.h). A valid list that does not name the
// request's method or unsafe header fails with kMethodDisallowed... /
// kHeaderDisallowed....

struct PreflightListCase {
  std::string label;
  std::vector<std::string> methods;  // one Allow-Methods header each
  std::vector<std::string> headers;  // one Allow-Headers header each
  std::optional<CorsError> error;
  // When it fails on a list element: that element. error.h: the failed
  // parameter is "the value that failed"; a long one may be cut, so a long
  // element is matched as a prefix of at least 64 bytes and under 1,024.
  std::string failed_parameter;
};

void ExpectFailedElement(const std::string& got, const std::string& element) {
  if (element.size() <= 64) {
    EXPECT_TRUE(got == element) << Excerpt(got) << " != " << Excerpt(element);
    return;
  }
  EXPECT_GE(got.size(), 64u);
  EXPECT_LT(got.size(), kMaxMessage);
  EXPECT_TRUE(std::string_view(element).substr(0, got.size()) == got)
      << Excerpt(got) << " is not a prefix of " << Excerpt(element);
}

std::vector<PreflightListCase> PreflightListCases() {
  const std::optional<CorsError> kOk;
  const auto kBadHeaders = CorsError::kInvalidAllowHeadersPreflightResponse;
  const auto kBadMethods = CorsError::kInvalidAllowMethodsPreflightResponse;
  std::vector<PreflightListCase> c = {
      {"baseline", {"PUT"}, {"x-a"}, kOk, ""},
      {"NUL after a header name", {"PUT"}, {"x-a\0"s}, kBadHeaders, "x-a\0"s},
      {"CR LF after a header name", {"PUT"}, {"x-a\r\n"}, kBadHeaders,
       "x-a\r\n"},
      {"UTF-8 header name", {"PUT"}, {"x-a, x-\xC3\xA9"}, kBadHeaders,
       "x-\xC3\xA9"},
      {"NUL after a method", {"PUT\0"s}, {"x-a"}, kBadMethods, "PUT\0"s},
      {"UTF-8 in a method", {"P\xC3\x9AT"}, {"x-a"}, kBadMethods, "P\xC3\x9AT"},
      {"LF inside a method", {"PU\nT"}, {"x-a"}, kBadMethods, "PU\nT"},
      {"methods checked before headers", {"@"}, {"@@"}, kBadMethods, "@"},
      {"a method that is not PUT", {"put"}, {"x-a"},
       CorsError::kMethodDisallowedByPreflightResponse, ""},
      {"1 MiB token in Allow-Headers, x-a missing", {"PUT"},
       {std::string(kMiB, 'b')}, CorsError::kHeaderDisallowedByPreflightResponse,
       ""},
      {"1 MiB token in Allow-Headers, then x-a", {"PUT"},
       {std::string(kMiB, 'b') + ",x-a"}, kOk, ""},
      {"1 MiB of commas in Allow-Headers", {"PUT"}, {std::string(kMiB, ',')},
       CorsError::kHeaderDisallowedByPreflightResponse, ""},
      {"1 MiB of 0xFF in Allow-Headers", {"PUT"},
       {std::string(kMiB, '\xFF')}, kBadHeaders, std::string(kMiB, '\xFF')},
      {"1 MiB token with a bad byte at the end", {"PUT"},
       {Sized(kMiB, "", 'b', "@")}, kBadHeaders, Sized(kMiB, "", 'b', "@")},
      {"1 MiB of 0xFF in Allow-Methods", {std::string(kMiB, '\xFF')}, {"x-a"},
       kBadMethods, std::string(kMiB, '\xFF')},
      {"100,000 Allow-Headers then one bad token", {"PUT"},
       {"x-a," + TokenList(100000, "y-") + ",y\""}, kBadHeaders, "y\""},
      {"100,000 Allow-Methods then one bad token",
       {"PUT," + TokenList(100000, "M") + ",M("}, {"x-a"}, kBadMethods, "M("},
      {"100,000 Allow-Headers headers then one bad", {"PUT"}, {}, kBadHeaders,
       "@"},
  };
  c.back().headers.push_back("x-a");
  for (int i = 0; i < 100000; ++i) c.back().headers.push_back("y-" + std::to_string(i));
  c.back().headers.push_back("@");
  return c;
}

TEST(HostilePreflightLists, AllowMethodsAndHeadersGetTheirDefinedAnswer) {
  const HeaderView request_headers[] = {{"X-A", "1"}};
  const Request request = MakeRequest("PUT", ApiUrl("/r"),
                                      {request_headers[0]});
  UnsafeHeaderNames unsafe;
  ASSERT_TRUE(NeedsCorsPreflight(request, kSpecProfile, &unsafe));
  for (const PreflightListCase& c : PreflightListCases()) {
    SCOPED_TRACE(c.label);
    std::vector<Header> headers = {{std::string(kAccessControlAllowOrigin), "*"}};
    for (const std::string& m : c.methods) {
      headers.push_back({std::string(kAccessControlAllowMethods), m});
    }
    for (const std::string& h : c.headers) {
      headers.push_back({std::string(kAccessControlAllowHeaders), h});
    }
    const std::vector<HeaderView> views = Views(headers);
    const Expected<PreflightResult> result = ValidatePreflightResponse(
        request, kPage, unsafe, 200, views, kSpecProfile);
    ExpectAnswer(result, c.error, c.label);
    if (!result.ok() && !c.failed_parameter.empty()) {
      ExpectFailedElement(result.error().failed_parameter, c.failed_parameter);
    }
  }
}

// ---------------------------------------------------------------------------
// Access-Control-Max-Age per profile (docs/PROFILES.md, the Max-Age rows;
// preflight.h ParseMaxAge). delta-seconds is 1*DIGIT (leading zeros allowed,
// so `005` is 5); values arrive untrimmed and HTTP trims spaces and tabs;
// absent or empty is the default (5 everywhere); anything else that is not
// delta-seconds (`+5`, `0x10`, `1e3`, the header twice) is `max_age_on_
// invalid` (Firefox: not cached); `-N` is `max_age_on_negative`; more digits
// than the browser's integer parser takes is invalid in the browsers and
// "any number, then the cap" in the Standard. `-0`: the Standard reads no
// delta-seconds (footnote 2: the default); the browsers' integer parsers
// read 0, so not cached (source kValid, 0 s).

struct Age {
  MaxAge::Source source;
  int64_t seconds;
};

std::string SourceName(MaxAge::Source s) {
  switch (s) {
    case MaxAge::Source::kAbsent:
      return "absent";
    case MaxAge::Source::kValid:
      return "valid";
    case MaxAge::Source::kInvalid:
      return "invalid";
    case MaxAge::Source::kNegative:
      return "negative";
  }
  return "?";
}

struct MaxAgeCase {
  std::string label;
  std::vector<std::string> values;  // one header each
  Age want[4];                      // spec, chromium, firefox, webkit
};

std::vector<MaxAgeCase> MaxAgeCases() {
  constexpr auto V = MaxAge::Source::kValid;
  constexpr auto I = MaxAge::Source::kInvalid;
  constexpr auto N = MaxAge::Source::kNegative;
  constexpr auto A = MaxAge::Source::kAbsent;
  const Age kInvalid[4] = {{I, 5}, {I, 5}, {I, 0}, {I, 5}};
  auto invalid = [&](std::string label, std::vector<std::string> values) {
    return MaxAgeCase{std::move(label),
                      std::move(values),
                      {kInvalid[0], kInvalid[1], kInvalid[2], kInvalid[3]}};
  };
  std::vector<MaxAgeCase> c = {
      {"20 digits (beyond int64)", {"99999999999999999999"},
       {{V, 86400}, {I, 5}, {V, 86400}, {I, 5}}},
      {"int64 max", {"9223372036854775807"},
       {{V, 86400}, {V, 7200}, {V, 86400}, {V, 600}}},
      {"int64 max + 1", {"9223372036854775808"},
       {{V, 86400}, {I, 5}, {V, 86400}, {I, 5}}},
      {"int32 max", {"2147483647"}, {{V, 86400}, {V, 7200}, {V, 86400}, {V, 600}}},
      {"int32 max + 1", {"2147483648"},
       {{V, 86400}, {V, 7200}, {V, 86400}, {V, 600}}},
      {"-0", {"-0"}, {{N, 5}, {V, 0}, {V, 0}, {V, 0}}},
      {"-1", {"-1"}, {{N, 5}, {N, 0}, {N, 0}, {N, 0}}},
      {"- alone", {"-"}, {kInvalid[0], kInvalid[1], kInvalid[2], kInvalid[3]}},
      {"'5 ' (trailing space)", {"5 "}, {{V, 5}, {V, 5}, {V, 5}, {V, 5}}},
      {"' \\t5\\t '", {" \t5\t "}, {{V, 5}, {V, 5}, {V, 5}, {V, 5}}},
      {"005", {"005"}, {{V, 5}, {V, 5}, {V, 5}, {V, 5}}},
      {"0", {"0"}, {{V, 0}, {V, 0}, {V, 0}, {V, 0}}},
      {"7201", {"7201"}, {{V, 7201}, {V, 7200}, {V, 7201}, {V, 600}}},
      {"empty", {""}, {{A, 5}, {A, 5}, {A, 5}, {A, 5}}},
      {"spaces only", {"   "}, {{A, 5}, {A, 5}, {A, 5}, {A, 5}}},
      {"1 MiB of spaces", {std::string(kMiB, ' ')},
       {{A, 5}, {A, 5}, {A, 5}, {A, 5}}},
      {"1 MiB of digits", {std::string(kMiB, '9')},
       {{V, 86400}, {I, 5}, {V, 86400}, {I, 5}}},
      {"1 MiB of zeros then 5", {Sized(kMiB, "", '0', "5")},
       {{V, 5}, {V, 5}, {V, 5}, {V, 5}}},
      {"1 MiB of zeros", {std::string(kMiB, '0')},
       {{V, 0}, {V, 0}, {V, 0}, {V, 0}}},
      {"-1 MiB of digits", {Sized(kMiB, "-", '9')},
       {{N, 5}, {I, 5}, {N, 0}, {I, 5}}},
  };
  c.push_back(invalid("+5", {"+5"}));
  c.push_back(invalid("0x10", {"0x10"}));
  c.push_back(invalid("1e3", {"1e3"}));
  c.push_back(invalid("1.5", {"1.5"}));
  c.push_back(invalid("10, 20", {"10, 20"}));
  c.push_back(invalid("5 with NUL", {"5\0"s}));
  c.push_back(invalid("5 with CR LF (not OWS)", {"5\r\n"}));
  c.push_back(invalid("fullwidth 5 (UTF-8)", {"\xEF\xBC\x95"}));
  c.push_back(invalid("1 MiB of 0xFF", {std::string(kMiB, '\xFF')}));
  c.push_back(invalid("twice", {"10", "10"}));
  c.push_back(invalid("1,000 times", std::vector<std::string>(1000, "10")));
  c.push_back(invalid("empty, then 10", {"", "10"}));
  return c;
}

TEST(HostileMaxAge, EachProfileReadsItAsDocumented) {
  for (const MaxAgeCase& c : MaxAgeCases()) {
    std::vector<Header> headers;
    for (const std::string& v : c.values) {
      headers.push_back({std::string(kAccessControlMaxAge), v});
    }
    const std::vector<HeaderView> views = Views(headers);
    for (size_t p = 0; p < 4; ++p) {
      const Profile& profile = *kAllProfiles[p];
      SCOPED_TRACE(c.label + " / " + std::string(profile.name));
      const MaxAge age = ParseMaxAge(views, profile);
      EXPECT_EQ(SourceName(age.source), SourceName(c.want[p].source));
      EXPECT_EQ(age.seconds, c.want[p].seconds);
      EXPECT_GE(age.seconds, 0);
      EXPECT_LE(age.seconds, profile.max_age_cap_seconds);
    }
  }
}

TEST(HostileMaxAge, TheParsedAgeReachesTheCacheBounded) {
  // Through a whole preflight: 20 digits under the spec profile is cached
  // for the cap (a day), not for int64 seconds (no absl::Time overflow).
  PreflightCache cache(kSpecProfile);
  const HeaderView h[] = {{"X-A", "1"}};
  Fetch fetch(MakeRequest("PUT", ApiUrl("/r"), {h[0]}), kSpecProfile, &cache);
  ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendPreflight);
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", "*"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", "x-a"},
      {"Access-Control-Max-Age", "99999999999999999999"}};
  const Action a = fetch.OnResponse(200, response, kNow);
  ExpectSaneAction(a);
  EXPECT_EQ(a.kind, Kind::kSendRequest);
  UnsafeHeaderNames names;
  names.push_back("x-a");
  const PreflightCacheKey key{"", kPage, "https://api.example/r"};
  EXPECT_EQ(cache.Lookup(key, "PUT", names, CredentialsMode::kSameOrigin,
                         kNow + absl::Seconds(86399))
                .outcome,
            CacheOutcome::kHit);
  EXPECT_EQ(cache.Lookup(key, "PUT", names, CredentialsMode::kSameOrigin,
                         kNow + absl::Seconds(86400))
                .outcome,
            CacheOutcome::kStale);
}

// ---------------------------------------------------------------------------
// Repeated headers and many headers in one response.

TEST(HostileRepeatedHeaders, FiveThousandExposeHeadersAllCount) {
  // Every entry named Access-Control-Expose-Headers is parsed ("extract
  // header list values" over all of them).
  std::vector<Header> headers;
  for (int i = 0; i < 5000; ++i) {
    headers.push_back({"X-H" + std::to_string(i), "v"});
    headers.push_back({std::string(kAccessControlExposeHeaders),
                       "x-h" + std::to_string(i)});
  }
  const std::vector<HeaderView> views = Views(headers);
  ReadableHeaderIndices readable;
  ComputeReadableHeaders(views, ResponseType::kCors, CredentialsMode::kOmit,
                         &readable);
  EXPECT_EQ(readable.size(), 5000u);
  // One bad header among the 5,000 voids them all.
  headers.push_back({std::string(kAccessControlExposeHeaders), "x-h1 x-h2"});
  const std::vector<HeaderView> views2 = Views(headers);
  ComputeReadableHeaders(views2, ResponseType::kCors, CredentialsMode::kOmit,
                         &readable);
  EXPECT_EQ(readable.size(), 0u);
}

std::vector<Header> TenThousandHeaders(std::string expose) {
  std::vector<Header> headers;
  headers.push_back({"Access-Control-Allow-Origin", "*"});
  for (int i = 0; i < 10000; ++i) {
    headers.push_back({"X-H" + std::to_string(i), std::to_string(i)});
  }
  headers.push_back({"Set-Cookie", "s=1"});
  headers.push_back({"Content-Type", "text/plain"});
  if (!expose.empty()) {
    headers.push_back({std::string(kAccessControlExposeHeaders), expose});
  }
  return headers;
}

TEST(HostileRepeatedHeaders, TenThousandResponseHeaders) {
  // Without Expose-Headers: the safelisted name only. With `*`: all but
  // Set-Cookie. With `*` and credentials: `*` is a name, so the safelisted
  // only. With every name listed: all 10,000 and Content-Type.
  struct Case {
    const char* label;
    std::string expose;
    CredentialsMode credentials;
    size_t readable;
  };
  const Case cases[] = {
      {"none", "", CredentialsMode::kOmit, 1},
      {"star", "*", CredentialsMode::kOmit, 10003},
      {"star, credentials", "*", CredentialsMode::kInclude, 1},
      {"all 10,000 named", TokenList(10000, "x-h"), CredentialsMode::kInclude,
       10001},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    const std::vector<Header> headers = TenThousandHeaders(c.expose);
    const std::vector<HeaderView> views = Views(headers);
    ReadableHeaderIndices readable;
    ComputeReadableHeaders(views, ResponseType::kCors, c.credentials,
                           &readable);
    EXPECT_EQ(readable.size(), c.readable);
  }
}

TEST(HostileRepeatedHeaders, TenThousandHeadersThroughFetch) {
  Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
  ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
  const std::vector<Header> headers = TenThousandHeaders("*");
  const std::vector<HeaderView> views = Views(headers);
  const Action a = fetch.OnResponse(200, views, kNow);
  ExpectSaneAction(a);
  ASSERT_EQ(a.kind, Kind::kDeliver);
  EXPECT_EQ(a.response.type, ResponseType::kCors);
  EXPECT_EQ(a.response.headers.size(), 10003u);
  EXPECT_EQ(a.response.header_names.size(), 10003u);
}

// ---------------------------------------------------------------------------
// URLs and origins (the URL Standard's basic URL parser and host parser;
// url.h: IDNA is out of scope and refused; inputs over 2 MiB refused).

struct UrlCase {
  std::string label;
  std::string input;
  std::optional<std::string> spec;  // nullopt: kInvalidUrl
  std::string origin = "";          // for valid special URLs
};

std::vector<UrlCase> UrlCases() {
  const std::nullopt_t kBad = std::nullopt;
  std::vector<UrlCase> c = {
      {"IPv6 with a port", "http://[::1]:8080", "http://[::1]:8080/",
       "http://[::1]:8080"},
      {"IPv6 compressed", "http://[0:0::1]", "http://[::1]/", "http://[::1]"},
      {"IPv4-mapped IPv6", "http://[::ffff:127.0.0.1]",
       "http://[::ffff:7f00:1]/", "http://[::ffff:7f00:1]"},
      {"IPv6 in upper case", "http://[::ABCD]/", "http://[::abcd]/",
       "http://[::abcd]"},
      {"IPv6 unterminated", "http://[::1", kBad},
      {"IPv6 unterminated with a port", "http://[::1:80/", kBad},
      {"IPv6 with nine pieces", "http://[1:2:3:4:5:6:7:8:9]/", kBad},
      {"IPv6 with two ::", "http://[1::2::3]/", kBad},
      {"IPv6 with a zone id", "http://[fe80::1%25eth0]/", kBad},
      {"IPv6 with an IPv4 part out of range", "http://[::1.2.3.256]/", kBad},
      {"IPv6 empty brackets", "http://[]/", kBad},
      {"port 0", "http://a.example:0/", "http://a.example:0/",
       "http://a.example:0"},
      {"port 65535", "http://a.example:65535/", "http://a.example:65535/",
       "http://a.example:65535"},
      {"port 65536", "http://a.example:65536/", kBad},
      {"port 99999999999", "http://a.example:99999999999/", kBad},
      {"port of 1,000 digits", "http://a.example:" + std::string(1000, '9') + "/",
       kBad},
      {"port 00080 is the default", "http://a.example:00080/",
       "http://a.example/", "http://a.example"},
      {"port -1", "http://a.example:-1/", kBad},
      {"port with UTF-8", "http://a.example:8\xC3\xA9/", kBad},
      {"percent-encoded host", "http://%61pi.example/", "http://api.example/",
       "http://api.example"},
      {"percent-encoded upper-case host", "http://%41PI.example/",
       "http://api.example/", "http://api.example"},
      {"percent-encoded dot host", "http://%2e/", "http://./", "http://."},
      {"percent-encoded NUL in the host", "http://a%00b/", kBad},
      {"raw NUL in the host", "http://a\0b/"s, kBad},
      {"percent-encoded UTF-8 host (IDNA)", "http://%C3%A9.example/", kBad},
      {"userinfo", "http://user:pass@a.example/", "http://a.example/",
       "http://a.example"},
      {"empty userinfo", "http://@a.example/", "http://a.example/",
       "http://a.example"},
      {"userinfo that looks like a host", "http://a.example@b.example/",
       "http://b.example/", "http://b.example"},
      {"userinfo only", "http://user:pass@/", kBad},
      {"IDNA host", "http://b\xC3\xBC" "cher.example/", kBad},
      {"punycode host", "http://xn--bcher-kva.example/",
       "http://xn--bcher-kva.example/", "http://xn--bcher-kva.example"},
      {"IPv4 hex and short form", "http://0x7f.1/", "http://127.0.0.1/",
       "http://127.0.0.1"},
      {"IPv4 as one number", "http://2130706433/", "http://127.0.0.1/",
       "http://127.0.0.1"},
      {"IPv4 octal", "http://0177.0.0.1/", "http://127.0.0.1/",
       "http://127.0.0.1"},
      {"IPv4 0x alone", "http://0x/", "http://0.0.0.0/", "http://0.0.0.0"},
      {"IPv4 2^32", "http://4294967296/", kBad},
      {"IPv4 with five parts", "http://1.2.3.4.5/", kBad},
      {"IPv4 part over 255", "http://256.0.0.1/", kBad},
      {"IPv4 of 1,000 digits", "http://" + std::string(1000, '1') + "/", kBad},
      {"CR LF and tabs are removed", "ht\ttp://a.ex\r\nample/p\n",
       "http://a.example/p", "http://a.example"},
      {"NUL in the path is percent-encoded", "http://a.example/a\0b"s,
       "http://a.example/a%00b", "http://a.example"},
      {"0xFF in the path is percent-encoded", "http://a.example/\xFF",
       "http://a.example/%FF", "http://a.example"},
      {"leading and trailing C0 and spaces are stripped",
       "\0\x01 http://a.example/ \x1F"s, "http://a.example/",
       "http://a.example"},
      {"empty", "", kBad},
      {"relative", "/r", kBad},
      {"100 KiB path", Sized(100 * kKiB, "https://api.example/", 'p'),
       Sized(100 * kKiB, "https://api.example/", 'p'), "https://api.example"},
      {"100 KiB host", Sized(100 * kKiB, "https://", 'a', "/"),
       Sized(100 * kKiB, "https://", 'a', "/"),
       Sized(100 * kKiB - 1, "https://", 'a')},
      {"2 MiB exactly", Sized(2 * kMiB, "https://api.example/", 'p'),
       Sized(2 * kMiB, "https://api.example/", 'p'), "https://api.example"},
      {"2 MiB + 1", Sized(2 * kMiB + 1, "https://api.example/", 'p'), kBad},
      {"3 MiB", Sized(3 * kMiB, "https://api.example/", 'p'), kBad},
      {"3 MiB of 0xFF", std::string(3 * kMiB, '\xFF'), kBad},
      {"1 MiB of 0xFF in the host", Sized(kMiB, "http://", '\xFF', "/"), kBad},
      {"1 MiB of NUL after the scheme", Sized(kMiB, "http://", '\0'), kBad},
      // An opaque path (no "//") is held to the same bound once encoded.
      {"1 MiB of 0xFF in an opaque path", Sized(kMiB, "a:", '\xFF'), kBad},
      {"700 KiB of 0xFF in an opaque path, 2.1 MiB encoded",
       Sized(700 * kKiB, "a:", '\xFF'), kBad},
      {"600 KiB of 0xFF in an opaque path, 1.8 MiB encoded",
       Sized(600 * kKiB, "a:", '\xFF'), RepeatedFF(600 * kKiB - 2),
       "null"},
  };
  return c;
}

TEST(HostileUrls, ParseGivesTheDefinedAnswer) {
  for (const UrlCase& c : UrlCases()) {
    SCOPED_TRACE(c.label);
    const Expected<Url> url = Url::Parse(c.input);
    ExpectAnswer(url, c.spec ? std::nullopt
                             : std::optional<CorsError>(CorsError::kInvalidUrl),
                 c.label);
    if (!url.ok() || !c.spec) continue;
    EXPECT_TRUE(url->spec() == *c.spec) << Excerpt(url->spec());
    EXPECT_TRUE(Origin::FromUrl(*url).Serialize() == c.origin)
        << Excerpt(Origin::FromUrl(*url).Serialize());
  }
}

TEST(HostileUrls, OriginParseGivesTheDefinedAnswer) {
  // Origin::Parse takes any absolute URL's origin; a URL that does not parse
  // is kInvalidOrigin.
  for (const UrlCase& c : UrlCases()) {
    SCOPED_TRACE(c.label);
    const Expected<Origin> origin = Origin::Parse(c.input);
    ExpectAnswer(origin,
                 c.spec ? std::nullopt
                        : std::optional<CorsError>(CorsError::kInvalidOrigin),
                 c.label);
    if (origin.ok() && c.spec) {
      EXPECT_TRUE(origin->Serialize() == c.origin)
          << Excerpt(origin->Serialize());
    }
  }
}

TEST(HostileUrls, CreateRequestRefusesWhatTheParserRefuses) {
  // fetch() throws for a URL that does not parse (kInvalidUrl) and for one
  // with credentials (kUrlContainsCredentials, #dom-request step 5.4).
  for (const UrlCase& c : UrlCases()) {
    SCOPED_TRACE(c.label);
    RequestInit init;
    init.origin = *Origin::Parse(kPage);
    init.url = c.input;
    const Expected<Request> r = CreateRequest(init, kSpecProfile);
    std::optional<CorsError> want;
    if (!c.spec) {
      want = CorsError::kInvalidUrl;
    } else if (c.input.find("user:pass@") != std::string::npos ||
               c.input.find("a.example@") != std::string::npos) {
      want = CorsError::kUrlContainsCredentials;
    }
    ExpectAnswer(r, want, c.label);
  }
}

TEST(HostileUrls, UserinfoIsKeptApartFromTheSpec) {
  const Expected<Url> url = Url::Parse("http://us\xC3\xA9r:p\0ss@a.example/"s);
  ASSERT_TRUE(url.ok()) << Describe(url.error());
  EXPECT_EQ(url->spec(), "http://a.example/");
  EXPECT_EQ(url->username(), "us%C3%A9r");
  EXPECT_EQ(url->password(), "p%00ss");
  EXPECT_TRUE(url->has_credentials());
}

// ---------------------------------------------------------------------------
// The whole Fetch flow fed hostile responses.

TEST(HostileFetch, RedirectLocationsOfHostileSize) {
  // The URL Standard sets no length; the engine refuses URLs over 2 MiB, as
  // input or once percent-encoded (url.h, as Chromium's kMaxURLChars): a
  // 100 KiB or 1 MiB Location is followed, a 3 MiB one, or 1 MiB of 0xFF
  // (3 MiB once encoded), is kInvalidRedirectLocation (#http-redirect-fetch:
  // "If locationURL is failure, return a network error").
  struct Case {
    const char* label;
    std::string location;
    std::optional<std::string> followed;  // nullopt: fails
  };
  const Case cases[] = {
      {"100 KiB", Sized(100 * kKiB, "https://api.example/", 'p'),
       Sized(100 * kKiB, "https://api.example/", 'p')},
      {"100 KiB relative", Sized(100 * kKiB, "/", 'p'),
       Sized(100 * kKiB - 1 + std::string_view(kApi).size() + 1,
             "https://api.example/", 'p')},
      {"1 MiB", Sized(kMiB, "https://api.example/", 'p'),
       Sized(kMiB, "https://api.example/", 'p')},
      {"3 MiB", Sized(3 * kMiB, "https://api.example/", 'p'), std::nullopt},
      {"1 MiB of 0xFF", std::string(kMiB, '\xFF'), std::nullopt},
      {"600 KiB of 0xFF", std::string(600 * kKiB, '\xFF'),
       "https://api.example/" + [] {
         std::string s;
         for (size_t i = 0; i < 600 * kKiB; ++i) s += "%FF";
         return s;
       }()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    const std::vector<HeaderView> response = {
        {"Access-Control-Allow-Origin", "*"}, {"Location", c.location}};
    const Action a = fetch.OnResponse(302, response, kNow);
    ExpectSaneAction(a);
    if (c.followed) {
      ASSERT_EQ(a.kind, Kind::kFollowRedirect) << Describe(a.error);
      EXPECT_TRUE(a.request.url == *c.followed) << Excerpt(a.request.url);
    } else {
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kInvalidRedirectLocation);
    }
  }
}

TEST(HostileFetch, RedirectLocationsWithNulAndCr) {
  // The URL parser removes tab, CR and LF anywhere and strips leading and
  // trailing C0 controls and spaces; a NUL in the path is percent-encoded;
  // a NUL in the host is a forbidden host code point (failure).
  struct Case {
    const char* label;
    std::string location;
    std::optional<std::string> followed;
  };
  const Case cases[] = {
      {"NUL in the path", "/a\0b"s, "https://api.example/a%00b"},
      {"CR in the path", "/a\rb", "https://api.example/ab"},
      {"CRLF header injection", "/x\r\nSet-Cookie: a=b",
       "https://api.example/xSet-Cookie:%20a=b"},
      {"only a NUL: the same URL", "\0"s, "https://api.example/r"},
      {"NUL in the host", "https://a\0b.example/"s, std::nullopt},
      {"CR in the scheme", "ht\rtps://b.example/", "https://b.example/"},
      {"0xFF in the path", "/\xFF", "https://api.example/%FF"},
      {"UTF-8 host", "https://\xC3\xA9.example/", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    const std::vector<HeaderView> response = {
        {"Access-Control-Allow-Origin", "*"}, {"Location", c.location}};
    const Action a = fetch.OnResponse(302, response, kNow);
    ExpectSaneAction(a);
    if (c.followed) {
      ASSERT_EQ(a.kind, Kind::kFollowRedirect) << Describe(a.error);
      EXPECT_EQ(a.request.url, *c.followed);
    } else {
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kInvalidRedirectLocation);
    }
  }
}

TEST(HostileFetch, RedirectChainOf25HopsFailsAtThe21st) {
  // #http-redirect-fetch: "If request's redirect count is 20, return a
  // network error"; fetch.h kMaxRedirects. The remaining hops are never
  // asked for: a call after the failure is kUnexpectedCall.
  for (const Profile* profile : kAllProfiles) {
    SCOPED_TRACE(profile->name);
    Fetch fetch(MakeRequest("GET", ApiUrl("/hop0"), {}, *profile), *profile);
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    std::vector<Kind> kinds;
    std::vector<CorsError> errors;
    for (int hop = 1; hop <= 25; ++hop) {
      const std::string location = ApiUrl("/hop" + std::to_string(hop));
      const std::vector<HeaderView> response = {
          {"Access-Control-Allow-Origin", "*"}, {"Location", location}};
      const Action a = fetch.OnResponse(302, response, kNow);
      ExpectSaneAction(a);
      kinds.push_back(a.kind);
      if (a.kind == Kind::kFail) errors.push_back(a.error.error);
      if (a.kind == Kind::kFollowRedirect) {
        EXPECT_EQ(a.request.url, location);
      }
    }
    ASSERT_EQ(kinds.size(), 25u);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(kinds[i], Kind::kFollowRedirect) << i;
    for (int i = 20; i < 25; ++i) EXPECT_EQ(kinds[i], Kind::kFail) << i;
    EXPECT_THAT(errors, ElementsAre(CorsError::kTooManyRedirects,
                                    CorsError::kUnexpectedCall,
                                    CorsError::kUnexpectedCall,
                                    CorsError::kUnexpectedCall,
                                    CorsError::kUnexpectedCall));
    EXPECT_EQ(fetch.redirect_count(), 20);
    EXPECT_TRUE(fetch.done());
  }
}

TEST(HostileFetch, OddStatusesStillGetTheCorsCheck) {
  // The CORS check does not look at the status (#concept-cors-check), so it
  // applies to any status; a response that passes is delivered with its
  // status as the host reported it. A preflight needs an ok status (200-299,
  // #cors-preflight-fetch): every odd status fails with
  // kPreflightInvalidStatus once the CORS check passed, and the CORS check
  // comes first (preflight.h). Statuses 100-199 are interim and end in a
  // network error instead (Fetch.InterimStatusesEndInANetworkErrorPerProfile).
  const int statuses[] = {0, 99, 300, 600, 999, -1, 1000000, INT32_MIN};
  for (int status : statuses) {
    SCOPED_TRACE(status);
    {
      Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
      ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
      const std::vector<HeaderView> ok = {{"Access-Control-Allow-Origin", "*"},
                                          {"X-A", "1"}};
      const Action a = fetch.OnResponse(status, ok, kNow);
      ExpectSaneAction(a);
      ASSERT_EQ(a.kind, Kind::kDeliver) << Describe(a.error);
      EXPECT_EQ(a.response.type, ResponseType::kCors);
      EXPECT_EQ(a.response.status, status);
      EXPECT_THAT(a.response.header_names, ElementsAre());
    }
    {
      Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
      ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
      const std::vector<HeaderView> none = {{"X-A", "1"}};
      const Action a = fetch.OnResponse(status, none, kNow);
      ExpectSaneAction(a);
      ASSERT_EQ(a.kind, Kind::kFail);
      EXPECT_EQ(a.error.error, CorsError::kMissingAllowOriginHeader);
    }
    for (const bool cors_ok : {true, false}) {
      const HeaderView h[] = {{"X-A", "1"}};
      Fetch fetch(MakeRequest("PUT", ApiUrl("/r"), {h[0]}));
      ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendPreflight);
      std::vector<HeaderView> response = {
          {"Access-Control-Allow-Methods", "PUT"},
          {"Access-Control-Allow-Headers", "x-a"}};
      if (cors_ok) response.push_back({"Access-Control-Allow-Origin", "*"});
      const Action a = fetch.OnResponse(status, response, kNow);
      ExpectSaneAction(a);
      ASSERT_EQ(a.kind, Kind::kFail);
      if (cors_ok) {
        EXPECT_EQ(a.error.error, CorsError::kPreflightInvalidStatus);
        EXPECT_EQ(a.error.failed_parameter, std::to_string(status));
      } else {
        EXPECT_EQ(a.error.error, CorsError::kPreflightMissingAllowOriginHeader);
      }
    }
  }
}

TEST(HostileFetch, CallsInTheWrongStateAreUnexpected) {
  const std::vector<HeaderView> ok = {{"Access-Control-Allow-Origin", "*"}};
  auto expect_unexpected = [](const Action& a) {
    ExpectSaneAction(a);
    EXPECT_EQ(a.kind, Kind::kFail);
    EXPECT_EQ(a.error.error, CorsError::kUnexpectedCall);
  };
  {
    SCOPED_TRACE("OnResponse before Start");
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    expect_unexpected(fetch.OnResponse(200, ok, kNow));
    EXPECT_TRUE(fetch.done());
    expect_unexpected(fetch.Start(kNow));
  }
  {
    SCOPED_TRACE("OnResponse after kDeliver");
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    ASSERT_EQ(fetch.OnResponse(200, ok, kNow).kind, Kind::kDeliver);
    expect_unexpected(fetch.OnResponse(200, ok, kNow));
    expect_unexpected(fetch.OnNetworkError("late", kNow));
    expect_unexpected(fetch.Resume(kNow));
  }
  {
    SCOPED_TRACE("OnResponse after kFail");
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    ASSERT_EQ(fetch.OnResponse(200, {}, kNow).kind, Kind::kFail);
    expect_unexpected(fetch.OnResponse(200, ok, kNow));
  }
  {
    SCOPED_TRACE("Start twice");
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    expect_unexpected(fetch.Start(kNow));
  }
  {
    SCOPED_TRACE("OnResponse while waiting for another fetch's preflight");
    PreflightCache cache(kSpecProfile);
    const HeaderView h[] = {{"X-A", "1"}};
    Fetch leader(MakeRequest("PUT", ApiUrl("/r"), {h[0]}), kSpecProfile,
                 &cache);
    Fetch follower(MakeRequest("PUT", ApiUrl("/r"), {h[0]}), kSpecProfile,
                   &cache);
    ASSERT_EQ(leader.Start(kNow).kind, Kind::kSendPreflight);
    ASSERT_EQ(follower.Start(kNow).kind, Kind::kWaitForPreflight);
    expect_unexpected(follower.OnResponse(200, ok, kNow));
    // The leader is unaffected.
    const std::vector<HeaderView> pass = {
        {"Access-Control-Allow-Origin", "*"},
        {"Access-Control-Allow-Methods", "PUT"},
        {"Access-Control-Allow-Headers", "x-a"}};
    EXPECT_EQ(leader.OnResponse(200, pass, kNow).kind, Kind::kSendRequest);
  }
  {
    SCOPED_TRACE("Resume while a request is outstanding");
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    expect_unexpected(fetch.Resume(kNow));
  }
}

TEST(HostileFetch, NetworkErrorDescriptionsStayOneLine) {
  // The host's own description is quoted in the message: escaped and cut.
  const std::string descriptions[] = {"reset\r\nX-Injected: 1"s,
                                      std::string(kMiB, '\0'),
                                      std::string(kMiB, '\xFF'),
                                      std::string(kMiB, 'e')};
  for (const std::string& d : descriptions) {
    SCOPED_TRACE(Excerpt(d));
    Fetch fetch(MakeRequest("GET", ApiUrl("/r")));
    ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendRequest);
    const Action a = fetch.OnNetworkError(d, kNow);
    ExpectSaneAction(a);
    EXPECT_EQ(a.error.error, CorsError::kNetworkError);
  }
}

// ---------------------------------------------------------------------------
// HostileScale: lists of 100,000 valid elements. Each answer is defined
// above (a list is a list, whatever its length); what these add is the run
// time: a preflight response or an exposed-name list of a few MiB must be
// judged in time linear in its size, or one server can stall a network
// thread for minutes. Not timed: a super-linear engine makes the test time
// out here.

TEST(HostileScale, AllowHeadersOf100000ValidNames) {
  const HeaderView h[] = {{"X-H99999", "1"}};
  const Request request = MakeRequest("PUT", ApiUrl("/r"), {h[0]});
  UnsafeHeaderNames unsafe;
  ASSERT_TRUE(NeedsCorsPreflight(request, kSpecProfile, &unsafe));
  const std::string list = TokenList(100000, "x-h");
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", "*"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", list}};
  const Expected<PreflightResult> result = ValidatePreflightResponse(
      request, kPage, unsafe, 200, response, kSpecProfile);
  ASSERT_TRUE(result.ok()) << Describe(result.error());
  EXPECT_EQ(result->header_count(), 100000u);
  EXPECT_TRUE(result->HasHeaderName("X-H0"));
  EXPECT_TRUE(result->HasHeaderName("x-h99999"));
}

TEST(HostileScale, AllowMethodsOf100000ValidMethods) {
  const Request request = MakeRequest("M99999", ApiUrl("/r"));
  UnsafeHeaderNames unsafe;
  ASSERT_TRUE(NeedsCorsPreflight(request, kSpecProfile, &unsafe));
  const std::string list = TokenList(100000, "M");
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", "*"},
      {"Access-Control-Allow-Methods", list}};
  const Expected<PreflightResult> result = ValidatePreflightResponse(
      request, kPage, unsafe, 200, response, kSpecProfile);
  ASSERT_TRUE(result.ok()) << Describe(result.error());
  EXPECT_EQ(result->method_count(), 100000u);
}

TEST(HostileScale, ExposeHeadersOf100000NamesOverTenThousandHeaders) {
  // All 10,000 response headers named among 100,000 exposed names.
  std::string list = TokenList(100000, "y-");
  list += ",";
  list += TokenList(10000, "x-h");
  const std::vector<Header> headers = TenThousandHeaders(list);
  const std::vector<HeaderView> views = Views(headers);
  ReadableHeaderIndices readable;
  ComputeReadableHeaders(views, ResponseType::kCors, CredentialsMode::kOmit,
                         &readable);
  EXPECT_EQ(readable.size(), 10001u);
}

TEST(HostileScale, PreflightWith100000AllowHeadersThroughFetchAndCache) {
  // Chromium profile with its cache, as README's quick start: the preflight
  // passes, the actual request goes out, and the cache stays within its
  // bytes bound (an entry of 100,000 names is larger than the bound, so it
  // cannot stay).
  PreflightCache cache(kChromiumProfile);
  const HeaderView h[] = {{"X-H99999", "1"}};
  Fetch fetch(MakeRequest("PUT", ApiUrl("/r"), {h[0]}, kChromiumProfile),
              kChromiumProfile, &cache);
  ASSERT_EQ(fetch.Start(kNow).kind, Kind::kSendPreflight);
  const std::string list = TokenList(100000, "x-h");
  const std::vector<HeaderView> response = {
      {"Access-Control-Allow-Origin", "*"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", list},
      {"Access-Control-Max-Age", "600"}};
  const Action a = fetch.OnResponse(200, response, kNow);
  ExpectSaneAction(a);
  ASSERT_EQ(a.kind, Kind::kSendRequest) << Describe(a.error);
  EXPECT_LE(cache.bytes(), PreflightCache::kDefaultMaxBytes);
  EXPECT_LE(cache.size(), 1024u);
  const Action done = fetch.OnResponse(
      200, std::vector<HeaderView>{{"Access-Control-Allow-Origin", "*"}}, kNow);
  ExpectSaneAction(done);
  EXPECT_EQ(done.kind, Kind::kDeliver);
}

// A script's 100,000 headers, 50,000 names each given twice (the second
// time in another case), through CreateRequest, the preflight check against
// an Allow-Headers of all 50,000 names (and of all but the last), and a
// cache lookup of the same: each side is long, so a check that compared
// every pair would not end in time.
TEST(HostileScale, ScriptHeadersOf100000AgainstAllowHeadersOf50000) {
  constexpr size_t kNames = 50000;
  std::vector<std::string> names;
  for (size_t i = 0; i < 2 * kNames; ++i) {
    names.push_back((i < kNames ? "X-H" : "x-h") + std::to_string(i % kNames));
  }
  std::vector<HeaderView> headers;
  for (const std::string& name : names) headers.push_back({name, "1"});
  const std::string all = TokenList(kNames, "x-h");
  const std::string all_but_last = TokenList(kNames - 1, "x-h");
  for (const Profile* p : {&kSpecProfile, &kChromiumProfile, &kFirefoxPrimed}) {
    SCOPED_TRACE(p->name);
    const Request request = MakeRequest("PUT", ApiUrl("/r"), headers, *p);
    if (p->combine_repeated_request_headers) {
      ASSERT_EQ(request.headers.size(), kNames);
      EXPECT_EQ(request.headers.back().name, "X-H49999");
      EXPECT_EQ(request.headers.back().value, "1, 1");
    } else {
      // Each append keeps the first spelling (#concept-header-list-append).
      ASSERT_EQ(request.headers.size(), 2 * kNames);
      EXPECT_EQ(request.headers.back().name, "X-H49999");
    }
    UnsafeHeaderNames unsafe;
    ASSERT_TRUE(NeedsCorsPreflight(request, *p, &unsafe));
    EXPECT_GE(unsafe.size(), kNames);

    auto preflight = [&](const std::string& list) {
      const std::vector<HeaderView> response = {
          {"Access-Control-Allow-Origin", "*"},
          {"Access-Control-Allow-Methods", "PUT"},
          {"Access-Control-Allow-Headers", list},
          {"Access-Control-Max-Age", "600"}};
      return ValidatePreflightResponse(request, kPage, unsafe, 200, response,
                                       *p);
    };
    const Expected<PreflightResult> ok = preflight(all);
    ASSERT_TRUE(ok.ok()) << Describe(ok.error());
    const Expected<PreflightResult> short_by_one = preflight(all_but_last);
    ASSERT_FALSE(short_by_one.ok());
    EXPECT_EQ(short_by_one.error().error,
              CorsError::kHeaderDisallowedByPreflightResponse);
    EXPECT_EQ(short_by_one.error().failed_parameter, "x-h49999");

    PreflightCache::Options options;
    options.shards = 1;
    options.max_bytes = 64 * kMiB;
    PreflightCache cache(*p, options);
    const std::string url = ApiUrl("/r");
    const PreflightCacheKey key{"", kPage, url};
    cache.Store(key, *ok, kNow);
    EXPECT_EQ(cache.Lookup(key, "PUT", unsafe, request.credentials, kNow)
                  .outcome,
              CacheOutcome::kHit);
    unsafe.push_back("x-other");
    const CacheLookup miss =
        cache.Lookup(key, "PUT", unsafe, request.credentials, kNow);
    EXPECT_EQ(miss.outcome, CacheOutcome::kHitAndFail);
    EXPECT_EQ(miss.not_covered, "x-other");
  }
}

}  // namespace
}  // namespace corsengine
