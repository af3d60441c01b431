// File: tests/test_profiles.h
//
// Profiles for tests of cache semantics. Firefox's cache drops the first
// result a fresh cache is given (Profile::cache_drops_first_store); tests of
// what the cache keeps use kFirefoxPrimed, which is Firefox without that
// quirk, and the quirk has tests of its own.

#ifndef CORSENGINE_TESTS_TEST_PROFILES_H_
#define CORSENGINE_TESTS_TEST_PROFILES_H_

#include "corsengine/profile.h"

namespace corsengine {

inline constexpr Profile kFirefoxPrimed = [] {
  Profile p = kFirefoxProfile;
  p.cache_drops_first_store = false;
  return p;
}();

}  // namespace corsengine

#endif  // CORSENGINE_TESTS_TEST_PROFILES_H_
