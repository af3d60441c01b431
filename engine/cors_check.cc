// File: engine/cors_check.cc

#include "corsengine/cors_check.h"

#include <optional>
#include <string>
#include <string_view>

#include "corsengine/url.h"
#include "engine/internal/ascii.h"
#include "engine/internal/strings.h"

namespace corsengine {
namespace {

using internal::Printable;

CorsError Pick(CheckedResponse which, CorsError actual, CorsError preflight) {
  return which == CheckedResponse::kPreflight ? preflight : actual;
}

std::string_view Prefix(CheckedResponse which) {
  return which == CheckedResponse::kPreflight
             ? "Response to preflight request: "
             : "";
}

// Chromium's classification of an Allow-Origin value that does not match
// (cors.cc, CheckAccess), used to name the error precisely.
CorsErrorStatus MismatchError(std::string_view value,
                              std::string_view serialized_origin,
                              CheckedResponse which) {
  const std::string prefix(Prefix(which));
  if (value.find_first_of(" ,") != std::string_view::npos) {
    return CorsErrorStatus(
        Pick(which, CorsError::kMultipleAllowOriginValues,
             CorsError::kPreflightMultipleAllowOriginValues),
        internal::Truncate(value),
        internal::StrCat(prefix, "Access-Control-Allow-Origin '", Printable(value),
                     "' contains multiple values, but only one is allowed "
                     "(the request's origin is '",
                     serialized_origin, "')"));
  }
  if (value != "null" && value != "*" && !Url::Parse(value).ok()) {
    return CorsErrorStatus(
        Pick(which, CorsError::kInvalidAllowOriginValue,
             CorsError::kPreflightInvalidAllowOriginValue),
        internal::Truncate(value),
        internal::StrCat(prefix, "Access-Control-Allow-Origin '", Printable(value),
                     "' is not a valid origin (the request's origin is '",
                     serialized_origin, "')"));
  }
  return CorsErrorStatus(
      Pick(which, CorsError::kAllowOriginMismatch,
           CorsError::kPreflightAllowOriginMismatch),
      internal::Truncate(value),
      internal::StrCat(prefix, "Access-Control-Allow-Origin '", Printable(value),
                   "' does not match the request's origin '",
                   serialized_origin, "'"));
}

}  // namespace

Expected<void> CheckCorsAccess(HeaderSpan response_headers,
                               std::string_view serialized_origin,
                               CredentialsMode credentials,
                               CheckedResponse which, const Profile& profile) {
  (void)profile;  // The three browsers and the Standard agree on this check.
  // One pass for both headers. Step 1: "get" Access-Control-Allow-Origin:
  // one header is compared in place; several combine to "a, b", which can
  // match nothing.
  std::optional<std::string_view> origin;
  std::optional<std::string_view> allow_credentials;
  size_t count = 0;
  size_t credentials_count = 0;
  for (const HeaderView& h : response_headers) {
    if (h.name.size() == kAccessControlAllowOrigin.size() &&
        internal::EqualsLowercaseLiteral(h.name,
                                         "access-control-allow-origin")) {
      if (++count == 1) origin = internal::TrimTabOrSpace(h.value);
    } else if (h.name.size() == kAccessControlAllowCredentials.size() &&
               internal::EqualsLowercaseLiteral(
                   h.name, "access-control-allow-credentials")) {
      if (++credentials_count == 1) {
        allow_credentials = internal::TrimTabOrSpace(h.value);
      }
    }
  }
  if (count == 0) {
    return CorsErrorStatus(
        Pick(which, CorsError::kMissingAllowOriginHeader,
             CorsError::kPreflightMissingAllowOriginHeader),
        "",
        internal::StrCat(Prefix(which),
                     "No 'Access-Control-Allow-Origin' header is present (the "
                     "request's origin is '",
                     serialized_origin, "')"));
  }
  if (count > 1) {
    const std::string combined =
        GetHeader(response_headers, kAccessControlAllowOrigin).value_or("");
    return MismatchError(combined, serialized_origin, which);
  }
  const bool include = credentials == CredentialsMode::kInclude;
  // Step 2.
  if (*origin == "*") {
    if (!include) return {};
    return CorsErrorStatus(
        Pick(which, CorsError::kWildcardOriginNotAllowed,
             CorsError::kPreflightWildcardOriginNotAllowed),
        "*",
        internal::StrCat(Prefix(which),
                     "Access-Control-Allow-Origin '*' cannot be used when the "
                     "request's credentials mode is 'include'"));
  }
  // Step 3: byte-for-byte equality with the serialized request origin.
  if (!internal::EqualsBytes(*origin, serialized_origin)) {
    return MismatchError(*origin, serialized_origin, which);
  }
  // Steps 4-5.
  if (!include) return {};
  if (credentials_count == 1 && *allow_credentials == "true") return {};
  if (!allow_credentials) {
    return CorsErrorStatus(
        Pick(which, CorsError::kMissingAllowCredentials,
             CorsError::kPreflightMissingAllowCredentials),
        "",
        internal::StrCat(Prefix(which),
                     "Access-Control-Allow-Credentials is missing; it must be "
                     "'true' when the request's credentials mode is "
                     "'include'"));
  }
  const std::string value =
      GetHeader(response_headers, kAccessControlAllowCredentials).value_or("");
  return CorsErrorStatus(
      Pick(which, CorsError::kInvalidAllowCredentials,
           CorsError::kPreflightInvalidAllowCredentials),
      internal::Truncate(value),
      internal::StrCat(Prefix(which), "Access-Control-Allow-Credentials '",
                   Printable(value),
                   "' is not 'true', which is required when the request's "
                   "credentials mode is 'include'"));
}

}  // namespace corsengine
