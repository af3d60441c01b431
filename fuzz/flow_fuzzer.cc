// File: fuzz/flow_fuzzer.cc
//
// Several fetches in sequence, sharing one PreflightCache, with the clock
// jumping between them: each through Fetch::Start / OnResponse /
// OnNetworkError, answered by a fuzzed server that redirects (301, 302,
// 303, 307, 308 with absolute Locations among 127.0.0.1:8001/8002/8003 and
// localhost:8002, relative ones, empty, repeated or missing ones) and
// answers preflights consistently: one fuzzed preflight response per URL,
// the same every time (its Access-Control-Allow-Origin may echo the
// request's Origin).
//
// Input layout (FuzzedDataProvider: integers from the end, strings from the
// front; see fuzz_util.h):
//   profile 1 byte [0, 3]; max_entries 1 byte [0, 8] (0: the profile's
//   bound); use-CORS-preflight flag 1 byte (low bit, for every fetch);
//   fetch count 1 byte [1, 6]; then per fetch:
//     clock jump: 1 byte; < 128 that many seconds, else 4 bytes [0, 100000]
//     origin [0, 4] into kPageOrigins; URL: server [0, 3] and path [0, 2];
//     method PickOrConsume(kMethods); mode [0, 2] (cors, no-cors,
//     same-origin); credentials [0, 2]; redirect [0, 2]; cache [0, 4];
//     header count [0, 3], each PickOrConsume(kFlowHeaderNames/-Values)
//   and, as the fetch asks for them, responses:
//     a preflight, the first time its URL is preflighted: status [0, 7]
//       into kPreflightStatuses (7: a network error), Allow-Origin [0, 5],
//       Allow-Credentials [0, 2], and for Allow-Methods, Allow-Headers and
//       Max-Age a presence byte and a PickOrConsume value;
//     a request: status [0, 9] into kStatuses (9: a network error); for a
//       redirect status a Location choice [0, 11]; Allow-Origin [0, 4];
//       Allow-Credentials (low bit); Expose-Headers presence byte.
//   When the input runs out every byte reads as 0: 200 responses, and
//   the flow still ends.
//
// Invariants, for every fetch:
//   * it ends (kDeliver or kFail) and never waits for another fetch's
//     preflight (they run one after another); at most 21 requests and 21
//     preflights go out (20 redirects);
//   * a request the cache let skip its preflight (an action with cache
//     outcome hit) is one its key's preflight response would allow:
//     ValidatePreflightResponse on it accepts the request as it is now;
//   * Origin: every preflight and every request with response tainting
//     "cors" carries Origin, and it is "null" exactly when the request's
//     origin is opaque or the request was tainted (#concept-request-
//     tainted-origin: a hop between two origins made from a URL whose
//     origin is not the request's), else the serialized origin (a
//     preflight carries the request's own origin under the profile's
//     preflight_ignores_redirect_taint, and is answered and checked
//     against it); other requests carry it only for methods other than
//     GET and HEAD, "null" where the same taint, the default referrer
//     policy (an https origin and a non-https URL, outside cors mode) or
//     the profile's no_cors_null_origin_after_cross_origin_hop says so,
//     and under redirect_keeps_request_headers a GET or HEAD carries the
//     serialized origin when an earlier hop since the last one between two
//     origins did; Fetch::SerializedOrigin() agrees;
//   * the method is rewritten to GET exactly by 301/302 on POST and 303 on
//     anything but GET and HEAD, dropping the request-body headers (kept
//     under redirect_keeps_request_headers and
//     method_change_keeps_body_headers); no Authorization after a hop
//     between two origins (but under redirect_keeps_request_headers).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/error.h"
#include "corsengine/fetch.h"
#include "corsengine/header_list.h"
#include "corsengine/origin.h"
#include "corsengine/preflight.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "corsengine/url.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::Action;
using corsengine::CacheOutcome;
using corsengine::CorsError;
using corsengine::CredentialsMode;
using corsengine::Expected;
using corsengine::Fetch;
using corsengine::Header;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine::Origin;
using corsengine::PreflightCache;
using corsengine::Profile;
using corsengine::Request;
using corsengine::RequestMode;
using corsengine::Url;
using corsengine_fuzz::PickOrConsume;
using corsengine_fuzz::Quote;

constexpr int kMaxFetches = 6;
constexpr int kMaxResponses = 64;
constexpr int kNetworkErrorStatus = -1;

constexpr std::string_view kPageOrigins[] = {
    "http://127.0.0.1:8001", "http://127.0.0.1:8002", "http://localhost:8002",
    "https://127.0.0.1:8001", "null"};
constexpr std::string_view kServers[] = {
    "http://127.0.0.1:8001", "http://127.0.0.1:8002", "http://127.0.0.1:8003",
    "http://localhost:8002"};
constexpr std::string_view kPaths[] = {"/r/a", "/r/b", "/r/c?x=1"};

constexpr std::string_view kFlowHeaderNames[] = {
    "X-A", "x-b", "Authorization", "Content-Type", "Accept", "Range",
    "Content-Language", "DPR"};
constexpr std::string_view kFlowHeaderValues[] = {
    "1", "text/plain", "application/json", "bytes=0-1", "*/*", "en", "1.5"};

constexpr int kPreflightStatuses[] = {200, 204, 299, 301, 404, 500, 0,
                                      kNetworkErrorStatus};
constexpr int kStatuses[] = {200, 204, 404, 301, 302, 303, 307, 308, 500,
                             kNetworkErrorStatus};

constexpr std::string_view kAllowMethods[] = {
    "PUT", "PUT, DELETE", "*", "GET", "POST", "PATCH, patch", "*, PUT", "",
    "DELETE", "PUT;", "get, OPTIONS"};
constexpr std::string_view kAllowHeaders[] = {
    "x-a", "X-A, x-b", "*", "*, authorization", "authorization", "",
    "content-type", "x b", "x-a, authorization, content-type", "x-b"};
constexpr std::string_view kMaxAges[] = {"0", "1", "5", "10", "600", "86400",
                                         "-1", "abc", "", "100000"};
constexpr std::string_view kExpose[] = {"*", "x-secret", "X-Secret, set-cookie",
                                        "", "x secret"};

// A server and a path, read in that order.
std::string ConsumeUrl(FuzzedDataProvider& fdp) {
  std::string url(kServers[fdp.ConsumeIntegralInRange<uint8_t>(0, 3)]);
  url += kPaths[fdp.ConsumeIntegralInRange<uint8_t>(0, 2)];
  return url;
}

bool IsRedirectStatus(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

// A preflight response, fixed per URL; Allow-Origin may echo the Origin.
struct PreflightTemplate {
  int status = 200;
  int acao = 0;  // 0 echo, 1 `*`, 2 `null`, 3 absent, 4 fixed, 5 echo twice
  int acac = 0;  // 0 absent, 1 `true`, 2 `TRUE`
  std::optional<std::string> methods;
  std::optional<std::string> headers;
  std::optional<std::string> max_age;
};

PreflightTemplate ConsumeTemplate(FuzzedDataProvider& fdp) {
  PreflightTemplate t;
  t.status = kPreflightStatuses[fdp.ConsumeIntegralInRange<uint8_t>(0, 7)];
  t.acao = fdp.ConsumeIntegralInRange<uint8_t>(0, 5);
  t.acac = fdp.ConsumeIntegralInRange<uint8_t>(0, 2);
  if (fdp.ConsumeBool()) t.methods = PickOrConsume(fdp, kAllowMethods, 64);
  if (fdp.ConsumeBool()) t.headers = PickOrConsume(fdp, kAllowHeaders, 64);
  if (fdp.ConsumeBool()) t.max_age = PickOrConsume(fdp, kMaxAges, 32);
  return t;
}

std::vector<Header> Realize(const PreflightTemplate& t, std::string_view origin) {
  std::vector<Header> h;
  switch (t.acao) {
    case 0:
      h.push_back({"Access-Control-Allow-Origin", std::string(origin)});
      break;
    case 1:
      h.push_back({"Access-Control-Allow-Origin", "*"});
      break;
    case 2:
      h.push_back({"Access-Control-Allow-Origin", "null"});
      break;
    case 3:
      break;
    case 4:
      h.push_back({"Access-Control-Allow-Origin", "http://127.0.0.1:8001"});
      break;
    default:
      h.push_back({"Access-Control-Allow-Origin", std::string(origin)});
      h.push_back({"Access-Control-Allow-Origin", std::string(origin)});
      break;
  }
  if (t.acac == 1) h.push_back({"Access-Control-Allow-Credentials", "true"});
  if (t.acac == 2) h.push_back({"Access-Control-Allow-Credentials", "TRUE"});
  if (t.methods) h.push_back({"Access-Control-Allow-Methods", *t.methods});
  if (t.headers) h.push_back({"Access-Control-Allow-Headers", *t.headers});
  if (t.max_age) h.push_back({"Access-Control-Max-Age", *t.max_age});
  return h;
}

std::string DescribeHeaders(const std::vector<Header>& headers) {
  std::string s;
  for (const Header& h : headers) s += " [" + h.name + ": " + Quote(h.value) + "]";
  return s;
}

bool SameOriginUrls(const Url& a, const Url& b) {
  return Origin::FromUrl(a).IsSameOriginWith(Origin::FromUrl(b));
}

class Flow {
 public:
  Flow(const Profile& profile, size_t max_entries, bool use_cors_preflight)
      : profile_(profile),
        use_cors_preflight_(use_cors_preflight),
        cache_(profile, Options(max_entries)) {}

  void RunFetch(FuzzedDataProvider& fdp, int index) {
    Advance(fdp);
    corsengine_fuzz::FuzzRequest init;
    init.origin = std::string(kPageOrigins[fdp.ConsumeIntegralInRange<uint8_t>(0, 4)]);
    init.url = ConsumeUrl(fdp);
    init.method = PickOrConsume(fdp, corsengine_fuzz::kMethods, 32);
    init.mode = static_cast<RequestMode>(fdp.ConsumeIntegralInRange<uint8_t>(0, 2));
    init.credentials =
        static_cast<CredentialsMode>(fdp.ConsumeIntegralInRange<uint8_t>(0, 2));
    init.redirect = static_cast<corsengine::RedirectMode>(
        fdp.ConsumeIntegralInRange<uint8_t>(0, 2));
    init.cache = static_cast<corsengine::CacheMode>(
        fdp.ConsumeIntegralInRange<uint8_t>(0, 4));
    init.use_cors_preflight = use_cors_preflight_;
    const size_t count = fdp.ConsumeIntegralInRange<uint8_t>(0, 3);
    for (size_t i = 0; i < count; ++i) {
      Header h;
      h.name = PickOrConsume(fdp, kFlowHeaderNames, 64);
      h.value = PickOrConsume(fdp, kFlowHeaderValues, 160);
      init.headers.push_back(std::move(h));
    }
    FUZZ_TRACE("fetch " + std::to_string(index) + " at +" +
          std::to_string(now_ - kEpoch) + " s:");
    if (corsengine_fuzz::Tracing()) corsengine_fuzz::TraceRequest(init);

    // The origin object is created once: a "null" page origin is one
    // opaque origin for the whole fetch.
    Expected<Request> request = corsengine_fuzz::MakeRequest(init, profile_);
    if (!request.ok()) {
      FUZZ_TRACE("  CreateRequest: " + request.error().message);
      return;
    }
    origin_ = request->origin;
    url_list_.assign(1, request->url);
    origin_sent_ = false;
    omit_body_names_ = false;
    expected_method_ = request->method;
    mode_ = request->mode;

    Fetch fetch(std::move(request).value(), profile_, &cache_);
    Action action = fetch.Start(Now());
    FUZZ_TRACE("  start -> " + std::string(ToString(action.kind)) + ": " +
          action.reason);
    int responses = 0;
    int requests_sent = 0;
    int preflights_sent = 0;
    while (action.kind == Action::Kind::kSendPreflight ||
           action.kind == Action::Kind::kSendRequest ||
           action.kind == Action::Kind::kFollowRedirect) {
      FUZZ_CHECK(responses < kMaxResponses,
                 "no kDeliver/kFail after " << responses << " responses");
      ++responses;
      Sync(fetch);
      if (action.kind == Action::Kind::kSendPreflight) {
        ++preflights_sent;
        CheckPreflight(action, fetch);
        action = AnswerPreflight(fdp, action, fetch);
      } else {
        ++requests_sent;
        CheckActual(action, fetch);
        action = AnswerRequest(fdp, action, fetch);
      }
      FUZZ_CHECK(requests_sent <= corsengine::kMaxRedirects + 1 &&
                     preflights_sent <= corsengine::kMaxRedirects + 1,
                 requests_sent << " requests and " << preflights_sent
                               << " preflights in one fetch");
    }
    FUZZ_CHECK(action.kind != Action::Kind::kWaitForPreflight,
               "a fetch waits for a preflight while no other fetch runs");
    FUZZ_CHECK(action.kind == Action::Kind::kDeliver ||
                   action.kind == Action::Kind::kFail,
               "flow ended with " << ToString(action.kind));
    FUZZ_CHECK(fetch.done(), "not done() after " << ToString(action.kind));
    FUZZ_CHECK(action.kind != Action::Kind::kFail ||
                   action.error.error != CorsError::kUnexpectedCall,
               "kUnexpectedCall in a well-driven fetch: " << action.error.message);
    FUZZ_CHECK(fetch.redirect_count() <= corsengine::kMaxRedirects,
               fetch.redirect_count() << " redirects");
  }

 private:
  static PreflightCache::Options Options(size_t max_entries) {
    PreflightCache::Options o;
    o.max_entries = max_entries;
    o.shards = 1;
    return o;
  }
  absl::Time Now() const { return absl::FromUnixSeconds(now_); }

  void Advance(FuzzedDataProvider& fdp) {
    const uint8_t small = fdp.ConsumeIntegral<uint8_t>();
    now_ += small < 128 ? small : fdp.ConsumeIntegralInRange<uint32_t>(0, 100000);
  }

  // #concept-request-tainted-origin over the URL list so far.
  bool Tainted() const {
    for (size_t i = 1; i < url_list_.size(); ++i) {
      if (!SameOriginUrls(url_list_[i - 1], url_list_[i]) &&
          !origin_.IsSameOriginWith(url_list_[i - 1])) {
        return true;
      }
    }
    return false;
  }
  bool AnyCrossOriginHop() const {
    for (size_t i = 1; i < url_list_.size(); ++i) {
      if (!SameOriginUrls(url_list_[i - 1], url_list_[i])) return true;
    }
    return false;
  }
  // #serializing-a-request-origin.
  std::string SerializedOrigin() const {
    return Tainted() ? "null" : origin_.Serialize();
  }
  // What a preflight carries: the serialized origin, or the untainted one
  // under preflight_ignores_redirect_taint.
  std::string PreflightOrigin() const {
    return profile_.preflight_ignores_redirect_taint ? origin_.Serialize()
                                                     : SerializedOrigin();
  }

  void CheckPreflight(const Action& action, const Fetch& fetch) {
    FUZZ_CHECK(fetch.SerializedOrigin() == SerializedOrigin(),
               "SerializedOrigin() " << Quote(fetch.SerializedOrigin())
                                     << ", expected " << Quote(SerializedOrigin()));
    const std::string* origin = action.request.FindHeader("Origin");
    FUZZ_CHECK(origin != nullptr && *origin == PreflightOrigin(),
               "preflight Origin "
                   << (origin ? Quote(*origin) : std::string("absent"))
                   << ", expected " << Quote(PreflightOrigin()));
    FUZZ_CHECK(action.request.method == "OPTIONS" &&
                   !action.request.include_credentials,
               "preflight " << action.request.method);
  }

  void CheckActual(const Action& action, const Fetch& fetch) {
    const corsengine::OutgoingRequest& out = action.request;
    FUZZ_CHECK(out.method == expected_method_,
               "sent " << Quote(out.method) << ", expected "
                       << Quote(expected_method_));
    FUZZ_CHECK(out.url == url_list_.back().spec(),
               "sent to " << Quote(out.url));
    const bool cors = fetch.tainting() == corsengine::ResponseTainting::kCors;
    const std::string* origin = out.FindHeader("Origin");
    if (cors) {
      FUZZ_CHECK(fetch.SerializedOrigin() == SerializedOrigin(),
                 "SerializedOrigin() " << Quote(fetch.SerializedOrigin())
                                       << ", expected "
                                       << Quote(SerializedOrigin()));
      FUZZ_CHECK(origin != nullptr && *origin == SerializedOrigin(),
                 "CORS request Origin "
                     << (origin ? Quote(*origin) : std::string("absent"))
                     << ", expected " << Quote(SerializedOrigin()));
    } else if (out.method == "GET" || out.method == "HEAD") {
      if (profile_.redirect_keeps_request_headers && origin_sent_) {
        // Carried over from an earlier hop since the last one between two
        // origins.
        FUZZ_CHECK(origin != nullptr && *origin == SerializedOrigin(),
                   "a non-CORS " << out.method << " after Origin was sent: "
                                 << (origin ? Quote(*origin)
                                            : std::string("absent")));
      } else {
        FUZZ_CHECK(origin == nullptr, "a non-CORS " << out.method
                                                    << " carries Origin "
                                                    << Quote(*origin));
      }
    } else {
      // #append-a-request-origin-header: the serialized origin, then the
      // referrer policy's `null` (default strict-origin-when-cross-origin:
      // an https origin and a non-https URL) outside cors mode.
      bool null = Tainted() || origin_.opaque();
      if (mode_ != RequestMode::kCors && !origin_.opaque() &&
          origin_.scheme() == "https" && url_list_.back().scheme() != "https") {
        null = true;
      }
      if (profile_.no_cors_null_origin_after_cross_origin_hop &&
          AnyCrossOriginHop()) {
        null = true;
      }
      const std::string expected = null ? "null" : origin_.Serialize();
      FUZZ_CHECK(origin != nullptr && *origin == expected,
                 "non-CORS " << out.method << " Origin "
                             << (origin ? Quote(*origin) : std::string("absent"))
                             << ", expected " << Quote(expected));
    }
    if (AnyCrossOriginHop() && !profile_.redirect_keeps_request_headers) {
      FUZZ_CHECK(out.FindHeader("Authorization") == nullptr,
                 "Authorization sent after a hop between two origins");
    }
    if (origin != nullptr) origin_sent_ = true;
    if (action.cache.outcome == CacheOutcome::kHit) CheckCachedDecision(fetch);
  }

  // The cache let this request skip its preflight: its key's preflight
  // response (the server answers every preflight for a URL the same way)
  // must allow it as it is now.
  void CheckCachedDecision(const Fetch& fetch) {
    const Request& request = fetch.request();
    const std::string url(request.url.spec());
    auto it = templates_.find(url);
    FUZZ_CHECK(it != templates_.end(),
               "cache hit for " << Quote(url) << ", never preflighted");
    const PreflightTemplate& t = it->second;
    const std::string preflight_origin = PreflightOrigin();
    // A preflight the profile does not CORS-check was cached whatever its
    // Allow-Origin and -Credentials said: judge the rest of it, with a pair
    // that passes any check.
    PreflightTemplate judged = t;
    if (profile_.preflight_to_request_origin_skips_cors_check &&
        origin_.IsSameOriginWith(request.url)) {
      judged.acao = 0;
      judged.acac = 1;
    }
    const std::vector<Header> headers = Realize(judged, preflight_origin);
    const std::vector<HeaderView> views = corsengine::ViewsOf(headers);
    corsengine::UnsafeHeaderNames unsafe;
    corsengine::CorsUnsafeRequestHeaderNames(request.headers, profile_, &unsafe);
    if (omit_body_names_) {
      unsafe.erase(std::remove_if(unsafe.begin(), unsafe.end(),
                                  [](std::string_view name) {
                                    return corsref::IsRequestBodyHeaderName(name);
                                  }),
                   unsafe.end());
    }
    const Expected<corsengine::PreflightResult> fresh =
        corsengine::ValidatePreflightResponse(request, preflight_origin,
                                              unsafe, t.status, HeaderSpan(views),
                                              profile_);
    // The reference's verdict on the same.
    corsref::PreflightRequest ref_request;
    ref_request.method = request.method;
    ref_request.headers = request.headers;
    if (omit_body_names_) {
      // The same hop's preflight leaves the body headers out (above).
      std::vector<Header>& h = ref_request.headers;
      h.erase(std::remove_if(h.begin(), h.end(),
                             [](const Header& x) {
                               return corsref::IsRequestBodyHeaderName(x.name);
                             }),
              h.end());
    }
    ref_request.credentials = request.credentials;
    ref_request.use_cors_preflight = request.use_cors_preflight;
    const corsref::PreflightVerdict verdict = corsref::JudgePreflight(
        ref_request, preflight_origin, t.status, headers, profile_);
    FUZZ_CHECK(fresh.ok() == (verdict.step == corsref::PreflightVerdict::Step::kOk),
               "ValidatePreflightResponse " << (fresh.ok() ? "passes" : "fails")
                                            << ", reference: "
                                            << corsengine_fuzz::Name(verdict.step));
    FUZZ_CHECK(fresh.ok(),
               "the cache let " << request.method << " " << url << " ("
                                << corsengine::ToString(request.credentials)
                                << ") skip its preflight, but its preflight "
                                   "response"
                                << DescribeHeaders(headers) << " fails it: "
                                << (fresh.ok() ? std::string("?")
                                               : fresh.error().message)
                                << "; reference: "
                                << corsengine_fuzz::Name(verdict.step));
  }

  Action AnswerPreflight(FuzzedDataProvider& fdp, const Action& action,
                         Fetch& fetch) {
    const std::string url = action.request.url;
    auto it = templates_.find(url);
    if (it == templates_.end()) {
      it = templates_.emplace(url, ConsumeTemplate(fdp)).first;
    }
    const PreflightTemplate& t = it->second;
    if (t.status == kNetworkErrorStatus) {
      FUZZ_TRACE("  preflight " + url + ": network error");
      return Log(fetch.OnNetworkError("reset", Now()));
    }
    const std::vector<Header> headers = Realize(t, PreflightOrigin());
    FUZZ_TRACE("  preflight " + url + ": " + std::to_string(t.status) +
          DescribeHeaders(headers));
    const std::vector<HeaderView> views = corsengine::ViewsOf(headers);
    return Log(fetch.OnResponse(t.status, HeaderSpan(views), Now()));
  }

  Action AnswerRequest(FuzzedDataProvider& fdp, const Action& action,
                       Fetch& fetch) {
    const int status = kStatuses[fdp.ConsumeIntegralInRange<uint8_t>(0, 9)];
    if (status == kNetworkErrorStatus) {
      FUZZ_TRACE("  " + action.request.method + " " + action.request.url +
            ": network error");
      return Log(fetch.OnNetworkError("reset", Now()));
    }
    std::vector<Header> headers;
    if (IsRedirectStatus(status)) {
      switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 11)) {
        case 0:
        case 1:
        case 2:
        case 3: {
          headers.push_back({"Location", ConsumeUrl(fdp)});
          break;
        }
        case 4:
          headers.push_back({"Location", "/r/b"});
          break;
        case 5:
          headers.push_back({"Location", "../r/c?x=1"});
          break;
        case 6:
          headers.push_back({"Location", ""});
          break;
        case 7:
          break;  // no Location
        case 8:
          headers.push_back({"Location", "/r/a"});
          headers.push_back({"Location", "/r/b"});
          break;
        case 9:
          headers.push_back({"Location", "//localhost:8002/r/a"});
          break;
        case 10:
          headers.push_back({"Location", "http://user:pass@127.0.0.1:8003/r/a"});
          break;
        default:
          headers.push_back({"Location", "data:text/plain,x"});
          break;
      }
    }
    const std::string* sent_origin = action.request.FindHeader("Origin");
    switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 4)) {
      case 0:
        headers.push_back({"Access-Control-Allow-Origin",
                           sent_origin ? *sent_origin : "null"});
        break;
      case 1:
        headers.push_back({"Access-Control-Allow-Origin", "*"});
        break;
      case 2:
        headers.push_back({"Access-Control-Allow-Origin", "null"});
        break;
      case 3:
        break;
      default:
        headers.push_back({"Access-Control-Allow-Origin", "http://127.0.0.1:8001"});
        break;
    }
    if (fdp.ConsumeBool()) {
      headers.push_back({"Access-Control-Allow-Credentials", "true"});
    }
    if (fdp.ConsumeBool()) {
      headers.push_back({"Access-Control-Expose-Headers",
                         std::string(kExpose[fdp.ConsumeIntegralInRange<uint8_t>(0, 4)])});
    }
    headers.push_back({"X-Secret", "1"});
    headers.push_back({"Set-Cookie", "a=b"});
    FUZZ_TRACE("  " + action.request.method + " " + action.request.url + ": " +
          std::to_string(status) + DescribeHeaders(headers));
    last_status_ = status;
    const std::vector<HeaderView> views = corsengine::ViewsOf(headers);
    return Log(fetch.OnResponse(status, HeaderSpan(views), Now()));
  }

  // After a followed redirect (the redirect count went up): the new URL
  // joins the URL list, and the method and headers are what
  // #http-redirect-fetch leaves: 301/302 turn POST into GET and 303 all but
  // GET and HEAD (step 12), dropping the request-body headers; a hop
  // between two origins drops Authorization (step 13).
  void Sync(const Fetch& fetch) {
    while (fetch.redirect_count() + 1 > static_cast<int>(url_list_.size())) {
      url_list_.push_back(fetch.request().url);
      if (!SameOriginUrls(url_list_[url_list_.size() - 2], url_list_.back())) {
        origin_sent_ = false;
      }
      const Request& request = fetch.request();
      std::string method = expected_method_;
      // WebKit also turns a DELETE into GET at a hop between origins.
      const bool between_origins = !SameOriginUrls(
          url_list_[url_list_.size() - 2], url_list_.back());
      if (((last_status_ == 301 || last_status_ == 302) && method == "POST") ||
          (last_status_ == 303 && method != "GET" && method != "HEAD") ||
          (between_origins && method == "DELETE" &&
           profile_.redirect_between_origins_turns_delete_into_get)) {
        method = "GET";
      }
      FUZZ_CHECK(request.method == method,
                 "after a " << last_status_ << " the method is "
                            << Quote(request.method) << ", expected "
                            << Quote(method));
      // The preflight of the hop right after a change to GET leaves the
      // kept body headers out (method_change_keeps_body_headers).
      omit_body_names_ = method != expected_method_ &&
                         profile_.method_change_keeps_body_headers;
      for (const Header& h : request.headers) {
        FUZZ_CHECK(method == expected_method_ ||
                       profile_.redirect_keeps_request_headers ||
                       profile_.method_change_keeps_body_headers ||
                       !corsref::IsRequestBodyHeaderName(h.name),
                   "request-body header " << Quote(h.name)
                                          << " kept after the method became GET");
        FUZZ_CHECK(!AnyCrossOriginHop() ||
                       profile_.redirect_keeps_request_headers ||
                       !corsref::IsCorsNonWildcardRequestHeaderName(h.name),
                   "Authorization kept after a hop between two origins");
      }
      expected_method_ = method;
    }
  }

  Action Log(Action action) {
    FUZZ_TRACE("  -> " + std::string(ToString(action.kind)) + ": " + action.reason);
    return action;
  }

  const Profile& profile_;
  const bool use_cors_preflight_;
  PreflightCache cache_;
  int64_t now_ = kEpoch;
  std::map<std::string, PreflightTemplate> templates_;
  // The fetch under way.
  Origin origin_;
  std::vector<Url> url_list_;
  std::string expected_method_;
  int last_status_ = 0;
  bool origin_sent_ = false;  // since the last hop between two origins
  bool omit_body_names_ = false;  // see Sync()
  RequestMode mode_ = RequestMode::kCors;

  static constexpr int64_t kEpoch = 1700000000;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput(data, size);
  FuzzedDataProvider fdp(data, size);
  const Profile& profile = corsengine_fuzz::ConsumeProfile(fdp);
  const size_t max_entries = fdp.ConsumeIntegralInRange<uint8_t>(0, 8);
  const bool use_cors_preflight = fdp.ConsumeBool();
  const int fetches = fdp.ConsumeIntegralInRange<uint8_t>(1, kMaxFetches);
  FUZZ_TRACE("profile = " + std::string(profile.name) + ", max_entries " +
        std::to_string(max_entries) +
        (use_cors_preflight ? ", use-CORS-preflight flag" : ""));
  Flow flow(profile, max_entries, use_cors_preflight);
  for (int i = 0; i < fetches; ++i) flow.RunFetch(fdp, i);
  corsengine_fuzz::EndInput();
  return 0;
}
