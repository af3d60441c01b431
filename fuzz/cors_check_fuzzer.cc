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
// Invariants, against the shared reference model (//tests/reference):
//   * CheckCorsAccess succeeds exactly when corsref::CorsCheck (the
//     Standard's #concept-cors-check steps) does, and a failure's error kind
//     names the step the reference failed at, in the checked response's
//     family (kPreflight* for preflights); so a success with "include"
//     implies one ACAO equal to the origin and one ACAC `true`.
//   * ComputeReadableHeaders marks exactly the entries corsref's filtered
//     responses keep (basic: all but Set-Cookie(2); cors: safelisted names
//     and the CORS-exposed list, `*` only without "include"; opaque,
//     opaqueredirect, error: none); indices increasing and in range.
//   * ReadableHeaderNames: sorted, lowercase, unique, and equal to the
//     reference's names of the readable entries.

#include <cstddef>
#include <cstdint>
#include <optional>
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
#include "fuzz/reference_bridge.h"
#include "tests/reference/reference.h"

namespace {

using corsengine::CheckedResponse;
using corsengine::CorsError;
using corsengine::CredentialsMode;
using corsengine::Header;
using corsengine::HeaderSpan;
using corsengine::HeaderView;
using corsengine::ReadableHeaderIndices;
using corsengine::ResponseType;
using corsengine_fuzz::HasUpperAscii;
using corsengine_fuzz::Quote;

constexpr CredentialsMode kCredentialsModes[] = {
    CredentialsMode::kOmit, CredentialsMode::kSameOrigin,
    CredentialsMode::kInclude};
constexpr ResponseType kResponseTypes[] = {
    ResponseType::kBasic, ResponseType::kCors, ResponseType::kOpaque,
    ResponseType::kOpaqueRedirect, ResponseType::kError};

void CheckAccess(const std::vector<Header>& list, HeaderSpan headers,
                 std::string_view origin, CredentialsMode credentials,
                 CheckedResponse which) {
  const bool include = credentials == CredentialsMode::kInclude;
  const bool preflight = which == CheckedResponse::kPreflight;
  const corsengine::Expected<void> result =
      corsengine::CheckCorsAccess(headers, origin, credentials, which);
  const corsref::CorsCheckFailure expected =
      corsref::CorsCheck(list, origin, credentials);
  const std::string what = std::string("credentials ") +
                           std::string(corsengine::ToString(credentials)) +
                           (preflight ? ", preflight" : ", actual") +
                           ", origin " + Quote(origin);
  if (result.ok()) {
    FUZZ_CHECK(expected == corsref::CorsCheckFailure::kNone,
               what << ": CORS check passed, the reference fails it: "
                    << corsengine_fuzz::Name(expected));
    // What success means, spelled out: one Allow-Origin that is the origin
    // (or `*` without credentials), and with credentials one
    // Allow-Credentials `true`.
    const std::optional<std::string> acao =
        corsref::Get(list, corsengine::kAccessControlAllowOrigin);
    FUZZ_CHECK(acao && corsref::CountHeaders(
                           list, corsengine::kAccessControlAllowOrigin) == 1,
               what << ": passed without exactly one ACAO");
    if (include) {
      FUZZ_CHECK(*acao == origin, what << ": passed with ACAO " << Quote(*acao));
      FUZZ_CHECK(corsref::Get(list, corsengine::kAccessControlAllowCredentials) ==
                     std::optional<std::string>("true"),
                 what << ": passed without exactly one ACAC `true`");
    } else {
      FUZZ_CHECK(*acao == origin || *acao == "*",
                 what << ": passed with ACAO " << Quote(*acao));
    }
    return;
  }
  const CorsError got = result.error().error;
  FUZZ_CHECK(expected != corsref::CorsCheckFailure::kNone,
             what << ": CORS check failed (" << got << ": "
                  << result.error().message << ") but the reference passes it");
  FUZZ_CHECK(corsengine_fuzz::CorsErrorMatches(got, expected, preflight),
             what << ": error " << got << ", the reference fails at "
                  << corsengine_fuzz::Name(expected));
  FUZZ_CHECK(!result.error().message.empty(), what << ": empty message");
  FUZZ_CHECK(result.error().failed_parameter.size() <= 256,
             what << ": failed_parameter of "
                  << result.error().failed_parameter.size() << " bytes");
}

void CheckReadable(const std::vector<Header>& list, HeaderSpan headers,
                   ResponseType type, CredentialsMode credentials) {
  ReadableHeaderIndices readable;
  // Fill it first (a basic response reads the most): ComputeReadableHeaders
  // must clear what `out` held.
  corsengine::ComputeReadableHeaders(headers, ResponseType::kBasic,
                                     credentials, &readable);
  corsengine::ComputeReadableHeaders(headers, type, credentials, &readable);
  const std::string what = std::string(corsengine::ToString(type)) + "/" +
                           std::string(corsengine::ToString(credentials));
  const std::vector<bool> expected =
      corsref::ReadableHeaders(list, type, credentials);

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
    FUZZ_CHECK(!is_readable[i] || !corsref::IsForbiddenResponseHeaderName(name),
               what << ": " << Quote(name) << " readable");
    FUZZ_CHECK(is_readable[i] == expected[i],
               what << ": header " << i << " " << Quote(name)
                    << (is_readable[i] ? " readable" : " not readable")
                    << ", the reference says the opposite");
  }

  const std::vector<std::string> names =
      corsengine::ReadableHeaderNames(headers, readable);
  const std::vector<std::string> expected_names =
      corsref::ReadableHeaderNames(list, expected);
  for (size_t k = 0; k < names.size(); ++k) {
    FUZZ_CHECK(!HasUpperAscii(names[k]), what << ": name " << Quote(names[k])
                                              << " is not lowercase");
    if (k > 0) {
      FUZZ_CHECK(names[k - 1] < names[k], what << ": names not sorted/unique at "
                                               << Quote(names[k]));
    }
  }
  FUZZ_CHECK(names == expected_names,
             what << ": names " << corsengine_fuzz::Join(names)
                  << ", reference " << corsengine_fuzz::Join(expected_names));
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
    CheckAccess(headers, span, origin.Serialize(), credentials, which);
    for (ResponseType type : kResponseTypes) {
      CheckReadable(headers, span, type, credentials);
    }
  }
  corsengine_fuzz::EndInput();
  return 0;
}
