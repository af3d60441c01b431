// File: include/corsengine/preflight.h
//
// The CORS-preflight fetch (https://fetch.spec.whatwg.org/#cors-preflight-
// fetch): when a request needs one, the OPTIONS request that asks, and what a
// server's answer allows. A `PreflightResult` is what a preflight cache
// stores: the allowed methods and header names, whether credentials were
// involved, and for how long (Max-Age, after the profile's rules and cap).

#ifndef CORSENGINE_INCLUDE_CORSENGINE_PREFLIGHT_H_
#define CORSENGINE_INCLUDE_CORSENGINE_PREFLIGHT_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/request_headers.h"

namespace corsengine {
namespace internal {
struct PreflightResultAccess;
}  // namespace internal

inline constexpr std::string_view kAccessControlRequestMethod =
    "Access-Control-Request-Method";
inline constexpr std::string_view kAccessControlRequestHeaders =
    "Access-Control-Request-Headers";
inline constexpr std::string_view kAccessControlAllowMethods =
    "Access-Control-Allow-Methods";
inline constexpr std::string_view kAccessControlAllowHeaders =
    "Access-Control-Allow-Headers";
inline constexpr std::string_view kAccessControlMaxAge =
    "Access-Control-Max-Age";

// NeedsCorsPreflight()
//
// For a request that takes the CORS path (#main-fetch, the "cors" branch;
// fetch() always sets the unsafe-request flag): true when the
// use-CORS-preflight flag is set, the method is not CORS-safelisted, or some
// header is CORS-unsafe. Fills `unsafe_names` either way; it views
// `request.headers`.
bool NeedsCorsPreflight(const Request& request, const Profile& profile,
                        UnsafeHeaderNames* unsafe_names);

// BuildPreflightRequest()
//
// OPTIONS to the request's URL, without credentials, with `Origin:
// <serialized_origin>`, `Accept: */*`, `Access-Control-Request-Method` and,
// when `unsafe_names` is not empty, `Access-Control-Request-Headers`.
OutgoingRequest BuildPreflightRequest(const Request& request,
                                      std::string_view serialized_origin,
                                      const UnsafeHeaderNames& unsafe_names);

// MaxAge
//
// Access-Control-Max-Age as the profile reads it.
struct MaxAge {
  enum class Source : uint8_t {
    kAbsent,    // no header (or an empty value): the default
    kValid,     // delta-seconds
    kInvalid,   // not delta-seconds, or the header sent more than once
    kNegative,  // "-N"
  };
  Source source = Source::kAbsent;
  // Seconds the result may be cached, after the cap; 0 means not cached.
  int64_t seconds = 0;
  // The value before the cap, for messages (0 unless kValid).
  int64_t requested_seconds = 0;
};
MaxAge ParseMaxAge(HeaderSpan response_headers, const Profile& profile);

// PreflightResult
//
// What one successful preflight allows. Owns its bytes (at most 4 GiB of
// names: any past that are dropped, so allow nothing): a usual preflight's
// in the object itself, a longer one's in one heap block. A value type,
// thread-compatible. A moved-from result allows nothing. The views that
// method() and header_name() return last only as long as the result
// itself, unmoved: a move takes inline names along to the new object.
class PreflightResult {
 public:
  PreflightResult() = default;
  PreflightResult(const PreflightResult& other);
  PreflightResult& operator=(const PreflightResult& other);
  // The source is left empty, not just valid: its slices would otherwise
  // point into the buffer it gave away.
  PreflightResult(PreflightResult&& other) noexcept
      : heap_(std::move(other.heap_)),
        storage_size_(std::exchange(other.storage_size_, 0)),
        methods_(std::move(other.methods_)),
        headers_(std::move(other.headers_)),
        credentials_(other.credentials_),
        max_age_(other.max_age_) {
    TakeInlineChars(other);
  }
  PreflightResult& operator=(PreflightResult&& other) noexcept {
    if (this != &other) {
      heap_ = std::move(other.heap_);
      storage_size_ = std::exchange(other.storage_size_, 0);
      methods_ = std::move(other.methods_);
      headers_ = std::move(other.headers_);
      credentials_ = other.credentials_;
      max_age_ = other.max_age_;
      TakeInlineChars(other);
    }
    return *this;
  }

  size_t method_count() const { return methods_.size(); }
  std::string_view method(size_t i) const { return View(methods_[i]); }
  // Header names, byte-lowercased.
  size_t header_count() const { return headers_.size(); }
  std::string_view header_name(size_t i) const { return View(headers_[i]); }

  // Whether the preflight was for a request with credentials mode "include".
  bool credentials() const { return credentials_; }
  const MaxAge& max_age() const { return max_age_; }

  bool HasMethod(std::string_view method) const;
  bool HasHeaderName(std::string_view name) const;  // case-insensitive

  // Builds a result; used by ValidatePreflightResponse() and by caches.
  static PreflightResult Create(const HeaderListValues& methods,
                                const HeaderListValues& header_names,
                                bool credentials, MaxAge max_age);

 private:
  // The preflight parser writes a usual response's lists straight into a
  // result (engine/preflight.cc).
  friend struct internal::PreflightResultAccess;

  // Names of this many bytes in all (with Create()'s copy slack) need no
  // allocation: a usual preflight's methods and headers fit.
  static constexpr size_t kInlineChars = 128;

  // A heap block is allocated only above kInlineChars, uninitialized
  // (Create() writes every byte it keeps); a string would zero it and grow
  // through its replace path.
  explicit PreflightResult(size_t storage_size)
      : heap_(storage_size <= kInlineChars ? nullptr : new char[storage_size]) {
  }

  struct Slice {
    Slice() = default;  // uninitialized, for arrays filled as they go
    Slice(uint32_t b, uint32_t s) : begin(b), size(s) {}
    uint32_t begin;
    uint32_t size;
  };
  // The rest of a move: inline names are copied whole (a fixed size is a
  // few vector moves; the bytes past storage_size_ are never read as
  // names), and the source's lists emptied.
  void TakeInlineChars(PreflightResult& other) {
    if (!heap_) std::memcpy(inline_, other.inline_, kInlineChars);
    other.methods_.clear();
    other.headers_.clear();
  }
  const char* chars() const { return heap_ ? heap_.get() : inline_; }
  char* mutable_chars() { return heap_ ? heap_.get() : inline_; }
  std::string_view View(Slice s) const {
    return std::string_view(chars() + s.begin, s.size);
  }
  std::unique_ptr<char[]> heap_;
  uint32_t storage_size_ = 0;  // bytes in use
  absl::InlinedVector<Slice, 6> methods_;
  absl::InlinedVector<Slice, 8> headers_;
  bool credentials_ = false;
  MaxAge max_age_;
  char inline_[kInlineChars];
};

// ParsePreflightResponse()
//
// The first half of what happens when a preflight response arrives
// (#cors-preflight-fetch, step 7): the CORS check (kPreflight* errors), an ok
// status (200-299, kPreflightInvalidStatus), and Access-Control-Allow-Methods
// and -Allow-Headers as lists of tokens (kInvalidAllowMethodsPreflight-
// Response, ...Headers...). The result holds what the server allowed and
// the Max-Age, whether or not it allows this request.
Expected<PreflightResult> ParsePreflightResponse(
    const Request& request, std::string_view serialized_origin, int status,
    HeaderSpan response_headers, const Profile& profile);

// CheckPreflightResultAllows()
//
// The second half: does `result` allow `request`?
//   1. the method is listed byte for byte, is CORS-safelisted, or `*` is
//      listed and credentials mode is not "include"
//      (kMethodDisallowedByPreflightResponse);
//   2. unless the profile lets `*` cover it, `Authorization` must be listed
//      by name (kAuthorizationCoveredOnlyByWildcard when a `*` usable here
//      was listed, kHeaderDisallowedByPreflightResponse otherwise);
//   3. every CORS-unsafe name is listed (case-insensitively), or `*` is
//      listed without credentials (kHeaderDisallowedByPreflightResponse).
// `unsafe_names` are the request's CORS-unsafe names (NeedsCorsPreflight()).
Expected<void> CheckPreflightResultAllows(const PreflightResult& result,
                                          const Request& request,
                                          const UnsafeHeaderNames& unsafe_names,
                                          const Profile& profile);

// ValidatePreflightResponse()
//
// Both halves: the result of a preflight that allows `request`.
Expected<PreflightResult> ValidatePreflightResponse(
    const Request& request, std::string_view serialized_origin,
    const UnsafeHeaderNames& unsafe_names, int status,
    HeaderSpan response_headers, const Profile& profile);

// IsOkStatus()
//
// 200 to 299 (#ok-status).
constexpr bool IsOkStatus(int status) { return status >= 200 && status <= 299; }

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_PREFLIGHT_H_
