// File: fuzz/cors_check_fuzzer.cc
//
// The CORS check (CheckCorsAccess) and the CORS-filtered response
// (ComputeReadableHeaders, ReadableHeaderNames) over a hostile server's
// headers, for the three credentials modes and every response type.
//
// Input layout (FuzzedDataProvider, see fuzz_util.h):
//   PickOrConsume(kOrigins, 128)   the request origin (Origin::Parse; a new
//                                  opaque origin, "null", when it fails)
//   1 byte, low bit                kPreflight (1) or kActual (0)
//   ConsumeHeaders()               the response's headers
//
// Invariants:
//   * CheckCorsAccess agrees with the Fetch Standard's CORS check, written
//     out here: success iff there is exactly one Access-Control-Allow-Origin
//     whose trimmed value is `*` (credentials not "include") or the
//     serialized origin, and, with credentials "include", exactly one
//     Access-Control-Allow-Credentials whose trimmed value is `true`. So a
//     success with "include" implies one ACAO equal to the origin and ACAC
//     `true`. Failures carry an error kind of the checked response's family
//     (kPreflight* for preflights) naming the first failed step.
//   * ComputeReadableHeaders: indices increasing and in range; never
//     Set-Cookie/Set-Cookie2; nothing for opaque, opaqueredirect and error;
//     everything else for basic; for cors exactly the safelisted names, the
//     names listed in a parsable Access-Control-Expose-Headers, and all of
//     them for a listed `*` without credentials "include".
//   * ReadableHeaderNames: sorted, lowercase, unique, and exactly the
//     lowercased names of the readable entries.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/cors_check.h"
#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/origin.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"
#include "corsengine/response_filter.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"

namespace {

using corsengine::CheckedResponse;
using corsengine::CorsError;
using corsengine::CredentialsMode;
using corsengine::Header;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine::ReadableHeaderIndices;
using corsengine::ResponseType;
using corsengine_fuzz::CountRef;
using corsengine_fuzz::EqualsIgnoreCaseRef;
using corsengine_fuzz::HasUpperAscii;
using corsengine_fuzz::LowerRef;
using corsengine_fuzz::Quote;

constexpr CredentialsMode kCredentialsModes[] = {
    CredentialsMode::kOmit, CredentialsMode::kSameOrigin,
    CredentialsMode::kInclude};
constexpr ResponseType kResponseTypes[] = {
    ResponseType::kBasic, ResponseType::kCors, ResponseType::kOpaque,
    ResponseType::kOpaqueRedirect, ResponseType::kError};

// The error the Standard's steps reach first, or kMaxValue for success.
CorsError ExpectedCheck(HeaderSpan headers, std::string_view origin,
                        bool include, CheckedResponse which) {
  const bool preflight = which == CheckedResponse::kPreflight;
  const size_t acao_count =
      CountRef(headers, corsengine::kAccessControlAllowOrigin);
  if (acao_count == 0) {
    return preflight ? CorsError::kPreflightMissingAllowOriginHeader
                     : CorsError::kMissingAllowOriginHeader;
  }
  std::string_view acao;
  if (!corsengine_fuzz::SingleValueRef(
          headers, corsengine::kAccessControlAllowOrigin, &acao)) {
    return CorsError::kInvalidResponse;  // some mismatch-family error
  }
  if (acao == "*") {
    if (!include) return CorsError::kMaxValue;
    return preflight ? CorsError::kPreflightWildcardOriginNotAllowed
                     : CorsError::kWildcardOriginNotAllowed;
  }
  if (acao != origin) return CorsError::kInvalidResponse;
  if (!include) return CorsError::kMaxValue;
  const size_t acac_count =
      CountRef(headers, corsengine::kAccessControlAllowCredentials);
  std::string_view acac;
  if (corsengine_fuzz::SingleValueRef(
          headers, corsengine::kAccessControlAllowCredentials, &acac) &&
      acac == "true") {
    return CorsError::kMaxValue;
  }
  if (acac_count == 0) {
    return preflight ? CorsError::kPreflightMissingAllowCredentials
                     : CorsError::kMissingAllowCredentials;
  }
  return preflight ? CorsError::kPreflightInvalidAllowCredentials
                   : CorsError::kInvalidAllowCredentials;
}

bool IsMismatchFamily(CorsError e, bool preflight) {
  if (preflight) {
    return e == CorsError::kPreflightMultipleAllowOriginValues ||
           e == CorsError::kPreflightInvalidAllowOriginValue ||
           e == CorsError::kPreflightAllowOriginMismatch;
  }
  return e == CorsError::kMultipleAllowOriginValues ||
         e == CorsError::kInvalidAllowOriginValue ||
         e == CorsError::kAllowOriginMismatch;
}

void CheckAccess(HeaderSpan headers, std::string_view origin,
                 CredentialsMode credentials, CheckedResponse which) {
  const bool include = credentials == CredentialsMode::kInclude;
  const bool preflight = which == CheckedResponse::kPreflight;
  const corsengine::Expected<void> result =
      corsengine::CheckCorsAccess(headers, origin, credentials, which);
  const CorsError expected = ExpectedCheck(headers, origin, include, which);
  const std::string what = std::string("credentials ") +
                           std::string(corsengine::ToString(credentials)) +
                           (preflight ? ", preflight" : ", actual") +
                           ", origin " + Quote(origin);
  if (result.ok()) {
    FUZZ_CHECK(expected == CorsError::kMaxValue,
               what << ": CORS check passed, the Standard fails it ("
                    << expected << ")");
    std::string_view acao;
    FUZZ_CHECK(corsengine_fuzz::SingleValueRef(
                   headers, corsengine::kAccessControlAllowOrigin, &acao),
               what << ": passed without exactly one ACAO");
    if (include) {
      std::string_view acac;
      FUZZ_CHECK(acao == origin, what << ": passed with ACAO " << Quote(acao));
      FUZZ_CHECK(corsengine_fuzz::SingleValueRef(
                     headers, corsengine::kAccessControlAllowCredentials,
                     &acac) &&
                     acac == "true",
                 what << ": passed without exactly one ACAC `true`");
    } else {
      FUZZ_CHECK(acao == origin || acao == "*",
                 what << ": passed with ACAO " << Quote(acao));
    }
    return;
  }
  const CorsError got = result.error().error;
  FUZZ_CHECK(expected != CorsError::kMaxValue,
             what << ": CORS check failed (" << got << ": "
                  << result.error().message << ") but the Standard passes it");
  if (expected == CorsError::kInvalidResponse) {
    FUZZ_CHECK(IsMismatchFamily(got, preflight),
               what << ": error " << got << ", expected a mismatch error");
  } else {
    FUZZ_CHECK(got == expected,
               what << ": error " << got << ", expected " << expected);
  }
  FUZZ_CHECK(!result.error().message.empty(), what << ": empty message");
  FUZZ_CHECK(result.error().failed_parameter.size() <= 256,
             what << ": failed_parameter of "
                  << result.error().failed_parameter.size() << " bytes");
}

void CheckReadable(HeaderSpan headers, ResponseType type,
                   CredentialsMode credentials) {
  ReadableHeaderIndices readable;
  // Fill it first (a basic response reads the most): ComputeReadableHeaders
  // must clear what `out` held.
  corsengine::ComputeReadableHeaders(headers, ResponseType::kBasic,
                                     credentials, &readable);
  corsengine::ComputeReadableHeaders(headers, type, credentials, &readable);
  const std::string what = std::string(corsengine::ToString(type)) + "/" +
                           std::string(corsengine::ToString(credentials));
  const bool include = credentials == CredentialsMode::kInclude;

  corsengine::HeaderListValues exposed;
  corsengine::ExtractHeaderListValues(
      headers, corsengine::kAccessControlExposeHeaders, &exposed);
  const bool all = !include && !exposed.failed() && exposed.Contains("*");

  std::vector<bool> is_readable(headers.size(), false);
  for (size_t k = 0; k < readable.size(); ++k) {
    const uint32_t i = readable[k];
    FUZZ_CHECK(i < headers.size(), what << ": index " << i << " out of range");
    if (k > 0) {
      FUZZ_CHECK(readable[k - 1] < i, what << ": indices not increasing");
    }
    is_readable[i] = true;
  }
  for (size_t i = 0; i < headers.size(); ++i) {
    const std::string_view name = headers[i].name;
    const bool forbidden = EqualsIgnoreCaseRef(name, "set-cookie") ||
                           EqualsIgnoreCaseRef(name, "set-cookie2");
    bool expected = false;
    switch (type) {
      case ResponseType::kOpaque:
      case ResponseType::kOpaqueRedirect:
      case ResponseType::kError:
        expected = false;
        break;
      case ResponseType::kBasic:
        expected = !forbidden;
        break;
      case ResponseType::kCors:
        expected = !forbidden &&
                   (all || corsengine::IsCorsSafelistedResponseHeaderName(name) ||
                    (!exposed.failed() && exposed.ContainsIgnoreCase(name)));
        break;
    }
    FUZZ_CHECK(is_readable[i] == expected,
               what << ": header " << i << " " << Quote(name)
                    << (is_readable[i] ? " readable" : " not readable"));
  }

  const std::vector<std::string> names =
      corsengine::ReadableHeaderNames(headers, readable);
  std::set<std::string> expected_names;
  for (uint32_t i : readable) expected_names.insert(LowerRef(headers[i].name));
  FUZZ_CHECK(names.size() == expected_names.size(),
             what << ": " << names.size() << " names for "
                  << expected_names.size() << " distinct readable names");
  size_t k = 0;
  for (const std::string& expected_name : expected_names) {
    const std::string& name = names[k];
    FUZZ_CHECK(!HasUpperAscii(name), what << ": name " << Quote(name)
                                          << " is not lowercase");
    FUZZ_CHECK(name != "set-cookie" && name != "set-cookie2",
               what << ": " << name << " readable");
    if (k > 0) {
      FUZZ_CHECK(names[k - 1] < name, what << ": names not sorted/unique at "
                                           << Quote(name));
    }
    FUZZ_CHECK(name == expected_name, what << ": name " << Quote(name)
                                           << ", expected "
                                           << Quote(expected_name));
    ++k;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput();
  FuzzedDataProvider fdp(data, size);
  const std::string origin_input = corsengine_fuzz::PickOrConsume(
      fdp, corsengine_fuzz::kOrigins, 128);
  const CheckedResponse which = fdp.ConsumeBool() ? CheckedResponse::kPreflight
                                                  : CheckedResponse::kActual;
  const std::vector<Header> headers = corsengine_fuzz::ConsumeHeaders(fdp);
  const corsengine::Origin origin = corsengine_fuzz::MakeOrigin(origin_input);
  corsengine_fuzz::Trace("origin = " + Quote(origin_input) + " -> " +
                         Quote(origin.Serialize()));
  corsengine_fuzz::Trace(which == CheckedResponse::kPreflight
                             ? "checked = preflight"
                             : "checked = actual");
  corsengine_fuzz::TraceHeaders("response.headers", headers);

  const std::vector<HeaderView> views = corsengine::ViewsOf(headers);
  const HeaderSpan span(views);
  for (CredentialsMode credentials : kCredentialsModes) {
    CheckAccess(span, origin.Serialize(), credentials, which);
    for (ResponseType type : kResponseTypes) {
      CheckReadable(span, type, credentials);
    }
  }
  corsengine_fuzz::EndInput();
  return 0;
}
