// File: engine/internal/strings.cc

#include "engine/internal/strings.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace corsengine {
namespace internal {

std::string Printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // The cap is on what is written: an escaped byte takes four.
  std::string out;
  out.reserve(std::min(s.size(), kMaxQuotedLength) + 3);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const size_t need = (c >= 0x20 && c <= 0x7E) ? 1 : 4;
    if (out.size() + need > kMaxQuotedLength) {
      out.append("...");
      return out;
    }
    if (need == 1) {
      out.push_back(ch);
    } else {
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string Truncate(std::string_view s) {
  return std::string(s.substr(0, kMaxQuotedLength));
}

}  // namespace internal
}  // namespace corsengine
