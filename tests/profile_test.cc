// File: tests/profile_test.cc
//
// The profiles' documented settings: docs/PROFILES.md lists the same values.

#include "corsengine/profile.h"

#include "gtest/gtest.h"

namespace corsengine {
namespace {

TEST(Profile, MaxAgeDefaultsAndCaps) {
  for (const Profile* p :
       {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile, &kWebKitProfile}) {
    EXPECT_EQ(p->max_age_default_seconds, 5) << p->name;
  }
  EXPECT_EQ(kChromiumProfile.max_age_cap_seconds, 7200);
  EXPECT_EQ(kFirefoxProfile.max_age_cap_seconds, 86400);
  EXPECT_EQ(kWebKitProfile.max_age_cap_seconds, 600);
}

TEST(Profile, AuthorizationUnderWildcard) {
  EXPECT_FALSE(kSpecProfile.wildcard_covers_authorization);
  EXPECT_TRUE(kChromiumProfile.wildcard_covers_authorization);
  EXPECT_TRUE(kFirefoxProfile.wildcard_covers_authorization);
  EXPECT_TRUE(kWebKitProfile.wildcard_covers_authorization);
}

TEST(Profile, Lookup) {
  EXPECT_EQ(&GetProfile(ProfileId::kSpec), &kSpecProfile);
  EXPECT_EQ(&GetProfile(ProfileId::kWebKit), &kWebKitProfile);
  EXPECT_EQ(FindProfile("chromium"), &kChromiumProfile);
  EXPECT_EQ(FindProfile("firefox")->id, ProfileId::kFirefox);
  EXPECT_EQ(FindProfile("Chromium"), nullptr);
  EXPECT_EQ(FindProfile(""), nullptr);
}

}  // namespace
}  // namespace corsengine
