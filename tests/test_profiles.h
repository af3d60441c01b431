// File: tests/test_profiles.h
//
// Profiles for tests of cache semantics. A fresh Firefox cache drops results
// until one of their keys repeats (Profile::cache_drops_new_keys_until_
// repeat); tests of what the cache keeps use kFirefoxPrimed, which is Firefox
// without that warm-up, and the warm-up has tests of its own.

#ifndef CORSENGINE_TESTS_TEST_PROFILES_H_
#define CORSENGINE_TESTS_TEST_PROFILES_H_

#include "corsengine/profile.h"

namespace corsengine {

inline constexpr Profile kFirefoxPrimed = [] {
  Profile p = kFirefoxProfile;
  p.cache_drops_new_keys_until_repeat = false;
  return p;
}();

}  // namespace corsengine

#endif  // CORSENGINE_TESTS_TEST_PROFILES_H_
