// File: include/corsengine/corsengine.h
//
// The whole public API of corsengine. Include the concept headers directly
// when only one is needed.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_CORSENGINE_H_
#define CORSENGINE_INCLUDE_CORSENGINE_CORSENGINE_H_

#include "corsengine/cors_check.h"       // IWYU pragma: export
#include "corsengine/error.h"            // IWYU pragma: export
#include "corsengine/fetch.h"            // IWYU pragma: export
#include "corsengine/header_list.h"      // IWYU pragma: export
#include "corsengine/method.h"           // IWYU pragma: export
#include "corsengine/origin.h"           // IWYU pragma: export
#include "corsengine/preflight.h"        // IWYU pragma: export
#include "corsengine/preflight_cache.h"  // IWYU pragma: export
#include "corsengine/profile.h"          // IWYU pragma: export
#include "corsengine/request.h"          // IWYU pragma: export
#include "corsengine/request_headers.h"  // IWYU pragma: export
#include "corsengine/response_filter.h"  // IWYU pragma: export
#include "corsengine/url.h"              // IWYU pragma: export

#endif  // CORSENGINE_INCLUDE_CORSENGINE_CORSENGINE_H_
