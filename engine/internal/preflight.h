// File: engine/internal/preflight.h
//
// ParsePreflightResponse() without its CORS check, for the fetch flow's
// profiles that do not CORS-check some preflights (Profile::
// preflight_to_request_origin_skips_cors_check); and the size past which
// checking request header names against allowed ones goes through a set.

#ifndef CORSENGINE_ENGINE_INTERNAL_PREFLIGHT_H_
#define CORSENGINE_ENGINE_INTERNAL_PREFLIGHT_H_

#include "corsengine/preflight.h"

#include <cstddef>

namespace corsengine {
namespace internal {

// A request's unsafe names are checked against the names a preflight
// allowed (a result, or a cache entry) one by one; when both lists are
// longer than this, through a set of the allowed ones, so that a host's
// long list against a server's long one costs their sum, not their product.
// (For a few request names, scanning even a long list costs less than
// building the set.)
inline constexpr size_t kScannedNames = 16;

// The status check, then Allow-Methods, Allow-Headers and Max-Age parsed
// into a result, as ParsePreflightResponse() does after its CORS check.
Expected<PreflightResult> ParsePreflightLists(const Request& request,
                                              int status,
                                              HeaderSpan response_headers,
                                              const Profile& profile);

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_PREFLIGHT_H_
