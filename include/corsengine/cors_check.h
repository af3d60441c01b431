// File: include/corsengine/cors_check.h
//
// The CORS check (https://fetch.spec.whatwg.org/#concept-cors-check): may
// the requesting origin read this response? It runs on every response of a
// request whose tainting is "cors": the preflight response, each redirect
// and the final response. It reads only Access-Control-Allow-Origin and
// Access-Control-Allow-Credentials and never allocates on success.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_CORS_CHECK_H_
#define CORSENGINE_INCLUDE_CORSENGINE_CORS_CHECK_H_

#include <cstdint>
#include <string_view>

#include "corsengine/error.h"
#include "corsengine/header_list.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"

namespace corsengine {

inline constexpr std::string_view kAccessControlAllowOrigin =
    "Access-Control-Allow-Origin";
inline constexpr std::string_view kAccessControlAllowCredentials =
    "Access-Control-Allow-Credentials";

// Which response is checked; a failed preflight reports the kPreflight*
// twin of each error kind.
enum class CheckedResponse : uint8_t { kActual, kPreflight };

// CheckCorsAccess()
//
// `serialized_origin` is the byte-serialized request origin: the origin's
// serialization, or "null" when the origin is opaque or the request was
// tainted by a redirect. In order:
//   1. exactly one Allow-Origin value ("get" combines repeated headers with
//      ", ", which then matches nothing);
//   2. `*` passes unless credentials mode is "include";
//   3. otherwise the value must equal `serialized_origin` byte for byte;
//   4. with credentials mode "include", Allow-Credentials must be exactly
//      `true` (case-sensitive).
Expected<void> CheckCorsAccess(HeaderSpan response_headers,
                               std::string_view serialized_origin,
                               CredentialsMode credentials,
                               CheckedResponse which = CheckedResponse::kActual,
                               const Profile& profile = kSpecProfile);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_CORS_CHECK_H_
