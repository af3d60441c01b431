// File: engine/error.cc

#include "corsengine/error.h"

#include <ostream>
#include <string_view>

namespace corsengine {

std::string_view CorsErrorName(CorsError error) {
  switch (error) {
#define CORSENGINE_ERROR_NAME(kind) \
  case CorsError::k##kind:          \
    return #kind;
    CORSENGINE_ERROR_NAME(DisallowedByMode)
    CORSENGINE_ERROR_NAME(InvalidResponse)
    CORSENGINE_ERROR_NAME(WildcardOriginNotAllowed)
    CORSENGINE_ERROR_NAME(MissingAllowOriginHeader)
    CORSENGINE_ERROR_NAME(MultipleAllowOriginValues)
    CORSENGINE_ERROR_NAME(InvalidAllowOriginValue)
    CORSENGINE_ERROR_NAME(AllowOriginMismatch)
    CORSENGINE_ERROR_NAME(InvalidAllowCredentials)
    CORSENGINE_ERROR_NAME(CorsDisabledScheme)
    CORSENGINE_ERROR_NAME(PreflightInvalidStatus)
    CORSENGINE_ERROR_NAME(PreflightDisallowedRedirect)
    CORSENGINE_ERROR_NAME(PreflightWildcardOriginNotAllowed)
    CORSENGINE_ERROR_NAME(PreflightMissingAllowOriginHeader)
    CORSENGINE_ERROR_NAME(PreflightMultipleAllowOriginValues)
    CORSENGINE_ERROR_NAME(PreflightInvalidAllowOriginValue)
    CORSENGINE_ERROR_NAME(PreflightAllowOriginMismatch)
    CORSENGINE_ERROR_NAME(PreflightInvalidAllowCredentials)
    CORSENGINE_ERROR_NAME(InvalidAllowMethodsPreflightResponse)
    CORSENGINE_ERROR_NAME(InvalidAllowHeadersPreflightResponse)
    CORSENGINE_ERROR_NAME(MethodDisallowedByPreflightResponse)
    CORSENGINE_ERROR_NAME(HeaderDisallowedByPreflightResponse)
    CORSENGINE_ERROR_NAME(RedirectContainsCredentials)
    CORSENGINE_ERROR_NAME(AuthorizationCoveredOnlyByWildcard)
    CORSENGINE_ERROR_NAME(MissingAllowCredentials)
    CORSENGINE_ERROR_NAME(PreflightMissingAllowCredentials)
    CORSENGINE_ERROR_NAME(InvalidUrl)
    CORSENGINE_ERROR_NAME(UrlContainsCredentials)
    CORSENGINE_ERROR_NAME(InvalidMethod)
    CORSENGINE_ERROR_NAME(ForbiddenMethod)
    CORSENGINE_ERROR_NAME(InvalidHeaderName)
    CORSENGINE_ERROR_NAME(InvalidHeaderValue)
    CORSENGINE_ERROR_NAME(InvalidOrigin)
    CORSENGINE_ERROR_NAME(InvalidRequestMode)
    CORSENGINE_ERROR_NAME(InvalidCredentialsMode)
    CORSENGINE_ERROR_NAME(InvalidRedirectMode)
    CORSENGINE_ERROR_NAME(InvalidCacheMode)
    CORSENGINE_ERROR_NAME(MethodNotAllowedInNoCorsMode)
    CORSENGINE_ERROR_NAME(OnlyIfCachedRequiresSameOrigin)
    CORSENGINE_ERROR_NAME(CorsExemptHeaderNotAllowed)
    CORSENGINE_ERROR_NAME(BodyWithGetOrHead)
    CORSENGINE_ERROR_NAME(StreamBodyNeedsCorsMode)
    CORSENGINE_ERROR_NAME(InvalidRequestBody)
    CORSENGINE_ERROR_NAME(RedirectNotAllowed)
    CORSENGINE_ERROR_NAME(TooManyRedirects)
    CORSENGINE_ERROR_NAME(InvalidRedirectLocation)
    CORSENGINE_ERROR_NAME(RedirectToUnsupportedScheme)
    CORSENGINE_ERROR_NAME(NoCorsRedirectModeNotFollow)
    CORSENGINE_ERROR_NAME(RedirectChainNotAllowed)
    CORSENGINE_ERROR_NAME(RedirectWithStreamBody)
    CORSENGINE_ERROR_NAME(UnexpectedCall)
    CORSENGINE_ERROR_NAME(NetworkError)
#undef CORSENGINE_ERROR_NAME
  }
  return "Unknown";
}

CorsErrorStatus::CorsErrorStatus(CorsError e, std::string_view parameter,
                                 std::string console_message)
    : error(e),
      failed_parameter(parameter.substr(0, kMaxParameterLength)),
      message(std::move(console_message)) {
  // Messages quote what servers sent; whatever a call site did, a console
  // line stays one bounded line of printable ASCII.
  for (char& c : message) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b > 0x7E) c = '?';
  }
  if (message.size() > kMaxMessageLength) {
    message.resize(kMaxMessageLength - 3);
    message.append("...");
  }
}

std::ostream& operator<<(std::ostream& os, CorsError error) {
  return os << CorsErrorName(error);
}

std::ostream& operator<<(std::ostream& os, const CorsErrorStatus& status) {
  os << CorsErrorName(status.error);
  if (!status.failed_parameter.empty()) {
    os << " (" << status.failed_parameter << ")";
  }
  if (!status.message.empty()) os << ": " << status.message;
  return os;
}

}  // namespace corsengine
