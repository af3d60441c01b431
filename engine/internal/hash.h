// File: engine/internal/hash.h
//
// A seeded 64-bit hash of byte strings for the preflight cache's keys. The
// cache hashes an origin and a URL on every lookup, and absl::Hash of a
// tuple of three strings cost a third of a hit (three length-prefixed
// combines, two out-of-line calls); this one reads each string as 16-byte
// pairs folded by 64x64->128-bit multiplies, in three independent lanes for
// long strings, inline. The seed is per process (an address, so it changes
// with ASLR), which keeps a page from predicting which of its URLs collide.

#ifndef CORSENGINE_ENGINE_INTERNAL_HASH_H_
#define CORSENGINE_ENGINE_INTERNAL_HASH_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/base/attributes.h"
#include "engine/internal/ascii.h"

namespace corsengine {
namespace internal {
namespace hash_detail {

// Odd 64-bit constants with about half their bits set (from the binary
// expansions of pi and e); any such constants serve.
constexpr uint64_t kK0 = 0x243F6A8885A308D3ull;
constexpr uint64_t kK1 = 0x13198A2E03707345ull;
constexpr uint64_t kK2 = 0xA4093822299F31D1ull;
constexpr uint64_t kK3 = 0xB7E151628AED2A6Bull;
constexpr uint64_t kK4 = 0x9E3779B97F4A7C15ull;

// The 128-bit product of a and b, its halves xor-ed, from 32-bit halves:
// for compilers without a 128-bit type (and tested against Fold).
inline uint64_t FoldPortable(uint64_t a, uint64_t b) {
  const uint64_t a_lo = a & 0xFFFFFFFFu;
  const uint64_t a_hi = a >> 32;
  const uint64_t b_lo = b & 0xFFFFFFFFu;
  const uint64_t b_hi = b >> 32;
  const uint64_t lo_lo = a_lo * b_lo;
  const uint64_t hi_lo = a_hi * b_lo;
  const uint64_t lo_hi = a_lo * b_hi;
  const uint64_t hi_hi = a_hi * b_hi;
  const uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFu) + lo_hi;
  const uint64_t high = hi_hi + (hi_lo >> 32) + (cross >> 32);
  const uint64_t low = (cross << 32) | (lo_lo & 0xFFFFFFFFu);
  return low ^ high;
}

// The 128-bit product of a and b, its halves xor-ed.
inline uint64_t Fold(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__)
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
#else
  return FoldPortable(a, b);
#endif
}

}  // namespace hash_detail

// A per-process seed: the address of a static, mixed.
inline uint64_t ProcessHashSeed() {
  static const uint64_t seed = hash_detail::Fold(
      reinterpret_cast<uintptr_t>(&seed) ^ hash_detail::kK4, hash_detail::kK3);
  return seed;
}

// The hash of n bytes at p. Every byte is read (the tails by overlapping
// loads) and the length is folded in, so strings that differ anywhere or in
// length differ in their input to the final fold.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline uint64_t HashBytes(const char* p, size_t n,
                                                    uint64_t seed) {
  using hash_detail::Fold;
  using hash_detail::kK0;
  using hash_detail::kK1;
  using hash_detail::kK2;
  // The seed goes into both sides of every multiply, so no input chosen
  // without knowing it can zero one side and erase the other.
  const uint64_t k0 = kK0 ^ seed;
  const uint64_t k1 = kK1 ^ seed;
  const uint64_t k2 = kK2 ^ seed;
  uint64_t a;
  uint64_t b;
  if (n <= 16) {
    if (n >= 8) {
      a = swar::Load8(p);
      b = swar::Load8(p + n - 8);
    } else {
      a = swar::LoadShort(p, n);
      b = 0;
    }
  } else {
    size_t i = 0;
    if (n > 48) {
      uint64_t s1 = seed;
      uint64_t s2 = seed;
      for (; i + 48 < n; i += 48) {
        seed = Fold(swar::Load8(p + i) ^ k0, swar::Load8(p + i + 8) ^ seed);
        s1 = Fold(swar::Load8(p + i + 16) ^ k1, swar::Load8(p + i + 24) ^ s1);
        s2 = Fold(swar::Load8(p + i + 32) ^ k2, swar::Load8(p + i + 40) ^ s2);
      }
      seed ^= s1 ^ s2;
    }
    for (; i + 16 < n; i += 16) {
      seed = Fold(swar::Load8(p + i) ^ k0, swar::Load8(p + i + 8) ^ seed);
    }
    a = swar::Load8(p + n - 16);
    b = swar::Load8(p + n - 8);
  }
  return Fold(k1 ^ n, Fold(a ^ k2, b ^ seed));
}

ABSL_ATTRIBUTE_ALWAYS_INLINE inline uint64_t HashBytes(std::string_view s,
                                                    uint64_t seed) {
  return HashBytes(s.data(), s.size(), seed);
}

}  // namespace internal
}  // namespace corsengine

#endif  // CORSENGINE_ENGINE_INTERNAL_HASH_H_
