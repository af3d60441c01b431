// File: fuzz/reference_bridge.h
//
// What the fuzz targets need to hold the engine against the shared reference
// model (//tests/reference, namespace corsref): the reference's verdicts as
// the engine's error kinds and cache outcomes, comparisons of results, and
// printers for failure messages. Nothing here decides anything itself; every
// decision comes from corsref.

#ifndef CORSENGINE_FUZZ_REFERENCE_BRIDGE_H_
#define CORSENGINE_FUZZ_REFERENCE_BRIDGE_H_

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/error.h"
#include "corsengine/preflight.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/request_headers.h"
#include "fuzz/fuzz_util.h"
#include "tests/reference/reference.h"

namespace corsengine_fuzz {

// A list of names, printed for messages.
inline std::string Join(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += Quote(v[i]);
  }
  return out + "]";
}

// The engine's unsafe names (views in their original case), lowercased.
inline std::vector<std::string> Lowered(
    const corsengine::UnsafeHeaderNames& names) {
  std::vector<std::string> out;
  for (std::string_view n : names) out.push_back(corsref::ByteLowercase(n));
  return out;
}

// --- The CORS check ---------------------------------------------------------

inline const char* Name(corsref::CorsCheckFailure f) {
  switch (f) {
    case corsref::CorsCheckFailure::kNone:
      return "success";
    case corsref::CorsCheckFailure::kNoAllowOrigin:
      return "no Access-Control-Allow-Origin (step 2)";
    case corsref::CorsCheckFailure::kWildcardWithCredentials:
      return "`*` with credentials (step 4)";
    case corsref::CorsCheckFailure::kOriginMismatch:
      return "origin mismatch (step 4)";
    case corsref::CorsCheckFailure::kNoAllowCredentials:
      return "no Access-Control-Allow-Credentials (step 8)";
    case corsref::CorsCheckFailure::kAllowCredentialsNotTrue:
      return "Access-Control-Allow-Credentials not `true` (step 8)";
  }
  return "?";
}

// Whether the engine's error kind names the step the reference failed at.
// Step 4 failures other than `*` are one family (the engine classifies the
// value further, as Chromium does: multiple values, invalid, mismatch).
inline bool CorsErrorMatches(corsengine::CorsError got,
                             corsref::CorsCheckFailure expected,
                             bool preflight) {
  using corsengine::CorsError;
  switch (expected) {
    case corsref::CorsCheckFailure::kNone:
      return false;
    case corsref::CorsCheckFailure::kNoAllowOrigin:
      return got == (preflight ? CorsError::kPreflightMissingAllowOriginHeader
                               : CorsError::kMissingAllowOriginHeader);
    case corsref::CorsCheckFailure::kWildcardWithCredentials:
      return got == (preflight ? CorsError::kPreflightWildcardOriginNotAllowed
                               : CorsError::kWildcardOriginNotAllowed);
    case corsref::CorsCheckFailure::kOriginMismatch:
      if (preflight) {
        return got == CorsError::kPreflightMultipleAllowOriginValues ||
               got == CorsError::kPreflightInvalidAllowOriginValue ||
               got == CorsError::kPreflightAllowOriginMismatch;
      }
      return got == CorsError::kMultipleAllowOriginValues ||
             got == CorsError::kInvalidAllowOriginValue ||
             got == CorsError::kAllowOriginMismatch;
    case corsref::CorsCheckFailure::kNoAllowCredentials:
      return got == (preflight ? CorsError::kPreflightMissingAllowCredentials
                               : CorsError::kMissingAllowCredentials);
    case corsref::CorsCheckFailure::kAllowCredentialsNotTrue:
      return got == (preflight ? CorsError::kPreflightInvalidAllowCredentials
                               : CorsError::kInvalidAllowCredentials);
  }
  return false;
}

// --- Max-Age -----------------------------------------------------------------

inline const char* Name(corsref::MaxAge::Source s) {
  switch (s) {
    case corsref::MaxAge::Source::kAbsent:
      return "kAbsent";
    case corsref::MaxAge::Source::kValid:
      return "kValid";
    case corsref::MaxAge::Source::kInvalid:
      return "kInvalid";
    case corsref::MaxAge::Source::kNegative:
      return "kNegative";
  }
  return "?";
}

inline corsref::MaxAge::Source ToRef(corsengine::MaxAge::Source s) {
  switch (s) {
    case corsengine::MaxAge::Source::kAbsent:
      return corsref::MaxAge::Source::kAbsent;
    case corsengine::MaxAge::Source::kValid:
      return corsref::MaxAge::Source::kValid;
    case corsengine::MaxAge::Source::kInvalid:
      return corsref::MaxAge::Source::kInvalid;
    case corsengine::MaxAge::Source::kNegative:
      return corsref::MaxAge::Source::kNegative;
  }
  return corsref::MaxAge::Source::kAbsent;
}

inline std::string Describe(const corsref::MaxAge& a) {
  std::ostringstream s;
  s << Name(a.source) << " " << a.seconds << " s (requested "
    << a.requested_seconds << ")";
  return s.str();
}

inline std::string Describe(const corsengine::MaxAge& a) {
  corsref::MaxAge r;
  r.source = ToRef(a.source);
  r.seconds = a.seconds;
  r.requested_seconds = a.requested_seconds;
  return Describe(r);
}

inline bool Same(const corsengine::MaxAge& e, const corsref::MaxAge& r) {
  return ToRef(e.source) == r.source && e.seconds == r.seconds &&
         e.requested_seconds == r.requested_seconds;
}

// --- Preflight results and verdicts -----------------------------------------

inline std::string Describe(const corsref::PreflightResult& r) {
  return "methods " + Join(r.methods) + ", headers " + Join(r.header_names) +
         ", credentials " + (r.credentials ? "1" : "0") + ", max-age " +
         Describe(r.max_age);
}

inline corsref::PreflightResult FromEngine(const corsengine::PreflightResult& e) {
  corsref::PreflightResult r;
  for (size_t i = 0; i < e.method_count(); ++i) {
    r.methods.emplace_back(e.method(i));
  }
  for (size_t i = 0; i < e.header_count(); ++i) {
    r.header_names.emplace_back(e.header_name(i));
  }
  r.credentials = e.credentials();
  r.max_age.source = ToRef(e.max_age().source);
  r.max_age.seconds = e.max_age().seconds;
  r.max_age.requested_seconds = e.max_age().requested_seconds;
  return r;
}

inline bool Same(const corsref::PreflightResult& a,
                 const corsref::PreflightResult& b) {
  return a.methods == b.methods && a.header_names == b.header_names &&
         a.credentials == b.credentials && a.max_age.source == b.max_age.source &&
         a.max_age.seconds == b.max_age.seconds &&
         a.max_age.requested_seconds == b.max_age.requested_seconds;
}

inline const char* Name(corsref::PreflightVerdict::Step s) {
  using Step = corsref::PreflightVerdict::Step;
  switch (s) {
    case Step::kOk:
      return "ok";
    case Step::kCorsCheck:
      return "CORS check (step 7)";
    case Step::kStatus:
      return "not an ok status (step 7)";
    case Step::kInvalidAllowMethods:
      return "Allow-Methods failure (7.3)";
    case Step::kInvalidAllowHeaders:
      return "Allow-Headers failure (7.3)";
    case Step::kMethodNotAllowed:
      return "method not allowed (7.5)";
    case Step::kAuthorizationNotListed:
      return "Authorization not listed (7.6)";
    case Step::kHeaderNotAllowed:
      return "header not allowed (7.7)";
  }
  return "?";
}

// Whether the engine's preflight error is the reference's failing step.
inline bool PreflightErrorMatches(const corsengine::CorsErrorStatus& got,
                                  const corsref::PreflightVerdict& v) {
  using corsengine::CorsError;
  using Step = corsref::PreflightVerdict::Step;
  switch (v.step) {
    case Step::kOk:
      return false;
    case Step::kCorsCheck:
      return CorsErrorMatches(got.error, v.cors, /*preflight=*/true);
    case Step::kStatus:
      return got.error == CorsError::kPreflightInvalidStatus;
    case Step::kInvalidAllowMethods:
      return got.error == CorsError::kInvalidAllowMethodsPreflightResponse &&
             std::string_view(v.failed_value).substr(0, 256) ==
                 std::string_view(got.failed_parameter).substr(0, 256);
    case Step::kInvalidAllowHeaders:
      return got.error == CorsError::kInvalidAllowHeadersPreflightResponse &&
             std::string_view(v.failed_value).substr(0, 256) ==
                 std::string_view(got.failed_parameter).substr(0, 256);
    case Step::kMethodNotAllowed:
      return got.error == CorsError::kMethodDisallowedByPreflightResponse &&
             got.failed_parameter == v.failed_value;
    case Step::kAuthorizationNotListed:
      // Step 7.6 either way; the engine names the wildcard's rule only when
      // a usable `*` was listed, and the unlisted name otherwise
      // (tests/preflight_test.cc pins which).
      return got.error == CorsError::kAuthorizationCoveredOnlyByWildcard ||
             (got.error == CorsError::kHeaderDisallowedByPreflightResponse &&
              got.failed_parameter == "authorization");
    case Step::kHeaderNotAllowed:
      return got.error == CorsError::kHeaderDisallowedByPreflightResponse &&
             got.failed_parameter == v.failed_value;
  }
  return false;
}

// --- Request construction ----------------------------------------------------

inline corsengine::CorsError ToCorsError(corsref::ConstructedRequest::Refusal r) {
  using corsengine::CorsError;
  using Refusal = corsref::ConstructedRequest::Refusal;
  switch (r) {
    case Refusal::kNone:
      return CorsError::kMaxValue;
    case Refusal::kInvalidUrl:
      return CorsError::kInvalidUrl;
    case Refusal::kUrlHasCredentials:
      return CorsError::kUrlContainsCredentials;
    case Refusal::kNavigateMode:
      return CorsError::kInvalidRequestMode;
    case Refusal::kOnlyIfCachedNotSameOrigin:
      return CorsError::kOnlyIfCachedRequiresSameOrigin;
    case Refusal::kInvalidMethod:
      return CorsError::kInvalidMethod;
    case Refusal::kForbiddenMethod:
      return CorsError::kForbiddenMethod;
    case Refusal::kNoCorsMethod:
      return CorsError::kMethodNotAllowedInNoCorsMode;
    case Refusal::kInvalidHeaderName:
      return CorsError::kInvalidHeaderName;
    case Refusal::kInvalidHeaderValue:
      return CorsError::kInvalidHeaderValue;
  }
  return CorsError::kMaxValue;
}

// --- The preflight cache -------------------------------------------------------

inline corsengine::CacheOutcome ToEngine(corsref::LookupOutcome o) {
  switch (o) {
    case corsref::LookupOutcome::kMiss:
      return corsengine::CacheOutcome::kMiss;
    case corsref::LookupOutcome::kHit:
      return corsengine::CacheOutcome::kHit;
    case corsref::LookupOutcome::kStale:
      return corsengine::CacheOutcome::kStale;
    case corsref::LookupOutcome::kHitAndFail:
      return corsengine::CacheOutcome::kHitAndFail;
  }
  return corsengine::CacheOutcome::kNotUsed;
}

inline std::string Describe(const corsengine::CacheLookup& l) {
  std::string s(corsengine::ToString(l.outcome));
  if (l.outcome == corsengine::CacheOutcome::kHitAndFail) {
    s += std::string(" (") +
         (l.not_covered_is_credentials ? "credentials "
          : l.not_covered_is_method    ? "method "
                                       : "header ") +
         Quote(l.not_covered) + ")";
  }
  return s;
}

inline bool Same(const corsengine::CacheLookup& e, const corsref::Lookup& r) {
  return e.outcome == ToEngine(r.outcome) && e.not_covered == r.not_covered &&
         e.not_covered_is_method == r.not_covered_is_method &&
         e.not_covered_is_credentials == r.not_covered_is_credentials;
}

inline std::string Describe(const corsref::Lookup& l) {
  corsengine::CacheLookup e;
  e.outcome = ToEngine(l.outcome);
  e.not_covered = l.not_covered;
  e.not_covered_is_method = l.not_covered_is_method;
  e.not_covered_is_credentials = l.not_covered_is_credentials;
  return Describe(e);
}

}  // namespace corsengine_fuzz

#endif  // CORSENGINE_FUZZ_REFERENCE_BRIDGE_H_
