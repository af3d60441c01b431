// File: engine/internal/strings.cc

#include "engine/internal/strings.h"

#include <string>
#include <string_view>

namespace corsengine {
namespace internal {

std::string Printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const bool cut = s.size() > kMaxQuotedLength;
  if (cut) s = s.substr(0, kMaxQuotedLength);
  std::string out;
  out.reserve(s.size() + 3);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c <= 0x7E) {
      out.push_back(ch);
    } else {
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  if (cut) out.append("...");
  return out;
}

std::string Truncate(std::string_view s) {
  return std::string(s.substr(0, kMaxQuotedLength));
}

}  // namespace internal
}  // namespace corsengine
