// File: fuzz/fuzz_util.h
//
// Shared by every corsengine fuzz target: the invariant macro FUZZ_CHECK,
// a trace of what the current input decoded into (printed when a check
// fails, or for every input with CORSENGINE_FUZZ_TRACE=1), the byte layout
// helpers built on FuzzedDataProvider, and FUZZ_CHECK_KNOWN for reported
// engine bugs. The Fetch Standard's definitions the targets check against
// live in the shared reference model, //tests/reference (see
// fuzz/reference_bridge.h), written independently of the engine so the
// targets do not check the engine against itself.
//
// Byte layout (fuzz/make_corpus.py encodes seeds in exactly this layout):
//   PickOrConsume(table, max): one integral byte `sel` (FuzzedDataProvider
//     takes integral bytes from the END of the input); sel < 128 picks
//     table[sel % size], otherwise a ConsumeRandomLengthString(max) from the
//     FRONT of the input (`\` escapes `\`; `\` + any other byte ends it).
//   ConsumeHeaders(): a count byte in [0, kMaxHeaders], then per header
//     name = PickOrConsume(kHeaderNames, 64) and
//     value = PickOrConsume(kHeaderValues, 1024).
//   ConsumeProfile(): one byte in [0, 3]: spec, chromium, firefox, webkit.
//   ConsumeRequest(): origin = PickOrConsume(kOrigins, 128),
//     url = PickOrConsume(kUrls, 256), method = PickOrConsume(kMethods, 32),
//     then one byte each for mode [0, 3] (cors, no-cors, same-origin,
//     navigate), credentials [0, 2] (omit, same-origin, include), redirect
//     [0, 2] (follow, error, manual), cache [0, 5] (default, no-store,
//     reload, no-cache, force-cache, only-if-cached) and use-CORS-preflight
//     (low bit), then ConsumeHeaders() for the headers script set.

#ifndef CORSENGINE_FUZZ_FUZZ_UTIL_H_
#define CORSENGINE_FUZZ_FUZZ_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/origin.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "fuzzer/FuzzedDataProvider.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace corsengine_fuzz {

// Inputs larger than this are ignored: nothing the engine parses is that
// large, and big inputs only slow the fuzzer down.
inline constexpr size_t kMaxInputSize = 64 * 1024;
inline constexpr size_t kMaxHeaders = 32;
inline constexpr size_t kMaxNameLength = 64;
inline constexpr size_t kMaxValueLength = 1024;

// ---------------------------------------------------------------------------
// Trace of the decoded input.

inline std::string& TraceBuffer() {
  static std::string* buffer = new std::string();
  return *buffer;
}

inline bool TraceEnabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("CORSENGINE_FUZZ_TRACE");
    return v != nullptr && *v != '\0' && std::string_view(v) != "0";
  }();
  return enabled;
}

// Bytes as a C-like literal, so the trace stays one line per entry.
inline std::string Quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20 || c > 0x7e) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
  return out;
}

// Starts the trace of a new input.
inline void BeginInput() { TraceBuffer().clear(); }

// Lazy tracing, for targets whose trace costs more than their checks. Such
// a target starts with BeginInput(data, size) and writes its trace with
// FUZZ_TRACE(line), which builds `line` only while tracing: with
// CORSENGINE_FUZZ_TRACE, or while a failed input is run a second time.
// When a check fails with no trace, CheckFailed() runs the input again with
// tracing on; the targets are deterministic, so the same check fails again,
// now with the decoded input to print.
struct ReplayState {
  const uint8_t* data = nullptr;
  size_t size = 0;
  bool replaying = false;
};
inline ReplayState& Replay() {
  static ReplayState* state = new ReplayState();
  return *state;
}
inline bool Tracing() { return TraceEnabled() || Replay().replaying; }
inline void BeginInput(const uint8_t* data, size_t size) {
  TraceBuffer().clear();
  Replay().data = data;
  Replay().size = size;
}

// Records one decoded field ("request.method = ...").
inline void Trace(std::string_view line) {
  std::string& buffer = TraceBuffer();
  buffer.append("  ");
  buffer.append(line);
  buffer.push_back('\n');
}

// Prints the trace when CORSENGINE_FUZZ_TRACE is set.
inline void EndInput() {
  if (TraceEnabled()) {
    std::fprintf(stderr, "input:\n%s", TraceBuffer().c_str());
  }
  Replay().data = nullptr;
}

[[noreturn]] inline void CheckFailed(const char* file, int line,
                                     const char* condition,
                                     const std::string& message) {
  ReplayState& replay = Replay();
  if (!Tracing() && replay.data != nullptr) {
    // Run the input again with the trace on; its failure prints and aborts.
    replay.replaying = true;
    const uint8_t* data = replay.data;
    const size_t size = replay.size;
    LLVMFuzzerTestOneInput(data, size);
    std::fprintf(stderr, "(the input passed when run again with its trace)\n");
  }
  std::fprintf(stderr,
               "\n==== corsengine fuzz invariant failed ====\n"
               "%s:%d: FUZZ_CHECK(%s)\n%s\ndecoded input:\n%s\n",
               file, line, condition, message.c_str(),
               TraceBuffer().c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace corsengine_fuzz

// FUZZ_CHECK(condition, message)
//
// Aborts with the message and the decoded input when `condition` is false.
// `message` is a stream expression: FUZZ_CHECK(a == b, "a=" << a).
#define FUZZ_TRACE(line)                                                 \
  do {                                                                   \
    if (::corsengine_fuzz::Tracing()) ::corsengine_fuzz::Trace(line);    \
  } while (false)

#define FUZZ_CHECK(condition, message)                                   \
  do {                                                                   \
    if (!(condition)) {                                                  \
      std::ostringstream fuzz_check_stream_;                             \
      fuzz_check_stream_ << message;                                     \
      ::corsengine_fuzz::CheckFailed(__FILE__, __LINE__, #condition,     \
                                     fuzz_check_stream_.str());          \
    }                                                                    \
  } while (false)

namespace corsengine_fuzz {

// ---------------------------------------------------------------------------
// Engine bugs already reported.
//
// FUZZ_CHECK_KNOWN(id, condition, message) is FUZZ_CHECK for a property whose
// violation is a known, reported engine bug (fuzz/README.md, "Findings"). It
// stays on: the lead fixes the engine and the check then guards the fix. For
// a run that looks for further bugs meanwhile, CORSENGINE_FUZZ_SKIP=id[,id]
// turns the named checks off. An empty id is an ordinary FUZZ_CHECK.

inline bool KnownFindingSkipped(std::string_view id) {
  if (id.empty()) return false;  // "": not a known finding
  static const std::string* skipped = [] {
    const char* v = std::getenv("CORSENGINE_FUZZ_SKIP");
    return new std::string(v == nullptr ? "" : v);
  }();
  std::string_view rest = *skipped;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    if (rest.substr(0, comma) == id) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

#define FUZZ_CHECK_KNOWN(id, condition, message)                        \
  do {                                                                  \
    const std::string_view fuzz_known_id_ = (id);                       \
    if (!::corsengine_fuzz::KnownFindingSkipped(fuzz_known_id_)) {     \
      FUZZ_CHECK(condition, (fuzz_known_id_.empty() ? "" : "[known finding ") \
                                << fuzz_known_id_                        \
                                << (fuzz_known_id_.empty() ? "" : "] ")  \
                                << message);                             \
    }                                                                   \
  } while (false)

inline bool HasUpperAscii(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Input tables. Seeds never index them (make_corpus.py always spells
// strings out), so they may change freely; they only steer mutation.

inline constexpr std::string_view kHeaderNames[] = {
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
    "access-control-allow-origin",
    "ACCESS-CONTROL-ALLOW-CREDENTIALS",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "Location",
    "Set-Cookie",
    "Set-Cookie2",
    "set-cookie",
    "Cache-Control",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "Expires",
    "Last-Modified",
    "Pragma",
    "Accept",
    "Accept-Language",
    "Range",
    "Authorization",
    "authorization",
    "Origin",
    "Cookie",
    "Host",
    "Referer",
    "Sec-Fetch-Mode",
    "Proxy-Authorization",
    "X-HTTP-Method-Override",
    "X-Method-Override",
    "DPR",
    "Width",
    "Save-Data",
    "Device-Memory",
    "X-A",
    "x-a",
    "X-B",
    "X-Custom",
    "X A",
    "",
};

inline constexpr std::string_view kHeaderValues[] = {
    "*",
    "null",
    "true",
    "false",
    "TRUE",
    "true ",
    " true",
    "true, true",
    "",
    " ",
    "http://127.0.0.1:8001",
    "http://127.0.0.1:8002",
    "https://127.0.0.1:8001",
    "http://127.0.0.1:8001/",
    "http://localhost:8001",
    "HTTP://127.0.0.1:8001",
    "http://127.0.0.1:8001, http://127.0.0.1:8001",
    "\"*\"",
    "GET",
    "PUT",
    "DELETE",
    "PATCH",
    "patch",
    "GET, PUT, DELETE",
    "*, PUT",
    "PU T",
    "PUT;",
    "x-a",
    "X-A, X-B",
    "*, x-a",
    "*, Authorization",
    "authorization",
    "content-type",
    ",x-a,,x-b,",
    "\"x-a\"",
    "x-a, x b",
    "x_a",
    "0",
    "10",
    " 10 ",
    "-1",
    "-0",
    "+10",
    "1.5",
    "010",
    "0x10",
    "600",
    "7200",
    "86400",
    "86401",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "bytes=0-1",
    "bytes=0-",
    "bytes=-5",
    "BYTES=0-1",
    "text/plain",
    "text/plain; charset=utf-8",
    "application/json",
    "multipart/form-data; boundary=x",
    "en-US",
    "en@x",
    "1.5",
    "on",
    "*/*",
    "GET, TRACE",
    "connect",
    "http://127.0.0.1:8003/r/next",
    "http://127.0.0.1:8001/r/back",
    "/r/relative",
    "a, \"b,c\" , ,d",
    "\"a\\\"b,c\",d",
    "\t",
    "x\r\ny",
};

inline constexpr std::string_view kMethods[] = {
    "GET",   "HEAD",    "POST",  "PUT",   "DELETE", "OPTIONS",
    "PATCH", "patch",   "get",   "put",   "Put",    "delete",
    "CONNECT", "TRACE", "Track", "FOO",   "GE T",   "",
};

inline constexpr std::string_view kOrigins[] = {
    "http://127.0.0.1:8001", "null",
    "https://127.0.0.1:8001", "http://127.0.0.1:8002",
    "http://localhost:8002", "http://[::1]:8001",
    "data:text/plain,x",
};

inline constexpr std::string_view kUrls[] = {
    "http://127.0.0.1:8002/r/x",
    "http://127.0.0.1:8001/r/same-origin",
    "https://127.0.0.1:8002/r/x",
    "http://localhost:8002/r/x",
    "http://127.0.0.1:8003/r/x?y=1",
    "http://user:pass@127.0.0.1:8002/r/x",
    "ftp://127.0.0.1/r/x",
    "ws://127.0.0.1:8002/r/x",
    "data:text/plain,x",
    "http://[::1]:8002/r/x",
    "/r/relative",
};

template <size_t N>
std::string PickOrConsume(FuzzedDataProvider& fdp,
                          const std::string_view (&table)[N],
                          size_t max_length) {
  static_assert(N > 0 && N <= 128, "PickOrConsume tables hold 1-128 entries");
  const uint8_t sel = fdp.ConsumeIntegral<uint8_t>();
  if (sel < 128) return std::string(table[sel % N]);
  return fdp.ConsumeRandomLengthString(max_length);
}

inline std::vector<corsengine::Header> ConsumeHeaders(FuzzedDataProvider& fdp) {
  const size_t count = fdp.ConsumeIntegralInRange<uint8_t>(0, kMaxHeaders);
  std::vector<corsengine::Header> headers;
  headers.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    corsengine::Header h;
    h.name = PickOrConsume(fdp, kHeaderNames, kMaxNameLength);
    h.value = PickOrConsume(fdp, kHeaderValues, kMaxValueLength);
    headers.push_back(std::move(h));
  }
  return headers;
}

inline const corsengine::Profile& ConsumeProfile(FuzzedDataProvider& fdp) {
  switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 3)) {
    case 1:
      return corsengine::kChromiumProfile;
    case 2:
      return corsengine::kFirefoxProfile;
    case 3:
      return corsengine::kWebKitProfile;
    default:
      return corsengine::kSpecProfile;
  }
}

inline constexpr const corsengine::Profile* kAllProfiles[] = {
    &corsengine::kSpecProfile,
    &corsengine::kChromiumProfile,
    &corsengine::kFirefoxProfile,
    &corsengine::kWebKitProfile,
};

inline void TraceHeaders(std::string_view label,
                         const std::vector<corsengine::Header>& headers) {
  Trace(std::string(label) + ": " + std::to_string(headers.size()) +
        " header(s)");
  for (const corsengine::Header& h : headers) {
    Trace("  " + Quote(h.name) + ": " + Quote(h.value));
  }
}

// What script passed to fetch(), before CreateRequest() checks it.
struct FuzzRequest {
  std::string origin;
  std::string url;
  std::string method;
  corsengine::RequestMode mode = corsengine::RequestMode::kCors;
  corsengine::CredentialsMode credentials =
      corsengine::CredentialsMode::kSameOrigin;
  corsengine::RedirectMode redirect = corsengine::RedirectMode::kFollow;
  corsengine::CacheMode cache = corsengine::CacheMode::kDefault;
  bool use_cors_preflight = false;
  std::vector<corsengine::Header> headers;
};

inline FuzzRequest ConsumeRequest(FuzzedDataProvider& fdp) {
  FuzzRequest r;
  r.origin = PickOrConsume(fdp, kOrigins, 128);
  r.url = PickOrConsume(fdp, kUrls, 256);
  r.method = PickOrConsume(fdp, kMethods, 32);
  r.mode = static_cast<corsengine::RequestMode>(
      fdp.ConsumeIntegralInRange<uint8_t>(0, 3));
  r.credentials = static_cast<corsengine::CredentialsMode>(
      fdp.ConsumeIntegralInRange<uint8_t>(0, 2));
  r.redirect = static_cast<corsengine::RedirectMode>(
      fdp.ConsumeIntegralInRange<uint8_t>(0, 2));
  r.cache = static_cast<corsengine::CacheMode>(
      fdp.ConsumeIntegralInRange<uint8_t>(0, 5));
  r.use_cors_preflight = fdp.ConsumeBool();
  r.headers = ConsumeHeaders(fdp);
  return r;
}

inline void TraceRequest(const FuzzRequest& r) {
  Trace("request.origin = " + Quote(r.origin));
  Trace("request.url = " + Quote(r.url));
  Trace("request.method = " + Quote(r.method));
  Trace("request.mode = " + std::string(corsengine::ToString(r.mode)) +
        ", credentials = " + std::string(corsengine::ToString(r.credentials)) +
        ", redirect = " + std::string(corsengine::ToString(r.redirect)) +
        ", cache = " + std::string(corsengine::ToString(r.cache)) +
        ", use_cors_preflight = " + (r.use_cors_preflight ? "1" : "0"));
  TraceHeaders("request.headers", r.headers);
}

// The document's origin: the parsed one, or a new opaque origin when the
// string does not parse.
inline corsengine::Origin MakeOrigin(std::string_view s) {
  corsengine::Expected<corsengine::Origin> origin =
      corsengine::Origin::Parse(s);
  if (origin.ok()) return std::move(origin).value();
  return corsengine::Origin::CreateOpaque();
}

// CreateRequest() over the fuzzed init. `views` must outlive the call only.
inline corsengine::Expected<corsengine::Request> MakeRequest(
    const FuzzRequest& r, const corsengine::Profile& profile) {
  const std::vector<corsengine::HeaderView> views =
      corsengine::ViewsOf(r.headers);
  corsengine::RequestInit init;
  init.origin = MakeOrigin(r.origin);
  init.url = r.url;
  init.method = r.method;
  init.headers = views;
  init.mode = r.mode;
  init.credentials = r.credentials;
  init.redirect = r.redirect;
  init.cache = r.cache;
  init.use_cors_preflight = r.use_cors_preflight;
  return corsengine::CreateRequest(init, profile);
}

}  // namespace corsengine_fuzz

#endif  // CORSENGINE_FUZZ_FUZZ_UTIL_H_
