// File: bench/alloc_counter.h
//
// Counts heap allocations: alloc_counter.cc replaces the global operator new
// for any binary that links it. Kept in its own translation unit so the
// compiler never sees a replaced new paired with a delete it can inline.

#ifndef CORSENGINE_BENCH_ALLOC_COUNTER_H_
#define CORSENGINE_BENCH_ALLOC_COUNTER_H_

#include <cstdint>

namespace bench {

// Allocations made by operator new (all forms) since the process started.
uint64_t AllocationCount();

}  // namespace bench

#endif  // CORSENGINE_BENCH_ALLOC_COUNTER_H_
