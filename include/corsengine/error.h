// File: include/corsengine/error.h
//
// Errors are values. Every way a fetch can fail, whether the page asked for
// something fetch() refuses, a server answered badly, or a redirect broke a
// rule, is one `CorsError` kind plus the value that failed and a one-line
// message a developer console can show. Nothing in the engine throws.
//
// The numbers 0-21 are Chromium's `network::mojom::CorsError` values, so logs
// from both read the same; 22-24 are reserved for Chromium's Local Network
// Access errors (not modelled). Kinds beyond Chromium's list start at 32. The
// numbers are stable: never renumber, only append.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_ERROR_H_
#define CORSENGINE_INCLUDE_CORSENGINE_ERROR_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace corsengine {

enum class CorsError : uint8_t {
  // The CORS check on an actual or redirect response.
  kDisallowedByMode = 0,
  kInvalidResponse = 1,
  kWildcardOriginNotAllowed = 2,
  kMissingAllowOriginHeader = 3,
  kMultipleAllowOriginValues = 4,
  kInvalidAllowOriginValue = 5,
  kAllowOriginMismatch = 6,
  kInvalidAllowCredentials = 7,
  kCorsDisabledScheme = 8,
  // The CORS-preflight fetch.
  kPreflightInvalidStatus = 9,
  kPreflightDisallowedRedirect = 10,
  kPreflightWildcardOriginNotAllowed = 11,
  kPreflightMissingAllowOriginHeader = 12,
  kPreflightMultipleAllowOriginValues = 13,
  kPreflightInvalidAllowOriginValue = 14,
  kPreflightAllowOriginMismatch = 15,
  kPreflightInvalidAllowCredentials = 16,
  kInvalidAllowMethodsPreflightResponse = 17,
  kInvalidAllowHeadersPreflightResponse = 18,
  kMethodDisallowedByPreflightResponse = 19,
  kHeaderDisallowedByPreflightResponse = 20,
  // Redirects under CORS.
  kRedirectContainsCredentials = 21,

  // Finer than Chromium: the preflight listed only `*`, which never covers
  // `Authorization` (spec profile). Chromium reports this as 20.
  kAuthorizationCoveredOnlyByWildcard = 32,
  // Finer than Chromium: Access-Control-Allow-Credentials absent (Chromium
  // folds this into 7 and 16).
  kMissingAllowCredentials = 33,
  kPreflightMissingAllowCredentials = 34,

  // The request itself: fetch() would throw a TypeError before any byte is
  // sent.
  kInvalidUrl = 40,
  kUrlContainsCredentials = 41,
  kInvalidMethod = 42,
  kForbiddenMethod = 43,
  kInvalidHeaderName = 44,
  kInvalidHeaderValue = 45,
  kInvalidOrigin = 46,
  kInvalidRequestMode = 47,
  kInvalidCredentialsMode = 48,
  kInvalidRedirectMode = 49,
  kInvalidCacheMode = 50,
  kMethodNotAllowedInNoCorsMode = 51,
  kOnlyIfCachedRequiresSameOrigin = 52,
  // A CORS-exempt header the host added under a name its controls do not
  // list (Chromium refuses such a request as a bad message).
  kCorsExemptHeaderNotAllowed = 53,
  // A GET or HEAD request with a body (fetch() throws).
  kBodyWithGetOrHead = 54,
  // A stream body in a mode other than cors or same-origin (fetch() throws).
  kStreamBodyNeedsCorsMode = 55,
  // C API: the body is not one of corsengine_request_body's values.
  kInvalidRequestBody = 56,

  // Redirects, any mode.
  kRedirectNotAllowed = 60,       // redirect mode "error"
  kTooManyRedirects = 61,         // more than 20
  kInvalidRedirectLocation = 62,  // Location is not a URL
  kRedirectToUnsupportedScheme = 63,
  kNoCorsRedirectModeNotFollow = 65,
  // A profile refuses this redirect chain (WebKit: a request that started
  // same-origin redirected between two origins once it is CORS).
  kRedirectChainNotAllowed = 66,
  // A redirect other than 303 would send a stream body again: a stream is
  // read once (#http-redirect-fetch: "request's body's source is null").
  kRedirectWithStreamBody = 67,

  // The host drove the flow wrongly, or the transport failed.
  kUnexpectedCall = 80,
  kNetworkError = 81,

  kMaxValue = kNetworkError,
};

// CorsErrorName()
//
// The kind's name without the `k`, e.g. "AllowOriginMismatch", matching
// Chromium's spelling where the kind is Chromium's.
std::string_view CorsErrorName(CorsError error);

// CorsErrorStatus
//
// A failure: its kind, the value that failed (a header value, method or
// header name; may be empty) and a one-line console message naming both.
// Whatever a server sent, the message is one line of printable ASCII of at
// most kMaxMessageLength bytes and the parameter at most kMaxParameterLength
// bytes (longer ones are cut, and end in "...").
struct CorsErrorStatus {
  static constexpr size_t kMaxMessageLength = 1000;
  static constexpr size_t kMaxParameterLength = 256;

  CorsError error = CorsError::kInvalidResponse;
  std::string failed_parameter;
  std::string message;

  CorsErrorStatus() = default;
  CorsErrorStatus(CorsError e, std::string_view parameter,
                  std::string console_message);

  friend bool operator==(const CorsErrorStatus& a, const CorsErrorStatus& b) {
    return a.error == b.error && a.failed_parameter == b.failed_parameter;
  }
  friend bool operator!=(const CorsErrorStatus& a, const CorsErrorStatus& b) {
    return !(a == b);
  }
};

std::ostream& operator<<(std::ostream& os, CorsError error);
std::ostream& operator<<(std::ostream& os, const CorsErrorStatus& status);

// Expected<T>
//
// Either a value or a `CorsErrorStatus`. The success path never allocates for
// the error half. `Expected<void>` carries only success or an error.
template <typename T>
class [[nodiscard]] Expected {
 public:
  // By reference: a value taken by value would be moved twice, and a
  // PreflightResult's move copies its inline names.
  Expected(const T& value) : v_(std::in_place_index<0>, value) {}
  Expected(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}
  Expected(CorsErrorStatus error)
      : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const CorsErrorStatus& error() const { return std::get<1>(v_); }
  CorsErrorStatus&& take_error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, CorsErrorStatus> v_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(CorsErrorStatus error) : failed_(true), error_(std::move(error)) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const CorsErrorStatus& error() const { return error_; }
  CorsErrorStatus&& take_error() && { return std::move(error_); }

 private:
  bool failed_ = false;
  CorsErrorStatus error_;
};

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_ERROR_H_
