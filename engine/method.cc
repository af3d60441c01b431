// File: engine/method.cc

#include "corsengine/method.h"

#include <string_view>

#include "engine/internal/ascii.h"

namespace corsengine {

bool IsValidMethod(std::string_view method) {
  return internal::IsToken(method);
}

bool IsCorsSafelistedMethod(std::string_view method) {
  return method == kMethodGet || method == kMethodHead ||
         method == kMethodPost;
}

bool IsForbiddenMethod(std::string_view method) {
  using internal::EqualsIgnoreCase;
  return EqualsIgnoreCase(method, "CONNECT") ||
         EqualsIgnoreCase(method, "TRACE") || EqualsIgnoreCase(method, "TRACK");
}

std::string_view NormalizeMethod(std::string_view method) {
  // Dispatch on length: each length has at most two candidates.
  using internal::EqualsIgnoreCase;
  switch (method.size()) {
    case 3:
      if (EqualsIgnoreCase(method, kMethodGet)) return kMethodGet;
      if (EqualsIgnoreCase(method, kMethodPut)) return kMethodPut;
      break;
    case 4:
      if (EqualsIgnoreCase(method, kMethodHead)) return kMethodHead;
      if (EqualsIgnoreCase(method, kMethodPost)) return kMethodPost;
      break;
    case 6:
      if (EqualsIgnoreCase(method, kMethodDelete)) return kMethodDelete;
      break;
    case 7:
      if (EqualsIgnoreCase(method, kMethodOptions)) return kMethodOptions;
      break;
    default:
      break;
  }
  return method;
}

}  // namespace corsengine
