// File: include/corsengine/response_filter.h
//
// What script sees of a response (https://fetch.spec.whatwg.org/#concept-
// filtered-response): its type, and which of its headers it may read. A
// basic response shows everything but Set-Cookie; a CORS response shows the
// CORS-safelisted response-header names plus those the server exposed with
// Access-Control-Expose-Headers; opaque responses show nothing.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_RESPONSE_FILTER_H_
#define CORSENGINE_INCLUDE_CORSENGINE_RESPONSE_FILTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "corsengine/header_list.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"

namespace corsengine {

inline constexpr std::string_view kAccessControlExposeHeaders =
    "Access-Control-Expose-Headers";

// #concept-request-response-tainting
enum class ResponseTainting : uint8_t { kBasic, kCors, kOpaque };

// #concept-response-type, as script sees it.
enum class ResponseType : uint8_t {
  kBasic,
  kCors,
  kOpaque,
  kOpaqueRedirect,
  kError,
};
std::string_view ToString(ResponseType type);

// Indices into a response's header span, in order.
using ReadableHeaderIndices = absl::InlinedVector<uint32_t, 16>;

// ComputeReadableHeaders()
//
// The entries of `headers` script may read for a response of `type`
// (#concept-filtered-response-basic, -cors, -opaque). For kCors, the
// exposed names come from "extract header list values" of
// Access-Control-Expose-Headers: one invalid token voids the whole list, and
// `*` exposes every header only when credentials mode is not "include".
// Never allocates for up to 16 readable headers.
void ComputeReadableHeaders(HeaderSpan headers, ResponseType type,
                            CredentialsMode credentials,
                            ReadableHeaderIndices* out,
                            const Profile& profile = kSpecProfile);

// ReadableHeaderNames()
//
// The sorted, byte-lowercased, unique names of the readable entries.
std::vector<std::string> ReadableHeaderNames(
    HeaderSpan headers, const ReadableHeaderIndices& readable);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_RESPONSE_FILTER_H_
