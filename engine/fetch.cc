// File: engine/fetch.cc
//
// The walk of one fetch: main fetch's choice of path, the CORS-preflight
// fetch, HTTP fetch's CORS check, and the filtered response
// (https://fetch.spec.whatwg.org/#main-fetch, #http-fetch).

#include "corsengine/fetch.h"

#include <string>
#include <string_view>
#include <utility>

#include "corsengine/cors_check.h"
#include "corsengine/method.h"
#include "engine/internal/ascii.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace {

bool IsRedirectStatus(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
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
    case Action::Kind::kDeliver:
      return "deliver";
    case Action::Kind::kFail:
      return "fail";
  }
  return "fail";
}

Fetch::Fetch(Request request, const Profile& profile)
    : request_(std::move(request)), profile_(&profile) {}

const std::string& Fetch::SerializedOrigin() const {
  return request_.origin.Serialize();
}

Action Fetch::Fail(CorsErrorStatus error) {
  state_ = State::kDone;
  Action action;
  action.kind = Action::Kind::kFail;
  action.reason = error.message;
  action.error = std::move(error);
  return action;
}

Action Fetch::Start(absl::Time now) {
  (void)now;  // The preflight cache, which needs the time, is not here yet.
  if (state_ != State::kNotStarted) {
    return Fail(CorsErrorStatus(CorsError::kUnexpectedCall, "Start",
                                "Fetch::Start() called twice"));
  }
  const bool same_origin = request_.origin.IsSameOriginWith(request_.url);
  // #main-fetch, step 12's switch, in its order.
  if (same_origin) {
    tainting_ = ResponseTainting::kBasic;
    return SendActual(internal::StrCat("same-origin request to '",
                                   request_.url.spec(),
                                   "': no CORS (response tainting basic)"));
  }
  if (request_.mode == RequestMode::kSameOrigin) {
    return Fail(CorsErrorStatus(
        CorsError::kDisallowedByMode, request_.url.spec(),
        internal::StrCat("Request mode is 'same-origin' but the URL '",
                     request_.url.spec(), "' is not same-origin with '",
                     SerializedOrigin(), "'")));
  }
  if (request_.mode == RequestMode::kNoCors) {
    if (request_.redirect != RedirectMode::kFollow) {
      return Fail(CorsErrorStatus(
          CorsError::kNoCorsRedirectModeNotFollow, ToString(request_.redirect),
          internal::StrCat("A no-cors request needs redirect mode 'follow', not '",
                       ToString(request_.redirect), "'")));
    }
    tainting_ = ResponseTainting::kOpaque;
    return SendActual(internal::StrCat(
        "no-cors request to '", request_.url.spec(),
        "': sent without CORS, the response will be opaque"));
  }
  if (!request_.url.IsHttpOrHttps()) {
    return Fail(CorsErrorStatus(
        CorsError::kCorsDisabledScheme, request_.url.scheme(),
        internal::StrCat("Cross origin requests are only supported for HTTP(S); "
                     "the URL scheme is '",
                     request_.url.scheme(), "'")));
  }
  tainting_ = ResponseTainting::kCors;
  if (!NeedsCorsPreflight(request_, *profile_, &unsafe_names_)) {
    return SendActual(internal::StrCat(
        "cross-origin ", request_.method,
        " with only CORS-safelisted headers: no preflight needed"));
  }
  state_ = State::kAwaitingPreflight;
  Action action;
  action.kind = Action::Kind::kSendPreflight;
  action.request =
      BuildPreflightRequest(request_, SerializedOrigin(), unsafe_names_);
  std::string why;
  if (!IsCorsSafelistedMethod(request_.method)) {
    internal::StrAppend(&why, "method ", request_.method,
                    " is not CORS-safelisted");
  }
  if (!unsafe_names_.empty()) {
    std::string names;
    AppendAccessControlRequestHeaders(unsafe_names_, &names);
    internal::StrAppend(&why, why.empty() ? "" : " and ",
                    "headers are not CORS-safelisted: ", names);
  }
  if (why.empty()) why = "the use-CORS-preflight flag is set";
  action.reason = internal::StrCat("preflight needed: ", why);
  return action;
}

Action Fetch::SendActual(std::string reason) {
  state_ = State::kAwaitingResponse;
  Action action;
  action.kind = Action::Kind::kSendRequest;
  OutgoingRequest& out = action.request;
  out.method = request_.method;
  out.url = std::string(request_.url.spec());
  // #append-a-request-origin-header: always for CORS; otherwise unless the
  // method is GET or HEAD.
  if (tainting_ == ResponseTainting::kCors ||
      (request_.method != kMethodGet && request_.method != kMethodHead)) {
    out.headers.push_back(Header{"Origin", SerializedOrigin()});
  }
  for (const Header& h : request_.headers) out.headers.push_back(h);
  // #concept-http-network-or-cache-fetch: credentials go with "include", or
  // with "same-origin" when the response tainting is basic.
  out.include_credentials =
      request_.credentials == CredentialsMode::kInclude ||
      (request_.credentials == CredentialsMode::kSameOrigin &&
       tainting_ == ResponseTainting::kBasic);
  action.reason = std::move(reason);
  return action;
}

Action Fetch::OnResponse(int status, HeaderSpan headers, absl::Time now) {
  (void)now;
  switch (state_) {
    case State::kAwaitingPreflight:
      return OnPreflightResponse(status, headers);
    case State::kAwaitingResponse:
      return OnActualResponse(status, headers);
    case State::kNotStarted:
    case State::kDone:
      break;
  }
  return Fail(CorsErrorStatus(CorsError::kUnexpectedCall, "OnResponse",
                              "Fetch::OnResponse() called with no request "
                              "outstanding"));
}

Action Fetch::OnNetworkError(std::string_view description) {
  if (state_ != State::kAwaitingPreflight &&
      state_ != State::kAwaitingResponse) {
    return Fail(CorsErrorStatus(CorsError::kUnexpectedCall, "OnNetworkError",
                                "Fetch::OnNetworkError() called with no "
                                "request outstanding"));
  }
  return Fail(CorsErrorStatus(
      CorsError::kNetworkError, internal::Truncate(description),
      internal::StrCat("Network error: ", internal::Printable(description))));
}

Action Fetch::OnPreflightResponse(int status, HeaderSpan headers) {
  // A preflight is never redirected (#cors-preflight-fetch fetches with
  // redirect mode "manual"; a redirect is not an ok status).
  if (IsRedirectStatus(status) && FindHeader(headers, "Location")) {
    return Fail(CorsErrorStatus(
        CorsError::kPreflightDisallowedRedirect, std::to_string(status),
        internal::StrCat("Response to preflight request is a redirect (status ",
                     status, "), which is not allowed for a preflight")));
  }
  CorsUnsafeRequestHeaderNames(request_.headers, *profile_, &unsafe_names_);
  Expected<PreflightResult> result = ValidatePreflightResponse(
      request_, SerializedOrigin(), unsafe_names_, status, headers, *profile_);
  if (!result.ok()) return Fail(std::move(result).take_error());
  return SendActual(
      internal::StrCat("preflight passed (Max-Age ", result->max_age().seconds,
                   " s); sending the actual request"));
}

Action Fetch::OnActualResponse(int status, HeaderSpan headers) {
  // #http-fetch step 4.4: the CORS check applies to every response of a
  // request with response tainting "cors", redirects included.
  if (tainting_ == ResponseTainting::kCors) {
    Expected<void> access = CheckCorsAccess(
        headers, SerializedOrigin(), request_.credentials,
        CheckedResponse::kActual, *profile_);
    if (!access.ok()) return Fail(std::move(access).take_error());
  }
  std::optional<std::string_view> location = FindHeader(headers, "Location");
  if (IsRedirectStatus(status) && location) {
    switch (request_.redirect) {
      case RedirectMode::kError:
        return Fail(CorsErrorStatus(
            CorsError::kRedirectNotAllowed, internal::Truncate(*location),
            internal::StrCat("Redirect to '", internal::Printable(*location),
                         "' not allowed: the request's redirect mode is "
                         "'error'")));
      case RedirectMode::kManual: {
        state_ = State::kDone;
        Action action;
        action.kind = Action::Kind::kDeliver;
        action.response.type = ResponseType::kOpaqueRedirect;
        action.response.status = 0;
        action.response.url = std::string(request_.url.spec());
        action.reason = internal::StrCat("redirect (", status,
                                     ") with redirect mode 'manual': an "
                                     "opaque-redirect response");
        return action;
      }
      case RedirectMode::kFollow:
        return Fail(CorsErrorStatus(
            CorsError::kRedirectNotSupported, std::to_string(status),
            internal::StrCat("Redirect (", status, ") to '",
                         internal::Printable(*location),
                         "': following redirects is not supported yet")));
    }
  }
  std::string reason;
  switch (tainting_) {
    case ResponseTainting::kBasic:
      reason = "same-origin response: everything but Set-Cookie is readable";
      break;
    case ResponseTainting::kOpaque:
      reason = "no-cors response: opaque to script";
      break;
    case ResponseTainting::kCors:
      reason = internal::StrCat("CORS check passed (Access-Control-Allow-Origin '",
                            FindHeader(headers, kAccessControlAllowOrigin)
                                .value_or(""),
                            "')");
      break;
  }
  return Deliver(status, headers, std::move(reason));
}

Action Fetch::Deliver(int status, HeaderSpan headers, std::string reason) {
  state_ = State::kDone;
  Action action;
  action.kind = Action::Kind::kDeliver;
  FilteredResponse& out = action.response;
  switch (tainting_) {
    case ResponseTainting::kBasic:
      out.type = ResponseType::kBasic;
      break;
    case ResponseTainting::kCors:
      out.type = ResponseType::kCors;
      break;
    case ResponseTainting::kOpaque:
      out.type = ResponseType::kOpaque;
      break;
  }
  if (out.type != ResponseType::kOpaque) {
    out.status = status;
    out.url = std::string(request_.url.spec());
  }
  ReadableHeaderIndices readable;
  ComputeReadableHeaders(headers, out.type, request_.credentials, &readable,
                         *profile_);
  out.headers.reserve(readable.size());
  for (uint32_t i : readable) {
    out.headers.push_back(Header{std::string(headers[i].name),
                                 std::string(headers[i].value)});
  }
  out.header_names = ReadableHeaderNames(headers, readable);
  action.reason = std::move(reason);
  return action;
}

}  // namespace corsengine
