// File: include/corsengine/method.h
//
// Request methods (https://fetch.spec.whatwg.org/#methods). Methods are
// case-sensitive byte sequences; fetch() uppercases only the six names below
// when they match case-insensitively, so "patch" goes out as "patch" and is
// not covered by `Access-Control-Allow-Methods: PATCH`.

#ifndef CORSENGINE_INCLUDE_CORSENGINE_METHOD_H_
#define CORSENGINE_INCLUDE_CORSENGINE_METHOD_H_

#include <string>
#include <string_view>

namespace corsengine {

inline constexpr std::string_view kMethodDelete = "DELETE";
inline constexpr std::string_view kMethodGet = "GET";
inline constexpr std::string_view kMethodHead = "HEAD";
inline constexpr std::string_view kMethodOptions = "OPTIONS";
inline constexpr std::string_view kMethodPost = "POST";
inline constexpr std::string_view kMethodPut = "PUT";

// IsValidMethod()
//
// A method is an RFC 9110 token (https://fetch.spec.whatwg.org/#concept-method).
bool IsValidMethod(std::string_view method);

// IsCorsSafelistedMethod()
//
// Exactly `GET`, `HEAD` or `POST` (#cors-safelisted-method); case-sensitive,
// so call it on a normalized method.
bool IsCorsSafelistedMethod(std::string_view method);

// IsForbiddenMethod()
//
// `CONNECT`, `TRACE` or `TRACK`, byte-case-insensitive (#forbidden-method).
bool IsForbiddenMethod(std::string_view method);

// NormalizeMethod()
//
// #concept-method-normalize. Returns a view of a static uppercase literal for
// the six normalized names and `method` itself otherwise, so it never
// allocates; the result lives as long as `method`.
std::string_view NormalizeMethod(std::string_view method);

}  // namespace corsengine

#endif  // CORSENGINE_INCLUDE_CORSENGINE_METHOD_H_
