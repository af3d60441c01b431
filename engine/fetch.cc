// File: engine/fetch.cc
//
// The walk of one fetch: main fetch's choice of path, the CORS-preflight
// fetch and cache, HTTP fetch's CORS check, HTTP-redirect fetch, and the
// filtered response (https://fetch.spec.whatwg.org/#main-fetch, #http-fetch,
// #http-redirect-fetch). Step references are to those algorithms.

#include "corsengine/fetch.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corsengine/cors_check.h"
#include "corsengine/method.h"
#include "engine/internal/ascii.h"
#include "engine/internal/preflight.h"
#include "engine/internal/strings.h"
#include "engine/internal/url_rules.h"

namespace corsengine {
namespace {

using internal::Printable;
using internal::StrCat;

constexpr std::string_view kLocation = "Location";

// #redirect-status
bool IsRedirectStatus(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

// #request-body-header-name
bool IsRequestBodyHeaderName(std::string_view name) {
  using internal::EqualsIgnoreCase;
  return EqualsIgnoreCase(name, "content-encoding") ||
         EqualsIgnoreCase(name, "content-language") ||
         EqualsIgnoreCase(name, "content-location") ||
         EqualsIgnoreCase(name, "content-type");
}

ResponseType TypeFor(ResponseTainting tainting) {
  switch (tainting) {
    case ResponseTainting::kBasic:
      return ResponseType::kBasic;
    case ResponseTainting::kCors:
      return ResponseType::kCors;
    case ResponseTainting::kOpaque:
      return ResponseType::kOpaque;
  }
  return ResponseType::kError;
}

bool SameOrigin(const Url& a, const Url& b) {
  return Origin::FromUrl(a).IsSameOriginWith(Origin::FromUrl(b));
}

// The referrer policy tokens (#referrer-policies), the empty one aside.
constexpr std::pair<std::string_view, ReferrerPolicy> kReferrerPolicies[] = {
    {"no-referrer", ReferrerPolicy::kNoReferrer},
    {"no-referrer-when-downgrade", ReferrerPolicy::kNoReferrerWhenDowngrade},
    {"same-origin", ReferrerPolicy::kSameOrigin},
    {"origin", ReferrerPolicy::kOrigin},
    {"strict-origin", ReferrerPolicy::kStrictOrigin},
    {"origin-when-cross-origin", ReferrerPolicy::kOriginWhenCrossOrigin},
    {"strict-origin-when-cross-origin",
     ReferrerPolicy::kStrictOriginWhenCrossOrigin},
    {"unsafe-url", ReferrerPolicy::kUnsafeUrl},
};

// Referrer Policy's "parse a referrer policy from a Referrer-Policy header":
// the last item of the header's list that is a policy; none when no item
// is. The Standard takes the list with #extract-header-list-values (a value
// that is not a token list gives none) and compares as written; Firefox
// (`lenient`) splits on commas, skips what it does not know and compares
// ASCII case-insensitively.
std::optional<ReferrerPolicy> RedirectPolicy(HeaderSpan headers,
                                             bool lenient) {
  std::optional<ReferrerPolicy> policy;
  auto consider = [&](std::string_view item) {
    for (const auto& [name, value] : kReferrerPolicies) {
      if (lenient ? internal::EqualsIgnoreCase(item, name) : item == name) {
        policy = value;
      }
    }
  };
  if (lenient) {
    const std::optional<std::string> combined =
        GetHeader(headers, "Referrer-Policy");
    if (!combined) return policy;
    std::string_view rest = *combined;
    while (true) {
      const size_t comma = rest.find(',');
      consider(NormalizeHeaderValue(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    return policy;
  }
  HeaderListValues tokens;
  ExtractHeaderListValues(headers, "Referrer-Policy", &tokens);
  if (tokens.failed()) return policy;
  for (std::string_view token : tokens.items) consider(token);
  return policy;
}

std::string DescribeLookup(const CacheLookup& lookup) {
  switch (lookup.outcome) {
    case CacheOutcome::kNotUsed:
      return "";
    case CacheOutcome::kMiss:
      return "preflight cache miss";
    case CacheOutcome::kStale:
      return "preflight cache entry expired";
    case CacheOutcome::kHit:
      return "preflight cache hit";
    case CacheOutcome::kHitAndFail:
      if (lookup.not_covered_is_credentials) {
        return "preflight cache entry was made without credentials";
      }
      return StrCat("preflight cache entry does not cover ",
                    lookup.not_covered_is_method ? "method " : "header ",
                    lookup.not_covered);
  }
  return "";
}

}  // namespace

std::string_view ToString(Action::Kind kind) {
  switch (kind) {
    case Action::Kind::kSendPreflight:
      return "send-preflight";
    case Action::Kind::kSendRequest:
      return "send-request";
    case Action::Kind::kFollowRedirect:
      return "follow-redirect";
    case Action::Kind::kWaitForPreflight:
      return "wait-for-preflight";
    case Action::Kind::kDeliver:
      return "deliver";
    case Action::Kind::kFail:
      return "fail";
  }
  return "fail";
}

Fetch::Fetch(Request request, const Profile& profile, PreflightCache* cache,
             const EmbedderControls* controls)
    : request_(std::move(request)),
      profile_(&profile),
      cache_(cache),
      controls_(controls) {}

Action Fetch::Start(absl::Time now) { return Observed(StartStep(now)); }

Action Fetch::OnResponse(int status, HeaderSpan headers, absl::Time now) {
  return Observed(OnResponseStep(status, headers, now));
}

Action Fetch::OnNetworkError(std::string_view description, absl::Time now) {
  return Observed(OnNetworkErrorStep(description, now));
}

Action Fetch::Resume(absl::Time now) { return Observed(ResumeStep(now)); }

Action Fetch::Observed(Action action) const {
  if (controls_ == nullptr || controls_->observer == nullptr) return action;
  FetchObserver& observer = *controls_->observer;
  if (action.cache.outcome != CacheOutcome::kNotUsed) {
    observer.OnCacheOutcome(request_, action.cache);
  }
  if (action.kind == Action::Kind::kSendPreflight) {
    observer.OnPreflightSent(request_, action.request, action.reason);
  } else if (action.kind == Action::Kind::kFail) {
    observer.OnFailure(request_, action.error, action.reason);
  }
  return action;
}

void Fetch::UnsafeNames(UnsafeHeaderNames* out) const {
  CorsUnsafeRequestHeaderNames(request_.headers, *profile_, out);
  if (controls_ == nullptr) return;
  out->erase(std::remove_if(out->begin(), out->end(),
                            [&](std::string_view name) {
                              return controls_->IsExtraSafelisted(name);
                            }),
             out->end());
}

void Fetch::PreflightNames(UnsafeHeaderNames* out) const {
  UnsafeNames(out);
  OmitBodyNamesFromPreflight(out);
}

void Fetch::OmitBodyNamesFromPreflight(UnsafeHeaderNames* names) const {
  if (!preflight_omits_body_headers_) return;
  names->erase(
      std::remove_if(names->begin(), names->end(), IsRequestBodyHeaderName),
      names->end());
}

const std::string& Fetch::SerializedOrigin() const {
  // #serializing-a-request-origin: "null" once redirect-taint is not
  // "same-origin".
  return origin_tainted_ ? null_origin_ : request_.origin.Serialize();
}

const std::string& Fetch::PreflightOrigin() const {
  return profile_->preflight_ignores_redirect_taint ? request_.origin.Serialize()
                                                    : SerializedOrigin();
}

PreflightCacheKey Fetch::CacheKey() const {
  // The cache holds what preflights said, so it is keyed by the origin they
  // carried.
  return PreflightCacheKey{request_.top_level_site, PreflightOrigin(),
                           request_.url.href()};
}

Action Fetch::Fail(CorsErrorStatus error) {
  // A fetch that ends while it leads a shared preflight (a network error,
  // or a host calling out of order) gives the flight up, so that the
  // fetches waiting on it send their own.
  if (ticket_.valid() && ticket_.leader()) {
    finished_flight_ = ticket_.id();
    cache_->AbandonFlight(&ticket_);
  }
  ticket_ = PreflightFlightTicket();
  state_ = State::kDone;
  Action action;
  action.kind = Action::Kind::kFail;
  action.reason = error.message;
  action.error = std::move(error);
  action.finished_flight = finished_flight_;
  finished_flight_ = 0;
  return action;
}

void Fetch::ClearCacheAfterFailure(bool preflight_failed,
                                   bool cors_check_failed) {
  if (cache_ == nullptr) return;
  if (cors_check_failed && profile_->cache_cleared_when_any_cors_check_fails) {
    cache_->ClearEntries(CacheKey());
    return;
  }
  // #main-fetch: "If response is a network error, then clear cache entries
  // using request" for a fetch made with makeCORSPreflight. A redirect's
  // main fetch runs inside the hop that was preflighted, so a failure on
  // any later hop clears too, at the request's current URL.
  if (!any_hop_preflighted_) return;
  if (!preflight_failed && !profile_->cache_cleared_when_actual_fails) return;
  if (!cache_->UsableFor(request_, PreflightOrigin())) return;
  cache_->ClearEntries(CacheKey());
}

Action Fetch::StartStep(absl::Time now) {
  if (state_ != State::kNotStarted) {
    return Fail(CorsErrorStatus(CorsError::kUnexpectedCall, "Start",
                                "Fetch::Start() called twice"));
  }
  // Chromium refuses a request whose exempt headers carry a name its
  // cors_exempt_header_list lacks.
  // A forbidden name (Origin, Cookie, Host, ...) is the engine's or the
  // network stack's to set, never the host's through this list.
  for (const Header& h : request_.cors_exempt_headers) {
    const bool forbidden = IsForbiddenRequestHeader(h.name, h.value);
    if (forbidden || controls_ == nullptr || !controls_->IsCorsExempt(h.name)) {
      return Fail(CorsErrorStatus(
          CorsError::kCorsExemptHeaderNotAllowed, internal::Truncate(h.name),
          StrCat("The host's header '", Printable(h.name), "' ",
                 forbidden ? "has a forbidden request-header name"
                           : "is not among its CORS-exempt header names")));
    }
  }
  started_same_origin_ = request_.origin.IsSameOriginWith(request_.url);
  return MainFetch(now, /*redirected=*/false);
}

Action Fetch::MainFetch(absl::Time now, bool redirected) {
  const Action::Kind send =
      redirected ? Action::Kind::kFollowRedirect : Action::Kind::kSendRequest;
  hop_uses_cache_ = false;
  // Step 12's switch, in its order.
  if (tainting_ == ResponseTainting::kBasic &&
      request_.origin.IsSameOriginWith(request_.url)) {
    return SendActual(send, StrCat("same-origin request to '",
                                   request_.url.spec(),
                                   "': no CORS (response tainting basic)"));
  }
  // "request's current URL's scheme is "data"": a scheme fetch, whatever the
  // mode and method (all three browsers). The host answers it; a redirect
  // never leads here (#http-redirect-fetch refuses non-HTTP(S) Locations).
  if (request_.url.scheme() == "data") {
    return SendActual(send, StrCat("data: URL: the host's scheme fetch answers "
                                   "it, no CORS (response tainting basic)"));
  }
  // An embedder's origin access list may grant the origin this URL as if it
  // were its own (Chromium: CorsURLLoader without the CORS flag), but not
  // to a no-cors request whose origin a redirect tainted (Chromium's
  // CalculateResponseTainting makes that one opaque).
  if (tainting_ == ResponseTainting::kBasic && controls_ != nullptr &&
      !(request_.mode == RequestMode::kNoCors && origin_tainted_) &&
      controls_->origin_access.CheckAccessState(request_.origin,
                                                request_.url) ==
          OriginAccessList::AccessState::kAllowed) {
    return SendActual(
        send, StrCat("the embedder's origin access list allows '",
                     request_.origin.Serialize(), "' to reach '",
                     request_.url.spec(),
                     "' as same-origin: no CORS (response tainting basic)"));
  }
  if (request_.mode == RequestMode::kSameOrigin) {
    return Fail(CorsErrorStatus(
        CorsError::kDisallowedByMode, request_.url.spec(),
        StrCat("Request mode is 'same-origin' but the URL '",
               request_.url.spec(), "' is not same-origin with '",
               request_.origin.Serialize(), "'")));
  }
  if (request_.mode == RequestMode::kNoCors) {
    // Only here, after the same-origin case: all three browsers send a
    // no-cors request to the page's own origin whatever its redirect mode.
    if (request_.redirect != RedirectMode::kFollow) {
      return Fail(CorsErrorStatus(
          CorsError::kNoCorsRedirectModeNotFollow, ToString(request_.redirect),
          StrCat("A no-cors request to another origin needs redirect mode "
                 "'follow', not '",
                 ToString(request_.redirect), "'")));
    }
    tainting_ = ResponseTainting::kOpaque;
    return SendActual(send, StrCat("no-cors request to '", request_.url.spec(),
                                   "': sent without CORS, the response will "
                                   "be opaque"));
  }
  if (!request_.url.IsHttpOrHttps() &&
      !(controls_ != nullptr &&
        controls_->IsCorsEnabledScheme(request_.url.scheme()))) {
    return Fail(CorsErrorStatus(
        CorsError::kCorsDisabledScheme, request_.url.scheme(),
        StrCat("Cross origin requests are only supported for HTTP(S); the "
               "URL scheme is '",
               request_.url.scheme(), "'")));
  }
  tainting_ = ResponseTainting::kCors;
  UnsafeHeaderNames unsafe_names;
  UnsafeNames(&unsafe_names);
  const bool keep_preflight =
      profile_->redirect_keeps_preflight && any_hop_preflighted_;
  if (!request_.use_cors_preflight && IsCorsSafelistedMethod(request_.method) &&
      unsafe_names.empty() && !keep_preflight) {
    return SendActual(send, StrCat("CORS ", request_.method,
                                   " with only CORS-safelisted headers: no "
                                   "preflight needed"));
  }
  any_hop_preflighted_ = true;
  OmitBodyNamesFromPreflight(&unsafe_names);
  // #http-fetch step 4: skip the preflight when the cache covers the
  // request.
  CacheLookup lookup;
  hop_uses_cache_ =
      cache_ != nullptr && cache_->UsableFor(request_, PreflightOrigin());
  if (hop_uses_cache_) {
    lookup = cache_->Lookup(CacheKey(), request_.method, unsafe_names,
                            request_.credentials, now,
                            request_.use_cors_preflight);
    if (lookup.outcome == CacheOutcome::kHit) {
      Action action = SendActual(
          send, StrCat("preflight cache hit for ", request_.method, " ",
                       request_.url.spec(), ": no preflight"));
      action.cache = lookup;
      return action;
    }
  }
  return RequestPreflight(now, std::move(lookup));
}

Action Fetch::RequestPreflight(absl::Time now, CacheLookup lookup) {
  (void)now;
  UnsafeHeaderNames unsafe_names;
  PreflightNames(&unsafe_names);
  Action action;
  action.request =
      BuildPreflightRequest(request_, PreflightOrigin(), unsafe_names);
  action.cache = lookup;
  if (hop_uses_cache_) {
    const std::string* acrh =
        action.request.FindHeader(kAccessControlRequestHeaders);
    ticket_ = cache_->JoinFlight(CacheKey(), request_.method,
                                 acrh ? std::string_view(*acrh) : "");
    if (ticket_.valid() && !ticket_.leader()) {
      state_ = State::kWaitingForFlight;
      Action wait;
      wait.kind = Action::Kind::kWaitForPreflight;
      wait.wait_id = ticket_.id();
      wait.cache = std::move(action.cache);
      wait.reason = StrCat("the same preflight is already in flight (",
                           ticket_.id(), "): waiting for its response");
      wait.finished_flight = finished_flight_;
      finished_flight_ = 0;
      return wait;
    }
    if (ticket_.valid()) action.wait_id = ticket_.id();
  }
  state_ = State::kAwaitingPreflight;
  action.kind = Action::Kind::kSendPreflight;
  std::string why;
  if (!IsCorsSafelistedMethod(request_.method)) {
    internal::StrAppend(&why, "method ", request_.method,
                        " is not CORS-safelisted");
  }
  if (!unsafe_names.empty()) {
    std::string names;
    AppendAccessControlRequestHeaders(unsafe_names, &names);
    internal::StrAppend(&why, why.empty() ? "" : " and ",
                        "headers are not CORS-safelisted: ", names);
  }
  if (why.empty()) why = "the use-CORS-preflight flag is set";
  const std::string cache_note = DescribeLookup(action.cache);
  action.reason = StrCat("preflight needed: ", why,
                         cache_note.empty() ? "" : " (", cache_note,
                         cache_note.empty() ? "" : ")");
  action.finished_flight = finished_flight_;
  finished_flight_ = 0;
  return action;
}

Action Fetch::SendActual(Action::Kind kind, std::string reason) {
  if (refuse_hop_) {
    ClearCacheAfterFailure(/*preflight_failed=*/false);
    return Fail(CorsErrorStatus(
        CorsError::kRedirectChainNotAllowed, request_.url.spec(),
        StrCat("Redirect to '", Printable(request_.url.spec()),
               "' refused: a request that started same-origin and became a "
               "CORS request through a redirect may not be redirected again "
               "(WebKit)")));
  }
  state_ = State::kAwaitingResponse;
  Action action;
  action.kind = kind;
  OutgoingRequest& out = action.request;
  out.method = request_.method;
  out.url = std::string(request_.url.spec());
  // #append-a-request-origin-header: always for CORS; otherwise unless the
  // method is GET or HEAD, and then `null` where the referrer policy hides
  // the origin.
  if (tainting_ == ResponseTainting::kCors) {
    out.headers.push_back(Header{"Origin", SerializedOrigin()});
  } else if (request_.method != kMethodGet && request_.method != kMethodHead) {
    bool null = no_cors_origin_null_;
    if (request_.mode != RequestMode::kCors) {
      switch (request_.referrer_policy) {
        case ReferrerPolicy::kNoReferrer:
          null = true;
          break;
        case ReferrerPolicy::kNoReferrerWhenDowngrade:
        case ReferrerPolicy::kStrictOrigin:
        case ReferrerPolicy::kStrictOriginWhenCrossOrigin:
          if (!request_.origin.opaque() && request_.origin.scheme() == "https" &&
              request_.url.scheme() != "https") {
            null = true;
          }
          break;
        case ReferrerPolicy::kSameOrigin:
          if (!request_.origin.IsSameOriginWith(request_.url)) null = true;
          break;
        case ReferrerPolicy::kOrigin:
        case ReferrerPolicy::kOriginWhenCrossOrigin:
        case ReferrerPolicy::kUnsafeUrl:
          break;
      }
    }
    out.headers.push_back(Header{"Origin", null ? null_origin_ : SerializedOrigin()});
  } else if (origin_header_sent_ && profile_->redirect_keeps_request_headers) {
    out.headers.push_back(Header{"Origin", SerializedOrigin()});
  }
  if (out.FindHeader("Origin") != nullptr) origin_header_sent_ = true;
  for (const Header& h : request_.headers) out.headers.push_back(h);
  // The host's own headers, which CORS never sees (Start() checked them):
  // each replaces script's of its name, as Chromium merges them.
  for (const Header& exempt : request_.cors_exempt_headers) {
    std::vector<Header>& list = out.headers;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const Header& h) {
                                return internal::EqualsIgnoreCase(h.name,
                                                                  exempt.name);
                              }),
               list.end());
  }
  for (const Header& h : request_.cors_exempt_headers) out.headers.push_back(h);
  // #concept-http-network-or-cache-fetch: credentials go with "include", or
  // with "same-origin" when the response tainting is basic.
  out.include_credentials =
      request_.credentials == CredentialsMode::kInclude ||
      (request_.credentials == CredentialsMode::kSameOrigin &&
       tainting_ == ResponseTainting::kBasic);
  // A data: URL's scheme fetch never reaches the HTTP cache.
  out.http_cache_only = request_.cache == CacheMode::kOnlyIfCached &&
                        profile_->only_if_cached_skips_network &&
                        request_.url.scheme() != "data";
  action.reason = std::move(reason);
  action.finished_flight = finished_flight_;
  finished_flight_ = 0;
  return action;
}

Action Fetch::OnResponseStep(int status, HeaderSpan headers,
                             absl::Time now) {
  // A 1xx is interim: a host hands one over only when the exchange ended
  // there, with no final response.
  if (status >= 100 && status <= 199 &&
      (status != 101 || profile_->status_101_is_network_error)) {
    return OnNetworkErrorStep(
        StrCat("the response ended at status ", status,
               ", an interim status, with no final response"),
        now);
  }
  if (status == 407 && profile_->status_407_is_network_error) {
    return OnNetworkErrorStep(
        "the server asked for proxy authentication (407), and no proxy "
        "was used",
        now);
  }
  switch (state_) {
    case State::kAwaitingPreflight:
      if (ticket_.valid() && ticket_.leader()) {
        finished_flight_ = ticket_.id();
        cache_->CompleteFlight(&ticket_, status, headers);
      }
      ticket_ = PreflightFlightTicket();
      return JudgePreflight(status, headers, now);
    case State::kAwaitingResponse:
      return OnActualResponse(status, headers, now);
    case State::kNotStarted:
    case State::kWaitingForFlight:
    case State::kDone:
      break;
  }
  return Fail(CorsErrorStatus(CorsError::kUnexpectedCall, "OnResponse",
                              "Fetch::OnResponse() called with no request "
                              "outstanding"));
}

Action Fetch::OnNetworkErrorStep(std::string_view description,
                                 absl::Time now) {
  (void)now;
  if (state_ != State::kAwaitingPreflight &&
      state_ != State::kAwaitingResponse) {
    return Fail(CorsErrorStatus(CorsError::kUnexpectedCall, "OnNetworkError",
                                "Fetch::OnNetworkError() called with no "
                                "request outstanding"));
  }
  const bool preflight = state_ == State::kAwaitingPreflight;
  // A CORS request's network error fails its CORS check too in Gecko (a
  // failed channel status), so it clears where any failed check does.
  ClearCacheAfterFailure(
      preflight,
      /*cors_check_failed=*/!preflight && tainting_ == ResponseTainting::kCors);
  return Fail(CorsErrorStatus(
      CorsError::kNetworkError, internal::Truncate(description),
      StrCat("Network error", preflight ? " on the preflight" : "", ": ",
             Printable(description))));
}

Action Fetch::ResumeStep(absl::Time now) {
  if (state_ != State::kWaitingForFlight) {
    return Fail(CorsErrorStatus(CorsError::kUnexpectedCall, "Resume",
                                "Fetch::Resume() called while not waiting "
                                "for a preflight"));
  }
  FlightOutcome outcome = PreflightCache::FlightState(ticket_);
  switch (outcome.state) {
    case FlightOutcome::State::kPending: {
      Action wait;
      wait.kind = Action::Kind::kWaitForPreflight;
      wait.wait_id = ticket_.id();
      wait.reason = "the preflight waited for has not finished yet";
      return wait;
    }
    case FlightOutcome::State::kAbandoned: {
      // The leader got no response: send our own (or follow a new leader).
      ticket_ = PreflightFlightTicket();
      CacheLookup lookup;
      lookup.outcome = CacheOutcome::kMiss;
      Action action = RequestPreflight(now, std::move(lookup));
      action.reason = "the preflight waited for got no response; " +
                      action.reason;
      return action;
    }
    case FlightOutcome::State::kResponded:
      break;
  }
  ticket_ = PreflightFlightTicket();
  const std::vector<HeaderView> views = ViewsOf(outcome.headers);
  Action action = JudgePreflight(outcome.status, views, now);
  action.reason = "shared preflight: " + action.reason;
  return action;
}

Action Fetch::JudgePreflight(int status, HeaderSpan headers, absl::Time now) {
  // A preflight is never redirected (#cors-preflight-fetch fetches with
  // redirect mode "manual"; a redirect is not an ok status).
  if (IsRedirectStatus(status) && FindHeader(headers, kLocation)) {
    ClearCacheAfterFailure(/*preflight_failed=*/true);
    return Fail(CorsErrorStatus(
        CorsError::kPreflightDisallowedRedirect, std::to_string(status),
        StrCat("Response to preflight request is a redirect (status ", status,
               "), which is not allowed for a preflight")));
  }
  // Firefox checks a preflight's response only when the preflight crosses
  // origins, and a redirect can bring one back to the request's origin.
  const bool cors_checked =
      !(profile_->preflight_to_request_origin_skips_cors_check &&
        request_.origin.IsSameOriginWith(request_.url));
  Expected<PreflightResult> result =
      cors_checked ? ParsePreflightResponse(request_, PreflightOrigin(), status,
                                            headers, *profile_)
                   : internal::ParsePreflightLists(request_, status, headers,
                                                   *profile_);
  if (!result.ok()) {
    ClearCacheAfterFailure(/*preflight_failed=*/true);
    return Fail(std::move(result).take_error());
  }
  UnsafeHeaderNames unsafe_names;
  PreflightNames(&unsafe_names);
  Expected<void> allowed = CheckPreflightResultAllows(
      *result, request_, unsafe_names, *profile_);
  if (!allowed.ok()) {
    if (hop_uses_cache_ && profile_->cache_stores_failed_validation) {
      cache_->Store(CacheKey(), *result, now);
    } else {
      ClearCacheAfterFailure(/*preflight_failed=*/true);
    }
    return Fail(std::move(allowed).take_error());
  }
  if (hop_uses_cache_) cache_->Store(CacheKey(), *result, now);
  return SendActual(
      Action::Kind::kSendRequest,
      StrCat("preflight passed (Max-Age ", result->max_age().seconds,
             " s", hop_uses_cache_ ? ", cached" : ", not cached",
             "); sending the actual request"));
}

Action Fetch::OnActualResponse(int status, HeaderSpan headers,
                               absl::Time now) {
  // #http-fetch step 4.4: the CORS check applies to every response of a
  // request with response tainting "cors", redirects included.
  if (tainting_ == ResponseTainting::kCors) {
    Expected<void> access =
        CheckCorsAccess(headers, SerializedOrigin(), request_.credentials,
                        CheckedResponse::kActual, *profile_);
    if (!access.ok()) {
      ClearCacheAfterFailure(/*preflight_failed=*/false,
                             /*cors_check_failed=*/true);
      return Fail(std::move(access).take_error());
    }
  }
  if (!IsRedirectStatus(status)) {
    return Deliver(TypeFor(tainting_), status, headers, "");
  }
  // #concept-response-location-url: "extract header list values" of the
  // singleton Location fails when it is repeated (read below, when the
  // redirect is followed); Chromium's and Firefox's HTTP stacks refuse
  // differing values before any redirect mode is consulted.
  size_t locations = 0;
  std::string_view first;
  bool identical = true;
  for (const HeaderView& h : headers) {
    if (!internal::EqualsIgnoreCase(h.name, kLocation)) continue;
    // A header value has no leading or trailing whitespace (#header-value;
    // the browsers' HTTP parsers strip it), so " " is an empty Location and
    // "/a " the same one as "/a".
    const std::string_view value = NormalizeHeaderValue(h.value);
    if (locations++ == 0) {
      first = value;
    } else if (value != first) {
      identical = false;
    }
  }
  std::string location(first);
  auto fail_repeated = [&] {
    ClearCacheAfterFailure(/*preflight_failed=*/false);
    return Fail(CorsErrorStatus(
        CorsError::kInvalidRedirectLocation, "Location",
        StrCat("Redirect (", status, ") has ", locations,
               identical ? "" : " different", " Location headers; one is "
               "required")));
  };
  if (locations > 1 && !identical &&
      profile_->repeated_location == RepeatedLocation::kFailUnlessIdentical) {
    return fail_repeated();
  }
  switch (request_.redirect) {
    case RedirectMode::kError:
      if (location.empty() && profile_->redirect_error_mode_needs_location) {
        return Deliver(TypeFor(tainting_), status, headers,
                       "redirect status without a Location: handed to "
                       "script as it is");
      }
      ClearCacheAfterFailure(/*preflight_failed=*/false);
      return Fail(CorsErrorStatus(
          CorsError::kRedirectNotAllowed, std::to_string(status),
          StrCat("Redirect (", status,
                 ") not allowed: the request's redirect mode is 'error'")));
    case RedirectMode::kManual:
      return Deliver(ResponseType::kOpaqueRedirect, status, headers,
                     StrCat("redirect (", status,
                            ") with redirect mode 'manual': an "
                            "opaque-redirect response"));
    case RedirectMode::kFollow:
      break;
  }
  if (locations == 0) {
    // HTTP-redirect fetch: no location URL, so the response itself.
    return Deliver(TypeFor(tainting_), status, headers, "");
  }
  if (locations > 1) {
    // Reached with differing values only under kFailWhenFollowed and kJoin.
    if (profile_->repeated_location == RepeatedLocation::kFailWhenFollowed) {
      return fail_repeated();
    }
    if (profile_->repeated_location == RepeatedLocation::kJoin) {
      location = *GetHeader(headers, kLocation);
    }
  }
  if (location.empty()) {
    switch (profile_->empty_location) {
      case EmptyLocation::kNotARedirect:
        return Deliver(TypeFor(tainting_), status, headers,
                       "redirect with an empty Location: handed to script as "
                       "it is");
      case EmptyLocation::kFail:
        ClearCacheAfterFailure(/*preflight_failed=*/false);
        return Fail(CorsErrorStatus(
            CorsError::kInvalidRedirectLocation, "",
            StrCat("Redirect (", status, ") has an empty Location")));
      case EmptyLocation::kRedirectToSelf:
        break;  // "" parsed against the URL is the URL
    }
  }
  // "Set request's referrer policy on redirect" reads this response.
  std::optional<ReferrerPolicy> policy;
  if (profile_->redirect_referrer_policy != RedirectReferrerPolicy::kIgnored) {
    policy = RedirectPolicy(headers,
                            profile_->redirect_referrer_policy ==
                                RedirectReferrerPolicy::kAppliedLeniently);
  }
  return FollowRedirect(status, location, policy, now);
}

Action Fetch::FollowRedirect(int status, std::string_view location,
                             std::optional<ReferrerPolicy> referrer_policy,
                             absl::Time now) {
  auto fail = [&](CorsError kind, std::string_view parameter,
                  std::string message) {
    ClearCacheAfterFailure(/*preflight_failed=*/false);
    return Fail(CorsErrorStatus(kind, parameter, std::move(message)));
  };
  // #http-redirect-fetch, in its order.
  Expected<Url> next = Url::Parse(location, request_.url);
  if (!next.ok()) {
    return fail(CorsError::kInvalidRedirectLocation,
                internal::Truncate(location),
                StrCat("Redirect (", status, ") to an invalid Location: ",
                       next.error().message));
  }
  internal::ApplyProfileUrlRules(*profile_, &*next);
  // "If locationURL's fragment is null, then set locationURL's fragment to
  // request's current URL's fragment." Only the preflight cache's key sees
  // it: fragments never go on the wire.
  if (!next->has_fragment() && request_.url.has_fragment()) {
    Expected<Url> with_fragment =
        Url::Parse(StrCat(next->SerializeWithCredentials(), "#",
                          request_.url.fragment()));
    if (with_fragment.ok()) *next = std::move(with_fragment).value();
  }
  if (!next->IsHttpOrHttps()) {
    return fail(CorsError::kRedirectToUnsupportedScheme, next->scheme(),
                StrCat("Redirect (", status, ") to '",
                       Printable(next->spec()),
                       "': only http and https URLs can be followed"));
  }
  if (redirect_count_ == kMaxRedirects) {
    return fail(CorsError::kTooManyRedirects, std::to_string(kMaxRedirects),
                StrCat("More than ", kMaxRedirects, " redirects; the last to '",
                       Printable(next->spec()), "'"));
  }
  ++redirect_count_;
  if (next->has_credentials()) {
    const bool cors_cross_origin = request_.mode == RequestMode::kCors &&
                                   !request_.origin.IsSameOriginWith(*next);
    if (profile_->redirect_credentials_always_fail || cors_cross_origin ||
        tainting_ == ResponseTainting::kCors) {
      return fail(CorsError::kRedirectContainsCredentials, next->spec(),
                  StrCat("Redirect location '", Printable(next->spec()),
                         "' contains a username and password, which is "
                         "disallowed for cross-origin requests"));
    }
  }
  // "If internalResponse's status is not 303, request's body is non-null,
  // and request's body's source is null, then return a network error."
  if (status != 303 && request_.body == RequestBody::kStream) {
    return fail(CorsError::kRedirectWithStreamBody, std::to_string(status),
                StrCat("Redirect (", status, ") to '",
                       Printable(next->spec()),
                       "' would send the stream body again; a stream is "
                       "read once (only a 303, which drops the body, can "
                       "be followed)"));
  }
  const bool cross_origin_hop = !SameOrigin(request_.url, *next);
  // 301 and 302 turn POST into GET; 303 turns everything but GET and HEAD
  // into GET (and WebKit a DELETE between origins); the body goes, and its
  // headers too unless the profile keeps them.
  bool method_changed = false;
  if (((status == 301 || status == 302) && request_.method == kMethodPost) ||
      (status == 303 && request_.method != kMethodGet &&
       request_.method != kMethodHead) ||
      (cross_origin_hop && request_.method == kMethodDelete &&
       profile_->redirect_between_origins_turns_delete_into_get)) {
    request_.method = std::string(kMethodGet);
    request_.body = RequestBody::kNone;
    method_changed = true;
    if (!profile_->redirect_keeps_request_headers &&
        !profile_->method_change_keeps_body_headers) {
      std::vector<Header>& h = request_.headers;
      h.erase(std::remove_if(h.begin(), h.end(),
                             [](const Header& x) {
                               return IsRequestBodyHeaderName(x.name);
                             }),
              h.end());
    }
  }
  bool tainted_now = false;
  // WebKit: the hop is refused when its request would be sent, so a
  // preflight it needs still goes out first (SendActual()).
  refuse_hop_ = started_same_origin_ && tainting_ == ResponseTainting::kCors &&
                profile_->redirect_after_same_origin_start_fails;
  preflight_omits_body_headers_ =
      method_changed && profile_->method_change_keeps_body_headers;
  if (cross_origin_hop) {
    // "If request's current URL's origin is not same origin with
    // locationURL's origin, then for each headerName of CORS non-wildcard
    // request-header name, delete headerName from request's header list."
    if (!profile_->redirect_keeps_request_headers) {
      std::vector<Header>& h = request_.headers;
      h.erase(std::remove_if(h.begin(), h.end(),
                             [](const Header& x) {
                               return IsCorsNonWildcardRequestHeaderName(x.name);
                             }),
              h.end());
    }
    // #concept-request-tainted-origin: a hop between two origins once the
    // request's origin is no longer the current one.
    if (!request_.origin.IsSameOriginWith(request_.url)) {
      if (!origin_tainted_) tainted_now = true;
      origin_tainted_ = true;
    }
    if (profile_->no_cors_null_origin_after_cross_origin_hop) {
      no_cors_origin_null_ = true;
    }
    // Headers carried over are those of a same-origin hop only.
    origin_header_sent_ = false;
  }
  // "Set request's referrer policy on redirect".
  if (referrer_policy) request_.referrer_policy = *referrer_policy;
  const std::string from(request_.url.spec());
  request_.url = std::move(next).value();
  Action action = MainFetch(now, /*redirected=*/true);
  if (action.kind == Action::Kind::kFollowRedirect ||
      action.kind == Action::Kind::kSendPreflight) {
    action.reason = StrCat("redirect ", status, " from ", from, " (",
                           redirect_count_, " of at most ", kMaxRedirects, ")",
                           tainted_now ? "; a hop between two origins after "
                                         "leaving the request's origin: "
                                         "Origin is now null"
                                       : "",
                           ": ", action.reason);
  }
  return action;
}

Action Fetch::Deliver(ResponseType type, int status, HeaderSpan headers,
                      std::string reason) {
  state_ = State::kDone;
  Action action;
  action.kind = Action::Kind::kDeliver;
  FilteredResponse& out = action.response;
  out.type = type;
  if (type != ResponseType::kOpaque && type != ResponseType::kOpaqueRedirect) {
    out.status = status;
  }
  if (type != ResponseType::kOpaque) {
    // The response URL is the request's current URL, serialized (with any
    // credentials it carries).
    out.url = request_.url.SerializeWithCredentials();
  }
  ReadableHeaderIndices readable;
  ComputeReadableHeaders(headers, type, request_.credentials, &readable,
                         *profile_);
  out.headers.reserve(readable.size());
  for (uint32_t i : readable) {
    out.headers.push_back(Header{std::string(headers[i].name),
                                 std::string(headers[i].value)});
  }
  out.header_names = ReadableHeaderNames(headers, readable);
  if (reason.empty()) {
    switch (type) {
      case ResponseType::kBasic:
        reason = "basic response (same-origin, or a data: URL): everything "
                 "but Set-Cookie is readable";
        break;
      case ResponseType::kOpaque:
        reason = "no-cors response: opaque to script";
        break;
      default:
        reason = StrCat("CORS check passed (Access-Control-Allow-Origin '",
                        FindHeader(headers, kAccessControlAllowOrigin)
                            .value_or(""),
                        "' for origin '", SerializedOrigin(), "')");
        break;
    }
  }
  action.reason = std::move(reason);
  action.finished_flight = finished_flight_;
  finished_flight_ = 0;
  return action;
}

}  // namespace corsengine
