// File: include/corsengine/request_headers.h
//
// The Fetch Standard's classes of request and response header names and
// values (https://fetch.spec.whatwg.org/#terminology-headers): which headers
// script may not set, which it may set without a preflight, and which names
// go into `Access-Control-Request-Headers`. Names compare
// byte-case-insensitively; none of these functions allocates.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_REQUEST_HEADERS_H_
#define CORSENGINE_INCLUDE_CORSENGINE_REQUEST_HEADERS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "corsengine/header_list.h"
#include "corsengine/profile.h"

namespace corsengine {

// The longest value a CORS-safelisted request-header may have.
inline constexpr size_t kMaxSafelistedValueLength = 128;

// IsForbiddenRequestHeader()
//
// #forbidden-request-header: the fixed names (`Accept-Charset` ...`Via`),
// any name starting `Proxy-` or `Sec-`, and `X-HTTP-Method`,
// `X-HTTP-Method-Override` or `X-Method-Override` when one of the
// comma-separated methods in `value` is a forbidden method.
bool IsForbiddenRequestHeader(std::string_view name, std::string_view value);

// IsForbiddenResponseHeaderName()
//
// `Set-Cookie` and `Set-Cookie2` (#forbidden-response-header-name).
bool IsForbiddenResponseHeaderName(std::string_view name);

// IsCorsSafelistedRequestHeader()
//
// #cors-safelisted-request-header: the 128-byte limit, then the per-name
// value rule for `Accept`, `Accept-Language`, `Content-Language`,
// `Content-Type` (by MIME essence) and `Range` (one `bytes=` range with a
// start), plus the profile's extra safelisted names.
bool IsCorsSafelistedRequestHeader(std::string_view name,
                                   std::string_view value,
                                   const Profile& profile = kSpecProfile);

// IsNoCorsSafelistedRequestHeaderName() / IsNoCorsSafelistedRequestHeader()
//
// `Accept`, `Accept-Language`, `Content-Language`, `Content-Type`; the
// header form also requires a CORS-safelisted value.
bool IsNoCorsSafelistedRequestHeaderName(std::string_view name);
bool IsNoCorsSafelistedRequestHeader(std::string_view name,
                                     std::string_view value,
                                     const Profile& profile = kSpecProfile);

// IsPrivilegedNoCorsRequestHeaderName()
//
// `Range`: removed from no-cors requests made by script.
bool IsPrivilegedNoCorsRequestHeaderName(std::string_view name);

// IsCorsNonWildcardRequestHeaderName()
//
// `Authorization`: never covered by `Access-Control-Allow-Headers: *` in the
// Standard.
bool IsCorsNonWildcardRequestHeaderName(std::string_view name);

// IsCorsSafelistedResponseHeaderName()
//
// The names script reads from any CORS response without them being exposed:
// Cache-Control, Content-Language, Content-Length, Content-Type, Expires,
// Last-Modified, Pragma (#cors-safelisted-response-header-name).
bool IsCorsSafelistedResponseHeaderName(std::string_view name);

// UnsafeHeaderNames
//
// The CORS-unsafe request-header names of a header list, sorted by their
// byte-lowercase form and (when the profile deduplicates) unique
// case-insensitively. The views point at the header names as given, in
// their original case; compare them case-insensitively, or serialize them
// with AppendAccessControlRequestHeaders(), which lowercases.
using UnsafeHeaderNames = absl::InlinedVector<std::string_view, 8>;

// CorsUnsafeRequestHeaderNames()
//
// #cors-unsafe-request-header-names over `headers`. `out` views `headers`.
void CorsUnsafeRequestHeaderNames(absl::Span<const Header> headers,
                                  const Profile& profile,
                                  UnsafeHeaderNames* out);

// AppendAccessControlRequestHeaders()
//
// The value of `Access-Control-Request-Headers`: the names lowercased and
// joined with "," and no space (#cors-preflight-fetch, "This intentionally
// does not use combine").
void AppendAccessControlRequestHeaders(const UnsafeHeaderNames& names,
                                       std::string* out);

// IsSimpleRangeHeaderValue()
//
// #simple-range-header-value with allowWhitespace false, and a non-null
// start: `bytes=N-` or `bytes=N-M` with N <= M. The profile decides whether
// the unit may be `BYTES` and whether numbers must fit in an int64.
bool IsSimpleRangeHeaderValue(std::string_view value,
                              const Profile& profile = kSpecProfile);

// ParseMimeTypeEssence()
//
// The MIME Sniffing Standard's "parse a MIME type"
// (https://mimesniff.spec.whatwg.org/#parse-a-mime-type) reduced to what
// CORS needs: its type and subtype, as written (compare them
// case-insensitively), or nullopt on failure. Parameters never make the
// parse fail, so they are not examined. Views `input`.
struct MimeTypeEssence {
  std::string_view type;
  std::string_view subtype;
};
std::optional<MimeTypeEssence> ParseMimeTypeEssence(std::string_view input);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_REQUEST_HEADERS_H_
