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
// Invariants:
//   * CreateRequest: the method is a non-forbidden token, normalized; every
//     kept header has a token name, a value without NUL/CR/LF and is not
//     forbidden; the URL has no credentials; no-cors keeps only safelisted
//     methods and no-CORS-safelisted headers, never Range.
//   * NeedsCorsPreflight = use-CORS-preflight flag || method not safelisted
//     || some unsafe name; the unsafe names are exactly the headers that are
//     not CORS-safelisted (all safelisted ones too beyond the profile's
//     total-size limit), sorted by lowercase bytes, unique when the profile
//     deduplicates.
//   * BuildPreflightRequest: OPTIONS to the request URL without credentials,
//     Origin, Accept: */*, Access-Control-Request-Method = the method;
//     Access-Control-Request-Headers is present iff there are unsafe names,
//     and is those names lowercased, sorted and joined with "," (no spaces).
//   * ValidatePreflightResponse success implies: the CORS check passes and
//     the status is ok; Allow-Methods/-Headers parse; the method is listed,
//     safelisted, or `*` is listed without credentials; every unsafe name is
//     listed (HasHeaderName) or `*` is listed without credentials;
//     Authorization is listed by name unless the profile lets `*` cover it;
//     credentials() matches; stored header names are lowercase and unique;
//     0 <= max_age().seconds <= cap. Failure is a preflight error kind.

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

namespace {

using corsengine::CorsError;
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
using corsengine_fuzz::EqualsIgnoreCaseRef;
using corsengine_fuzz::HasUpperAscii;
using corsengine_fuzz::IsTokenRef;
using corsengine_fuzz::LowerRef;
using corsengine_fuzz::Quote;

constexpr std::string_view kNormalizedMethods[] = {"DELETE", "GET",  "HEAD",
                                                   "OPTIONS", "POST", "PUT"};

void CheckRequest(const Request& request) {
  FUZZ_CHECK(IsTokenRef(request.method),
             "method " << Quote(request.method) << " is not a token");
  FUZZ_CHECK(!corsengine::IsForbiddenMethod(request.method),
             "forbidden method " << Quote(request.method) << " accepted");
  for (std::string_view m : kNormalizedMethods) {
    if (EqualsIgnoreCaseRef(request.method, m)) {
      FUZZ_CHECK(request.method == m, "method " << Quote(request.method)
                                                << " not normalized");
    }
  }
  FUZZ_CHECK(!request.url.has_credentials(), "URL with credentials accepted");
  FUZZ_CHECK(request.mode != RequestMode::kNavigate, "navigate accepted");
  const bool no_cors = request.mode == RequestMode::kNoCors;
  if (no_cors) {
    FUZZ_CHECK(corsengine::IsCorsSafelistedMethod(request.method),
               "no-cors with method " << Quote(request.method));
  }
  for (const Header& h : request.headers) {
    FUZZ_CHECK(IsTokenRef(h.name), "header name " << Quote(h.name));
    // Values are normalized when appended; a profile that combines
    // repeated names may join "1" and "" into "1, ", as Fetch's "combine"
    // does, so only the forbidden bytes are checked here.
    FUZZ_CHECK(h.value.find_first_of(std::string_view("\0\r\n", 3)) ==
                   std::string::npos,
               "header " << Quote(h.name) << " value " << Quote(h.value)
                         << " has NUL, CR or LF");
    FUZZ_CHECK(!corsengine::IsForbiddenRequestHeader(h.name, h.value),
               "forbidden request header " << Quote(h.name) << ": "
                                           << Quote(h.value) << " kept");
    if (no_cors) {
      FUZZ_CHECK(corsengine::IsNoCorsSafelistedRequestHeaderName(h.name),
                 "no-cors request kept " << Quote(h.name));
      FUZZ_CHECK(!EqualsIgnoreCaseRef(h.name, "range"),
                 "no-cors request kept Range");
    }
  }
}

void CheckUnsafeNames(const Request& request, const Profile& profile,
                      const UnsafeHeaderNames& unsafe) {
  for (const Header& h : request.headers) {
    if (corsengine::IsCorsSafelistedRequestHeader(h.name, h.value, profile)) {
      continue;
    }
    bool listed = false;
    for (std::string_view n : unsafe) listed = listed || EqualsIgnoreCaseRef(n, h.name);
    FUZZ_CHECK(listed, profile.name << ": unsafe header " << Quote(h.name)
                                    << " missing from the unsafe names");
  }
  for (std::string_view n : unsafe) {
    bool from_request = false;
    for (const Header& h : request.headers) {
      from_request = from_request || EqualsIgnoreCaseRef(n, h.name);
    }
    FUZZ_CHECK(from_request, "unsafe name " << Quote(n)
                                            << " is not a request header");
  }
  for (size_t i = 1; i < unsafe.size(); ++i) {
    const std::string a = LowerRef(unsafe[i - 1]);
    const std::string b = LowerRef(unsafe[i]);
    FUZZ_CHECK(profile.deduplicate_unsafe_header_names ? a < b : a <= b,
               profile.name << ": unsafe names out of order or repeated: "
                            << Quote(a) << ", " << Quote(b));
  }
  // #cors-unsafe-request-header-names, with the per-header safelist as the
  // oracle: the unsafe names, plus every safelisted name when the
  // safelisted values exceed the profile's total limit, lowercased, sorted
  // (and deduplicated when the profile does).
  std::vector<std::string> expected;
  size_t safelisted_size = 0;
  size_t safelisted_count = 0;
  for (const Header& h : request.headers) {
    if (corsengine::IsCorsSafelistedRequestHeader(h.name, h.value, profile)) {
      safelisted_size += h.value.size();
      ++safelisted_count;
    } else {
      expected.push_back(LowerRef(h.name));
    }
  }
  if (safelisted_count > 0 && profile.safelisted_total_limit > 0 &&
      safelisted_size > profile.safelisted_total_limit) {
    for (const Header& h : request.headers) {
      if (corsengine::IsCorsSafelistedRequestHeader(h.name, h.value,
                                                    profile)) {
        expected.push_back(LowerRef(h.name));
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  if (profile.deduplicate_unsafe_header_names) {
    expected.erase(std::unique(expected.begin(), expected.end()),
                   expected.end());
  }
  FUZZ_CHECK(expected.size() == unsafe.size(),
             profile.name << ": " << unsafe.size() << " unsafe names, "
                          << "expected " << expected.size());
  for (size_t i = 0; i < unsafe.size(); ++i) {
    FUZZ_CHECK(LowerRef(unsafe[i]) == expected[i],
               profile.name << ": unsafe name " << i << " "
                            << Quote(unsafe[i]) << ", expected "
                            << Quote(expected[i]));
  }
}

void CheckPreflightRequest(const Request& request,
                           const UnsafeHeaderNames& unsafe,
                           const OutgoingRequest& preflight) {
  const std::string& origin = request.origin.Serialize();
  FUZZ_CHECK(preflight.method == "OPTIONS", "preflight method "
                                                << Quote(preflight.method));
  FUZZ_CHECK(preflight.url == request.url.spec(),
             "preflight URL " << Quote(preflight.url));
  FUZZ_CHECK(!preflight.include_credentials, "preflight with credentials");
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
    acrh_count += EqualsIgnoreCaseRef(h.name,
                                      corsengine::kAccessControlRequestHeaders);
  }
  FUZZ_CHECK(acrh_count <= 1, acrh_count << " ACRH headers");
  const std::string* acrh =
      preflight.FindHeader(corsengine::kAccessControlRequestHeaders);
  FUZZ_CHECK((acrh != nullptr) == !unsafe.empty(),
             "Access-Control-Request-Headers "
                 << (acrh ? "present" : "absent") << " with " << unsafe.size()
                 << " unsafe name(s)");
  if (acrh == nullptr) return;
  FUZZ_CHECK(!HasUpperAscii(*acrh), "ACRH " << Quote(*acrh)
                                            << " is not lowercase");
  FUZZ_CHECK(acrh->find(' ') == std::string::npos &&
                 acrh->find('\t') == std::string::npos,
             "ACRH " << Quote(*acrh) << " has whitespace");
  std::vector<std::string> names;
  size_t start = 0;
  while (true) {
    const size_t comma = acrh->find(',', start);
    names.push_back(acrh->substr(start, comma == std::string::npos
                                            ? std::string::npos
                                            : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  FUZZ_CHECK(names.size() == unsafe.size(),
             "ACRH " << Quote(*acrh) << " has " << names.size()
                     << " names for " << unsafe.size() << " unsafe names");
  for (size_t i = 0; i < names.size(); ++i) {
    FUZZ_CHECK(IsTokenRef(names[i]), "ACRH element " << Quote(names[i]));
    FUZZ_CHECK(names[i] == LowerRef(unsafe[i]),
               "ACRH element " << Quote(names[i]) << " for "
                               << Quote(unsafe[i]));
    if (i > 0) {
      FUZZ_CHECK(names[i - 1] <= names[i], "ACRH " << Quote(*acrh)
                                                   << " is not sorted");
    }
  }
}

bool IsPreflightError(CorsError e) {
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
                     HeaderSpan response) {
  const std::string& origin = request.origin.Serialize();
  Expected<PreflightResult> result = corsengine::ValidatePreflightResponse(
      request, origin, unsafe, status, response, profile);
  if (!result.ok()) {
    FUZZ_CHECK(IsPreflightError(result.error().error),
               profile.name << ": preflight failed with a non-preflight error "
                            << result.error().error);
    FUZZ_CHECK(!result.error().message.empty(), "empty message");
    return;
  }
  const bool include = request.credentials == CredentialsMode::kInclude;
  const PreflightResult& r = *result;
  FUZZ_CHECK(corsengine::IsOkStatus(status),
             profile.name << ": preflight passed with status " << status);
  FUZZ_CHECK(corsengine::CheckCorsAccess(response, origin, request.credentials,
                                         corsengine::CheckedResponse::kPreflight,
                                         profile)
                 .ok(),
             profile.name << ": preflight passed but the CORS check fails");
  corsengine::HeaderListValues methods;
  corsengine::ExtractHeaderListValues(
      response, corsengine::kAccessControlAllowMethods, &methods);
  corsengine::HeaderListValues headers;
  corsengine::ExtractHeaderListValues(
      response, corsengine::kAccessControlAllowHeaders, &headers);
  FUZZ_CHECK(!methods.failed() && !headers.failed(),
             profile.name << ": preflight passed with an unparsable "
                          << "Allow-Methods or Allow-Headers");
  FUZZ_CHECK(r.credentials() == include, "credentials() " << r.credentials());

  const bool wildcard_method = !include && r.HasMethod("*");
  FUZZ_CHECK(r.HasMethod(request.method) ||
                 corsengine::IsCorsSafelistedMethod(request.method) ||
                 wildcard_method,
             profile.name << ": method " << Quote(request.method)
                          << " passed but is not allowed");
  const bool wildcard_header = !include && r.HasHeaderName("*");
  for (std::string_view name : unsafe) {
    FUZZ_CHECK(r.HasHeaderName(name) || wildcard_header,
               profile.name << ": header " << Quote(name)
                            << " passed but is not allowed");
  }
  if (!profile.wildcard_covers_authorization) {
    for (const Header& h : request.headers) {
      if (EqualsIgnoreCaseRef(h.name, "authorization")) {
        FUZZ_CHECK(r.HasHeaderName("authorization"),
                   profile.name << ": Authorization passed without being "
                                << "listed by name");
      }
    }
  }
  for (size_t i = 0; i < r.header_count(); ++i) {
    FUZZ_CHECK(!HasUpperAscii(r.header_name(i)),
               "stored header name " << Quote(r.header_name(i)));
    for (size_t j = 0; j < i; ++j) {
      FUZZ_CHECK(!EqualsIgnoreCaseRef(r.header_name(i), r.header_name(j)),
                 "stored header name " << Quote(r.header_name(i))
                                       << " twice");
    }
    FUZZ_CHECK(headers.ContainsIgnoreCase(r.header_name(i)),
               "stored header name " << Quote(r.header_name(i))
                                     << " not in Allow-Headers");
  }
  for (size_t i = 0; i < r.method_count(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      FUZZ_CHECK(r.method(i) != r.method(j),
                 "stored method " << Quote(r.method(i)) << " twice");
    }
  }
  FUZZ_CHECK(r.max_age().seconds >= 0 &&
                 r.max_age().seconds <= profile.max_age_cap_seconds,
             profile.name << ": max_age " << r.max_age().seconds
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
    FUZZ_CHECK(needs == (request->use_cors_preflight ||
                         !corsengine::IsCorsSafelistedMethod(request->method) ||
                         !unsafe.empty()),
               profile->name << ": NeedsCorsPreflight = " << needs);
    const OutgoingRequest preflight = corsengine::BuildPreflightRequest(
        *request, request->origin.Serialize(), unsafe);
    CheckPreflightRequest(*request, unsafe, preflight);
    CheckValidation(*request, *profile, unsafe, status, HeaderSpan(views));
  }
  corsengine_fuzz::EndInput();
  return 0;
}
