// File: engine/internal/preflight.h
//
// ParsePreflightResponse() without its CORS check, for the fetch flow's
// profiles that do not CORS-check some preflights (Profile::
// preflight_to_request_origin_skips_cors_check).

#ifndef CORSENGINE_ENGINE_INTERNAL_PREFLIGHT_H_
#define CORSENGINE_ENGINE_INTERNAL_PREFLIGHT_H_

#include "corsengine/preflight.h"

namespace corsengine {
namespace internal {

// The status check, then Allow-Methods, Allow-Headers and Max-Age parsed
// into a result, as ParsePreflightResponse() does after its CORS check.
Expected<PreflightResult> ParsePreflightLists(const Request& request,
                                              int status,
                                              HeaderSpan response_headers,
                                              const Profile& profile);

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_PREFLIGHT_H_
