// File: fuzz/fetch_fuzzer.cc
//
// One whole fetch through the sans-I/O state machine: CreateRequest, then
// Fetch::Start and a sequence of responses (or network errors) fed with
// Fetch::OnResponse / OnNetworkError until the fetch delivers or fails.
//
// Input layout (FuzzedDataProvider, see fuzz_util.h):
//   ConsumeProfile()
//   ConsumeRequest()
//   then for each response, while the fetch waits for one (at most
//   kMaxResponses):
//     status: 2 bytes, [0, 1000]; 1000 means a network error (no headers)
//     ConsumeHeaders()            unless a network error
// When the input runs out, every further response is status 0 with no
// headers, so every input drives the fetch to its end.
//
// Invariants:
//   * the flow ends (kDeliver or kFail) within kMaxResponses responses (a
//     preflight plus the request for each of at most 20 redirects fits);
//   * done() is false exactly while the fetch waits for a response; after
//     done(), Start, OnResponse and OnNetworkError each answer kFail with
//     kUnexpectedCall and the fetch stays done;
//   * a preflight is OPTIONS without credentials carrying Origin and
//     Access-Control-Request-Method = the request's method; every sent
//     request has a canonical URL without credentials; the actual request
//     carries credentials iff the mode is "include", or "same-origin" on a
//     same-origin request, and under CORS an Origin header;
//   * kDeliver of type opaque has status 0, an empty URL and no headers;
//     opaqueredirect has status 0 and no headers; basic only for a
//     same-origin request or a data: URL; cors only when the reference's CORS check
//     (corsref::CorsCheck) passes on the delivered response; the delivered
//     headers and header_names are exactly those of the reference's
//     filtered response of that type (never Set-Cookie(2); names sorted,
//     lowercase, unique);
//   * flow errors during the fetch are never kUnexpectedCall.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/cors_check.h"
#include "corsengine/error.h"
#include "corsengine/fetch.h"
#include "corsengine/header_list.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/response_filter.h"
#include "corsengine/url.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::Action;
using corsengine::CorsError;
using corsengine::Expected;
using corsengine::Fetch;
using corsengine::Header;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine::Profile;
using corsengine::Request;
using corsengine::ResponseType;
using corsengine_fuzz::HasUpperAscii;
using corsengine_fuzz::Quote;

constexpr int kMaxResponses = 64;
constexpr int kNetworkError = 1000;

bool Waiting(Action::Kind kind) {
  return kind == Action::Kind::kSendPreflight ||
         kind == Action::Kind::kSendRequest ||
         kind == Action::Kind::kFollowRedirect;
}

void CheckSent(const Action& action, const Fetch& fetch, const Profile& profile) {
  const Request& request = fetch.request();
  const corsengine::OutgoingRequest& out = action.request;
  FUZZ_CHECK(!out.method.empty() && !out.url.empty(),
             ToString(action.kind) << " with empty method or URL");
  Expected<corsengine::Url> url = corsengine::Url::Parse(out.url);
  FUZZ_CHECK(url.ok(), "sent URL " << Quote(out.url) << " does not parse");
  FUZZ_CHECK(!url->has_credentials() && url->spec() == out.url,
             "sent URL " << Quote(out.url) << " is not a canonical URL "
                         << "without credentials");
  if (action.kind == Action::Kind::kSendPreflight) {
    FUZZ_CHECK(out.method == "OPTIONS", "preflight method "
                                            << Quote(out.method));
    FUZZ_CHECK(!out.include_credentials, "preflight with credentials");
    FUZZ_CHECK(!out.http_cache_only, "preflight kept to the HTTP cache");
    // The request's origin now ("null" once a redirect tainted it), or, for
    // profiles whose preflight ignores that taint (Firefox), its own.
    const std::string* origin = out.FindHeader("Origin");
    const std::string& expected = profile.preflight_ignores_redirect_taint
                                      ? fetch.request().origin.Serialize()
                                      : fetch.SerializedOrigin();
    FUZZ_CHECK(origin != nullptr && *origin == expected,
               "preflight Origin header " << Quote(origin ? *origin : "(none)")
                                          << ", expected " << Quote(expected));
    const std::string* acrm =
        out.FindHeader(corsengine::kAccessControlRequestMethod);
    FUZZ_CHECK(acrm != nullptr && *acrm == request.method,
               "preflight Access-Control-Request-Method");
  } else {
    FUZZ_CHECK(out.FindHeader(corsengine::kAccessControlRequestMethod) ==
                   nullptr,
               ToString(action.kind) << " carries Access-Control-Request-"
                                     << "Method");
  }
  if (action.kind == Action::Kind::kSendRequest ||
      action.kind == Action::Kind::kFollowRedirect) {
    FUZZ_CHECK(out.method == request.method && out.url == request.url.spec(),
               "actual request " << Quote(out.method) << " " << Quote(out.url)
                                 << " for " << Quote(request.method) << " "
                                 << Quote(request.url.spec()));
    // #concept-http-network-or-cache-fetch: credentials with "include", or
    // with "same-origin" on a same-origin (basic) request.
    const bool basic =
        fetch.tainting() == corsengine::ResponseTainting::kBasic;
    const bool credentials =
        request.credentials == corsengine::CredentialsMode::kInclude ||
        (request.credentials == corsengine::CredentialsMode::kSameOrigin &&
         basic);
    FUZZ_CHECK(out.http_cache_only ==
                   (request.cache == corsengine::CacheMode::kOnlyIfCached &&
                    profile.only_if_cached_skips_network &&
                    request.url.scheme() != "data"),
               "http_cache_only " << out.http_cache_only);
    FUZZ_CHECK(out.include_credentials == credentials,
               "include_credentials " << out.include_credentials << " for "
                                      << "credentials mode "
                                      << ToString(request.credentials));
    // #append-a-request-origin-header: always under CORS.
    if (fetch.tainting() == corsengine::ResponseTainting::kCors) {
      const std::string* origin = out.FindHeader("Origin");
      FUZZ_CHECK(origin != nullptr && *origin == fetch.SerializedOrigin(),
                 "CORS request without its Origin header");
    }
  }
}

void CheckDelivered(const Action& action, const Fetch& fetch,
                    const std::vector<Header>& last_list,
                    HeaderSpan last_headers) {
  const corsengine::FilteredResponse& r = action.response;
  const Request& request = fetch.request();
  switch (r.type) {
    case ResponseType::kOpaque:
      FUZZ_CHECK(r.status == 0, "opaque response with status " << r.status);
      FUZZ_CHECK(r.url.empty(), "opaque response with URL " << Quote(r.url));
      FUZZ_CHECK(r.headers.empty() && r.header_names.empty(),
                 "opaque response with " << r.headers.size() << " headers");
      FUZZ_CHECK(fetch.tainting() == corsengine::ResponseTainting::kOpaque,
                 "opaque response without opaque tainting");
      return;
    case ResponseType::kOpaqueRedirect:
      FUZZ_CHECK(r.status == 0, "opaqueredirect with status " << r.status);
      FUZZ_CHECK(r.headers.empty() && r.header_names.empty(),
                 "opaqueredirect with headers");
      FUZZ_CHECK(request.redirect == corsengine::RedirectMode::kManual,
                 "opaqueredirect without redirect mode manual");
      return;
    case ResponseType::kError:
      FUZZ_CHECK(false, "kDeliver of an error response");
      return;
    case ResponseType::kBasic:
      // #main-fetch step 12: same-origin, or a data: URL's scheme fetch.
      FUZZ_CHECK(request.origin.IsSameOriginWith(request.url) ||
                     request.url.scheme() == "data",
                 "basic response for a cross-origin request to "
                     << Quote(request.url.spec()));
      break;
    case ResponseType::kCors:
      FUZZ_CHECK(fetch.tainting() == corsengine::ResponseTainting::kCors,
                 "cors response without cors tainting");
      FUZZ_CHECK(corsref::CorsCheck(last_list, fetch.SerializedOrigin(),
                                    request.credentials) ==
                     corsref::CorsCheckFailure::kNone,
                 "cors response delivered but the reference's CORS check "
                 "fails on it");
      break;
  }
  // Exactly the headers the reference's filtered response keeps.
  const std::vector<bool> readable =
      corsref::ReadableHeaders(last_list, r.type, request.credentials);
  std::vector<Header> expected;
  for (size_t i = 0; i < last_list.size(); ++i) {
    if (readable[i]) expected.push_back(last_list[i]);
  }
  FUZZ_CHECK(r.headers == expected,
             "delivered " << r.headers.size() << " headers, the reference's "
                          << ToString(r.type) << " response keeps "
                          << expected.size());
  FUZZ_CHECK(r.header_names == corsref::ReadableHeaderNames(last_list, readable),
             "header_names " << corsengine_fuzz::Join(r.header_names));
  FUZZ_CHECK(!r.url.empty(), "delivered " << ToString(r.type)
                                          << " response without URL");
  for (const Header& h : r.headers) {
    FUZZ_CHECK(!corsref::IsForbiddenResponseHeaderName(h.name),
               "delivered " << Quote(h.name));
    bool received = false;
    for (const HeaderView& v : last_headers) {
      received = received || (v.name == h.name && v.value == h.value);
    }
    FUZZ_CHECK(received, "delivered header " << Quote(h.name)
                                             << " was not received");
  }
  for (size_t i = 0; i < r.header_names.size(); ++i) {
    FUZZ_CHECK(!HasUpperAscii(r.header_names[i]),
               "header name " << Quote(r.header_names[i]));
    if (i > 0) {
      FUZZ_CHECK(r.header_names[i - 1] < r.header_names[i],
                 "header_names not sorted/unique");
    }
  }
}

void CheckUnexpected(const Action& action, const char* call) {
  FUZZ_CHECK(action.kind == Action::Kind::kFail &&
                 action.error.error == CorsError::kUnexpectedCall,
             call << " after done() gave " << ToString(action.kind) << " ("
                  << action.error.error << ")");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput();
  FuzzedDataProvider fdp(data, size);
  const Profile& profile = corsengine_fuzz::ConsumeProfile(fdp);
  const corsengine_fuzz::FuzzRequest init = corsengine_fuzz::ConsumeRequest(fdp);
  corsengine_fuzz::Trace("profile = " + std::string(profile.name));
  corsengine_fuzz::TraceRequest(init);

  Expected<Request> request = corsengine_fuzz::MakeRequest(init, profile);
  if (!request.ok()) {
    corsengine_fuzz::Trace("CreateRequest: " + request.error().message);
    corsengine_fuzz::EndInput();
    return 0;
  }
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  // A cache per input, so lookups, stores and clears run on every path.
  corsengine::PreflightCache cache(profile);
  Fetch fetch(std::move(request).value(), profile, &cache);
  FUZZ_CHECK(!fetch.done(), "done() before Start()");
  Action action = fetch.Start(now);
  corsengine_fuzz::Trace("Start -> " + std::string(ToString(action.kind)) +
                         ": " + action.reason);

  std::vector<Header> headers;  // the last response's, kept for checks
  std::vector<HeaderView> views;
  int responses = 0;
  while (Waiting(action.kind)) {
    FUZZ_CHECK(!fetch.done(), "done() while waiting for a response");
    CheckSent(action, fetch, profile);
    FUZZ_CHECK(responses < kMaxResponses,
               "no kDeliver/kFail after " << responses << " responses");
    ++responses;
    const int status = fdp.ConsumeIntegralInRange<uint16_t>(0, kNetworkError);
    if (status == kNetworkError) {
      corsengine_fuzz::Trace("response " + std::to_string(responses) +
                             ": network error");
      headers.clear();
      views.clear();
      action = fetch.OnNetworkError("connection reset", now);
      FUZZ_CHECK(action.kind == Action::Kind::kFail &&
                     action.error.error == CorsError::kNetworkError,
                 "network error gave " << ToString(action.kind));
      break;
    }
    headers = corsengine_fuzz::ConsumeHeaders(fdp);
    views = corsengine::ViewsOf(headers);
    corsengine_fuzz::Trace("response " + std::to_string(responses) +
                           ": status " + std::to_string(status));
    corsengine_fuzz::TraceHeaders("  headers", headers);
    action = fetch.OnResponse(status, HeaderSpan(views), now);
    corsengine_fuzz::Trace("  -> " + std::string(ToString(action.kind)) +
                           ": " + action.reason);
  }

  FUZZ_CHECK(fetch.done(), "not done() after " << ToString(action.kind));
  if (action.kind == Action::Kind::kDeliver) {
    CheckDelivered(action, fetch, headers, HeaderSpan(views));
  } else {
    FUZZ_CHECK(action.kind == Action::Kind::kFail,
               "flow ended with " << ToString(action.kind));
    FUZZ_CHECK(action.error.error != CorsError::kUnexpectedCall,
               "kUnexpectedCall during a well-driven fetch: "
                   << action.error.message);
    FUZZ_CHECK(!action.error.message.empty(), "kFail without a message");
  }

  // Done: every further call is an unexpected call.
  const HeaderView stray[] = {{"Access-Control-Allow-Origin", "*"}};
  CheckUnexpected(fetch.OnResponse(200, HeaderSpan(stray), now), "OnResponse");
  CheckUnexpected(fetch.OnNetworkError("late", now), "OnNetworkError");
  CheckUnexpected(fetch.Start(now), "Start");
  FUZZ_CHECK(fetch.done(), "not done() after stray calls");
  corsengine_fuzz::EndInput();
  return 0;
}
