// File: engine/internal/header_lists.h
//
// ExtractHeaderListValues() for a name the caller has already lowercased:
// each header's name is then folded alone (EqualsLowercase) instead of both
// sides, on paths that look up the same Access-Control-* name per response.

#ifndef CORSENGINE_ENGINE_INTERNAL_HEADER_LISTS_H_
#define CORSENGINE_ENGINE_INTERNAL_HEADER_LISTS_H_

#include <string_view>

#include "corsengine/header_list.h"

namespace corsengine {
namespace internal {

// `lower_name` must be lowercase.
void ExtractHeaderListValuesLowercase(HeaderSpan headers,
                                      std::string_view lower_name,
                                      HeaderListValues* out);

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_HEADER_LISTS_H_
