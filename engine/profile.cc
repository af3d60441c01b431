// File: engine/profile.cc

#include "corsengine/profile.h"

#include <string_view>

namespace corsengine {

const Profile& GetProfile(ProfileId id) {
  switch (id) {
    case ProfileId::kSpec:
      return kSpecProfile;
    case ProfileId::kChromium:
      return kChromiumProfile;
    case ProfileId::kFirefox:
      return kFirefoxProfile;
    case ProfileId::kWebKit:
      return kWebKitProfile;
  }
  return kSpecProfile;
}

const Profile* FindProfile(std::string_view name) {
  for (const Profile* p :
       {&kSpecProfile, &kChromiumProfile, &kFirefoxProfile, &kWebKitProfile}) {
    if (p->name == name) return p;
  }
  return nullptr;
}

}  // namespace corsengine
