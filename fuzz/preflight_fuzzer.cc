// File: fuzz/preflight_fuzzer.cc
//
// The CORS-preflight fetch: CreateRequest, NeedsCorsPreflight,
// BuildPreflightRequest and ValidatePreflightResponse under every profile.
//
// Input layout (FuzzedDataProvider, see fuzz_util.h):
//   ConsumeProfile()                    profile CreateRequest() runs under
//   ConsumeRequest()                    what script passed to fetch()
//   status: 2 bytes, [0, 999]           the preflight response's status
//   ConsumeHeaders()                    the preflight response's headers
//
// Invariants, against the shared reference model (//tests/reference):
//   * CreateRequest: the method is a non-forbidden token, normalized; every
//     kept header has a token name, a value without NUL/CR/LF and is not
//     forbidden; the URL has no credentials; no-cors keeps only safelisted
//     methods and no-CORS-safelisted names. (request_fuzzer compares
//     CreateRequest with the reference in full.)
//   * The unsafe names equal corsref::CorsUnsafeRequestHeaderNames (the
//     profile's total limit, combining and deduplication) and view the
//     request's header names; NeedsCorsPreflight equals the reference's.
//   * BuildPreflightRequest: OPTIONS to the request URL without credentials,
//     Origin, Accept: */*, Access-Control-Request-Method = the method;
//     Access-Control-Request-Headers present iff there are unsafe names,
//     and equal to the reference's value (lowercase, sorted, ","-joined).
//   * ParsePreflightResponse passes iff the reference's verdict got past
//     steps 7 and 7.1-7.4, with the same result (methods, header names,
//     credentials, Max-Age); ValidatePreflightResponse passes iff the
//     reference's verdict is ok, and otherwise fails with the error kind of
//     the reference's failing step (and the same method, header name or
//     invalid token); 0 <= max_age().seconds <= cap.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/cors_check.h"
#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/method.h"
#include "corsengine/preflight.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::CredentialsMode;
using corsengine::Expected;
using corsengine::Header;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine::OutgoingRequest;
using corsengine::PreflightResult;
using corsengine::Profile;
using corsengine::Request;
using corsengine::RequestMode;
using corsengine::UnsafeHeaderNames;
using corsengine_fuzz::HasUpperAscii;
using corsengine_fuzz::Quote;

// What any created request satisfies (request_fuzzer compares CreateRequest
// with the reference in full).
void CheckRequest(const Request& request) {
  FUZZ_CHECK(corsref::IsMethod(request.method),
             "method " << Quote(request.method) << " is not a token");
  FUZZ_CHECK(!corsref::IsForbiddenMethod(request.method),
             "forbidden method " << Quote(request.method) << " accepted");
  FUZZ_CHECK(corsref::NormalizeMethod(request.method) == request.method,
             "method " << Quote(request.method) << " not normalized");
  FUZZ_CHECK(!request.url.has_credentials(), "URL with credentials accepted");
  FUZZ_CHECK(request.mode != RequestMode::kNavigate, "navigate accepted");
  const bool no_cors = request.mode == RequestMode::kNoCors;
  if (no_cors) {
    FUZZ_CHECK(corsref::IsCorsSafelistedMethod(request.method),
               "no-cors with method " << Quote(request.method));
  }
  for (const Header& h : request.headers) {
    FUZZ_CHECK(corsref::IsHeaderName(h.name), "header name " << Quote(h.name));
    // A profile that combines repeated names may join "1" and "" into
    // "1, ", as Fetch's "combine" does, so only the forbidden bytes are
    // checked here.
    FUZZ_CHECK(h.value.find_first_of(std::string_view("\0\r\n", 3)) ==
                   std::string::npos,
               "header " << Quote(h.name) << " value " << Quote(h.value)
                         << " has NUL, CR or LF");
    FUZZ_CHECK(!corsref::IsForbiddenRequestHeader(h.name, h.value),
               "forbidden request header " << Quote(h.name) << ": "
                                           << Quote(h.value) << " kept");
    if (no_cors) {
      FUZZ_CHECK(corsref::IsNoCorsSafelistedRequestHeaderName(h.name),
                 "no-cors request kept " << Quote(h.name));
    }
  }
}

void CheckUnsafeNames(const Request& request, const Profile& profile,
                      const UnsafeHeaderNames& unsafe) {
  // The views point at the request's own header names.
  for (std::string_view n : unsafe) {
    bool from_request = false;
    for (const Header& h : request.headers) {
      from_request = from_request || n.data() == h.name.data();
    }
    FUZZ_CHECK(from_request, "unsafe name " << Quote(n)
                                            << " does not view a request "
                                               "header name");
  }
  const std::vector<std::string> expected =
      corsref::CorsUnsafeRequestHeaderNames(request.headers, profile);
  const std::vector<std::string> got = corsengine_fuzz::Lowered(unsafe);
  FUZZ_CHECK(got == expected, profile.name << ": unsafe names "
                                           << corsengine_fuzz::Join(got)
                                           << ", reference "
                                           << corsengine_fuzz::Join(expected));
}

void CheckPreflightRequest(const Request& request, const Profile& profile,
                           const OutgoingRequest& preflight) {
  const std::string& origin = request.origin.Serialize();
  FUZZ_CHECK(preflight.method == "OPTIONS", "preflight method "
                                                << Quote(preflight.method));
  FUZZ_CHECK(preflight.url == request.url.spec(),
             "preflight URL " << Quote(preflight.url));
  FUZZ_CHECK(!preflight.include_credentials, "preflight with credentials");
  // #cors-preflight-fetch steps 2-5 (Origin: #append-a-request-origin-header).
  const std::string* o = preflight.FindHeader("Origin");
  FUZZ_CHECK(o != nullptr && *o == origin, "preflight Origin");
  const std::string* accept = preflight.FindHeader("Accept");
  FUZZ_CHECK(accept != nullptr && *accept == "*/*", "preflight Accept");
  const std::string* acrm =
      preflight.FindHeader(corsengine::kAccessControlRequestMethod);
  FUZZ_CHECK(acrm != nullptr && *acrm == request.method,
             "Access-Control-Request-Method "
                 << (acrm ? Quote(*acrm) : "absent") << " for method "
                 << Quote(request.method));
  size_t acrh_count = 0;
  for (const Header& h : preflight.headers) {
    acrh_count += corsref::ByteCaseInsensitiveMatch(
        h.name, corsengine::kAccessControlRequestHeaders);
  }
  FUZZ_CHECK(acrh_count <= 1, acrh_count << " ACRH headers");
  const std::vector<std::string> names =
      corsref::CorsUnsafeRequestHeaderNames(request.headers, profile);
  const std::string* acrh =
      preflight.FindHeader(corsengine::kAccessControlRequestHeaders);
  FUZZ_CHECK((acrh != nullptr) == !names.empty(),
             "Access-Control-Request-Headers "
                 << (acrh ? "present" : "absent") << " with " << names.size()
                 << " unsafe name(s)");
  if (acrh == nullptr) return;
  FUZZ_CHECK(!HasUpperAscii(*acrh), "ACRH " << Quote(*acrh)
                                            << " is not lowercase");
  FUZZ_CHECK(*acrh == corsref::AccessControlRequestHeadersValue(names),
             "ACRH " << Quote(*acrh) << ", reference "
                     << Quote(corsref::AccessControlRequestHeadersValue(names)));
}

bool IsPreflightError(corsengine::CorsError e) {
  using corsengine::CorsError;
  switch (e) {
    case CorsError::kPreflightInvalidStatus:
    case CorsError::kPreflightWildcardOriginNotAllowed:
    case CorsError::kPreflightMissingAllowOriginHeader:
    case CorsError::kPreflightMultipleAllowOriginValues:
    case CorsError::kPreflightInvalidAllowOriginValue:
    case CorsError::kPreflightAllowOriginMismatch:
    case CorsError::kPreflightInvalidAllowCredentials:
    case CorsError::kInvalidAllowMethodsPreflightResponse:
    case CorsError::kInvalidAllowHeadersPreflightResponse:
    case CorsError::kMethodDisallowedByPreflightResponse:
    case CorsError::kHeaderDisallowedByPreflightResponse:
    case CorsError::kAuthorizationCoveredOnlyByWildcard:
    case CorsError::kPreflightMissingAllowCredentials:
      return true;
    default:
      return false;
  }
}

void CheckValidation(const Request& request, const Profile& profile,
                     const UnsafeHeaderNames& unsafe, int status,
                     const std::vector<Header>& response_list,
                     HeaderSpan response) {
  const std::string& origin = request.origin.Serialize();
  corsref::PreflightRequest ref_request;
  ref_request.method = request.method;
  ref_request.headers = request.headers;
  ref_request.credentials = request.credentials;
  ref_request.use_cors_preflight = request.use_cors_preflight;
  const corsref::PreflightVerdict verdict = corsref::JudgePreflight(
      ref_request, origin, status, response_list, profile);
  const std::string what = std::string(profile.name) + ": reference says " +
                           corsengine_fuzz::Name(verdict.step) +
                           (verdict.failed_value.empty()
                                ? ""
                                : " (" + Quote(verdict.failed_value) + ")");

  // The first half alone: ParsePreflightResponse.
  Expected<PreflightResult> parsed = corsengine::ParsePreflightResponse(
      request, origin, status, response, profile);
  FUZZ_CHECK(parsed.ok() == verdict.parsed,
             what << "; ParsePreflightResponse "
                  << (parsed.ok() ? "passed" : parsed.error().message));
  if (parsed.ok()) {
    const corsref::PreflightResult got = corsengine_fuzz::FromEngine(*parsed);
    FUZZ_CHECK(corsengine_fuzz::Same(got, verdict.result),
               what << "; parsed " << corsengine_fuzz::Describe(got)
                    << ", reference "
                    << corsengine_fuzz::Describe(verdict.result));
  }

  // Both halves: ValidatePreflightResponse.
  Expected<PreflightResult> result = corsengine::ValidatePreflightResponse(
      request, origin, unsafe, status, response, profile);
  if (!result.ok()) {
    FUZZ_CHECK(IsPreflightError(result.error().error),
               profile.name << ": preflight failed with a non-preflight error "
                            << result.error().error);
    FUZZ_CHECK(!result.error().message.empty(), "empty message");
    FUZZ_CHECK(corsengine_fuzz::PreflightErrorMatches(result.error(), verdict),
               what << "; the engine fails with " << result.error().error
                    << " " << Quote(result.error().failed_parameter) << ": "
                    << result.error().message);
    return;
  }
  FUZZ_CHECK(verdict.step == corsref::PreflightVerdict::Step::kOk,
             what << "; the engine lets the preflight pass");
  FUZZ_CHECK(corsengine_fuzz::Same(corsengine_fuzz::FromEngine(*result),
                                   verdict.result),
             what << "; validated result differs from the reference's "
                  << corsengine_fuzz::Describe(verdict.result));
  FUZZ_CHECK(result->max_age().seconds >= 0 &&
                 result->max_age().seconds <= profile.max_age_cap_seconds,
             profile.name << ": max_age " << result->max_age().seconds
                          << " outside [0, " << profile.max_age_cap_seconds
                          << "]");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput();
  FuzzedDataProvider fdp(data, size);
  const Profile& create_profile = corsengine_fuzz::ConsumeProfile(fdp);
  const corsengine_fuzz::FuzzRequest init = corsengine_fuzz::ConsumeRequest(fdp);
  const int status = fdp.ConsumeIntegralInRange<uint16_t>(0, 999);
  const std::vector<Header> response_headers =
      corsengine_fuzz::ConsumeHeaders(fdp);
  corsengine_fuzz::Trace("profile = " + std::string(create_profile.name));
  corsengine_fuzz::TraceRequest(init);
  corsengine_fuzz::Trace("response.status = " + std::to_string(status));
  corsengine_fuzz::TraceHeaders("response.headers", response_headers);

  Expected<Request> request = corsengine_fuzz::MakeRequest(init, create_profile);
  if (!request.ok()) {
    FUZZ_CHECK(!request.error().message.empty(), "empty message");
    corsengine_fuzz::EndInput();
    return 0;
  }
  CheckRequest(*request);
  const std::vector<HeaderView> views = corsengine::ViewsOf(response_headers);
  for (const Profile* profile : corsengine_fuzz::kAllProfiles) {
    UnsafeHeaderNames unsafe;
    const bool needs =
        corsengine::NeedsCorsPreflight(*request, *profile, &unsafe);
    CheckUnsafeNames(*request, *profile, unsafe);
    FUZZ_CHECK(needs == corsref::NeedsCorsPreflight(
                            request->method, request->headers,
                            request->use_cors_preflight, *profile),
               profile->name << ": NeedsCorsPreflight = " << needs);
    const OutgoingRequest preflight = corsengine::BuildPreflightRequest(
        *request, request->origin.Serialize(), unsafe);
    CheckPreflightRequest(*request, *profile, preflight);
    CheckValidation(*request, *profile, unsafe, status, response_headers,
                    HeaderSpan(views));
  }
  corsengine_fuzz::EndInput();
  return 0;
}
