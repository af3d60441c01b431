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
  std::string lower;  // "abc...", `length` bytes, the alphabet cycling
  std::string upper;  // the same in uppercase
  // One byte longer, one shorter, and at each position that byte changed
  // to the next letter and to '-': none may match `lower` in any case.
  std::vector<std::string> near_misses;
};

inline NameVariants MakeNameVariants(size_t length) {
  NameVariants v;
  for (size_t i = 0; i < length; ++i) {
    v.lower += static_cast<char>('a' + i % 26);
  }
  v.upper = v.lower;
  for (char& c : v.upper) c = static_cast<char>(c - 'a' + 'A');
  v.near_misses.push_back(v.lower + "a");
  v.near_misses.push_back(v.lower.substr(1));
  for (size_t i = 0; i < length; ++i) {
    std::string off = v.lower;
    off[i] = off[i] == 'z' ? 'y' : static_cast<char>(off[i] + 1);
    v.near_misses.push_back(off);
    off[i] = '-';
    v.near_misses.push_back(off);
  }
  return v;
}

}  // namespace testing_names
}  // namespace corsengine

#endif  // CORSENGINE_TESTS_NAME_VARIANTS_H_
