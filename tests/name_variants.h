// File: tests/name_variants.h
//
// Header names for tests of name lookups that compare words, not bytes:
// a name of any length and the names closest to it that must not match.

#ifndef CORSENGINE_TESTS_NAME_VARIANTS_H_
#define CORSENGINE_TESTS_NAME_VARIANTS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace corsengine {
namespace testing_names {

struct NameVariants {
  // `length` bytes of a token: letters, with '^', '~', '-', '_' and digits
  // among them, the pattern cycling.
  std::string lower;
  std::string upper;  // the same with its letters in uppercase
  // None may match `lower` in any case: one byte longer, one shorter, and
  // at each position one byte changed: a letter to the next letter, to
  // '-', and to itself with bit 0x80 set; any other byte to itself with
  // bit 0x20 flipped ('^' and '~', '-' and CR: a fold that is not only of
  // letters meets them) and to 'x'.
  std::vector<std::string> near_misses;
};

inline NameVariants MakeNameVariants(size_t length) {
  static constexpr char kCycle[] = "abcdefg^hijklm~nopqrs-tuvwxyz_0123456789";
  NameVariants v;
  for (size_t i = 0; i < length; ++i) {
    v.lower += kCycle[i % (sizeof(kCycle) - 1)];
  }
  v.upper = v.lower;
  for (char& c : v.upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  v.near_misses.push_back(v.lower + "a");
  v.near_misses.push_back(v.lower.substr(1));
  for (size_t i = 0; i < length; ++i) {
    const char c = v.lower[i];
    const bool letter = c >= 'a' && c <= 'z';
    const char changes[3] = {
        letter ? (c == 'z' ? 'y' : static_cast<char>(c + 1))
               : static_cast<char>(c ^ 0x20),
        letter ? '-' : 'x',
        letter ? static_cast<char>(c | 0x80) : static_cast<char>(c ^ 0x20)};
    for (char changed : changes) {
      std::string off = v.lower;
      off[i] = changed;
      v.near_misses.push_back(off);
    }
  }
  return v;
}

}  // namespace testing_names
}  // namespace corsengine

#endif  // CORSENGINE_TESTS_NAME_VARIANTS_H_
