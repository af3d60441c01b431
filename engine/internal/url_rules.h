// File: engine/internal/url_rules.h
//
// Where a browser's URL serializer departs from the URL Standard, as a
// profile says, applied to each URL the fetch puts on the wire (the
// request's, and each Location's).

#ifndef CORSENGINE_ENGINE_INTERNAL_URL_RULES_H_
#define CORSENGINE_ENGINE_INTERNAL_URL_RULES_H_

#include "corsengine/profile.h"
#include "corsengine/url.h"

namespace corsengine {
namespace internal {

// Rewrites `url` as `profile`'s browser serializes it; leaves it as it is
// (and copies nothing) for the spec profile and wherever no rule applies.
void ApplyProfileUrlRules(const Profile& profile, Url* url);

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_URL_RULES_H_
