// File: engine/internal/strings.h
//
// Helpers for building error messages from hostile bytes: a console line must
// stay one line and bounded, whatever a server sent.

#ifndef CORSENGINE_ENGINE_INTERNAL_STRINGS_H_
#define CORSENGINE_ENGINE_INTERNAL_STRINGS_H_

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace corsengine {
namespace internal {

// The longest value quoted in a message or kept as a failed parameter.
inline constexpr size_t kMaxQuotedLength = 256;

// Lists of names (a request's headers, a preflight's allowed names, exposed
// names) up to this long are searched by scanning; longer ones through a
// hash set built once, so that a host's or a server's long list costs its
// length, not its length times another's. (Against a few names, scanning
// even a long list costs less than building the set.)
inline constexpr size_t kScannedNames = 16;

// Printable()
//
// `s` with every byte outside 0x20-0x7E written as \xHH, so the result is one
// printable line, cut to at most kMaxQuotedLength bytes of output (then
// "..." follows).
std::string Printable(std::string_view s);

// Truncate()
//
// `s` cut to kMaxQuotedLength bytes, otherwise unchanged.
std::string Truncate(std::string_view s);

// StrCat() / StrAppend()
//
// absl::StrCat for std::string_view: Debian's Abseil 20220623 keeps its own
// absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW is 0), so absl::StrCat
// does not take std::string_view. Pieces are string-likes and integers.
namespace strcat_internal {
inline void Append(std::string* out, std::string_view s) { out->append(s); }
inline void Append(std::string* out, const char* s) { out->append(s); }
inline void Append(std::string* out, const std::string& s) { out->append(s); }
template <typename Int,
          typename = std::enable_if_t<std::is_integral_v<Int> &&
                                      !std::is_same_v<Int, char> &&
                                      !std::is_same_v<Int, bool>>>
void Append(std::string* out, Int v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  (void)ec;
  out->append(buf, end);
}
// A bound on what Append() adds, so that StrCat() allocates once.
inline size_t Size(std::string_view s) { return s.size(); }
inline size_t Size(const char* s) { return std::char_traits<char>::length(s); }
inline size_t Size(const std::string& s) { return s.size(); }
template <typename Int,
          typename = std::enable_if_t<std::is_integral_v<Int> &&
                                      !std::is_same_v<Int, char> &&
                                      !std::is_same_v<Int, bool>>>
constexpr size_t Size(Int) {
  return 24;
}
}  // namespace strcat_internal

template <typename... Pieces>
void StrAppend(std::string* out, const Pieces&... pieces) {
  (strcat_internal::Append(out, pieces), ...);
}

// Sized once: a message grew through two or three allocations before.
template <typename... Pieces>
std::string StrCat(const Pieces&... pieces) {
  std::string out;
  out.reserve((strcat_internal::Size(pieces) + ... + size_t{0}));
  StrAppend(&out, pieces...);
  return out;
}

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_STRINGS_H_
