// ThreadSanitizer shim for Debian's prebuilt (uninstrumented) Abseil.
//
// Linked into every binary that depends on an @com_google_absl target, but
// only under --config=tsan (see absl.BUILD). libabsl_synchronization.so is not
// built with -fsanitize=thread, so TSan cannot see the happens-before edges
// created by absl::Mutex / CondVar / Notification and reports false races on
// data guarded by them. This file interposes those entry points (definitions
// in the executable win over the shared library's), tells TSan about the
// acquire/release, and forwards to the real implementation via
// dlsym(RTLD_NEXT). Mangled names are those of Abseil 20220623 (inline
// namespace "debian3"); a mismatch aborts at the first call.
//
// Conditions passed to Await/LockWhen are evaluated inside the library while
// it holds the mutex, so they are wrapped to first "acquire" that mutex.
//
// Not covered: absl::BlockingCounter, absl::Barrier, absl::base_internal::*.

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);

namespace {

template <typename Fn>
Fn Real(const char* mangled) {
  void* sym = dlsym(RTLD_NEXT, mangled);
  if (sym == nullptr) {
    std::fprintf(stderr, "absl_tsan_shim: %s not found (Abseil ABI change?)\n",
                 mangled);
    std::abort();
  }
  return reinterpret_cast<Fn>(sym);
}

void Acquire(const void* p) { __tsan_acquire(const_cast<void*>(p)); }
void Release(const void* p) { __tsan_release(const_cast<void*>(p)); }

// Notification's flag (private `std::atomic<bool> notified_yet_`, right after
// its Mutex): HasBeenNotified() is inline, so TSan sees its acquire-load; we
// make Notify() a release on the same address.
const void* NotifiedFlag(const absl::Notification* n) {
  static_assert(sizeof(absl::Notification) == 2 * sizeof(absl::Mutex),
                "unexpected absl::Notification layout");
  return reinterpret_cast<const char*>(n) + sizeof(absl::Mutex);
}

// A Condition that tells TSan "mu is held" before evaluating the original.
// Conditions are only ever evaluated with the mutex held.
class AcquiringCondition {
 public:
  AcquiringCondition(const absl::Condition& cond, absl::Mutex* mu)
      : cond_(&cond), mu_(mu), wrapped_(&AcquiringCondition::Eval, this) {
    Release(this);  // Publish our fields (and *cond) to evaluating threads.
  }
  const absl::Condition& get() const { return wrapped_; }

 private:
  static bool Eval(void* self) {
    Acquire(self);
    auto* c = static_cast<AcquiringCondition*>(self);
    Acquire(c->mu_);
    bool result = c->cond_->Eval();
    // The library may now release mu_ without going through Unlock() (e.g.
    // inside Await), so publish what the condition read.
    Release(c->mu_);
    return result;
  }
  const absl::Condition* cond_;
  absl::Mutex* mu_;
  absl::Condition wrapped_;
};

}  // namespace

#define ABSL_SHIM_REAL(type, mangled) \
  static const auto real = Real<type>(mangled)

namespace absl {
ABSL_NAMESPACE_BEGIN

void Mutex::Lock() {
  ABSL_SHIM_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex4LockEv");
  real(this);
  Acquire(this);
}

void Mutex::ReaderLock() {
  ABSL_SHIM_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex10ReaderLockEv");
  real(this);
  Acquire(this);
}

bool Mutex::TryLock() {
  ABSL_SHIM_REAL(bool (*)(Mutex*), "_ZN4absl7debian35Mutex7TryLockEv");
  bool ok = real(this);
  if (ok) Acquire(this);
  return ok;
}

bool Mutex::ReaderTryLock() {
  ABSL_SHIM_REAL(bool (*)(Mutex*), "_ZN4absl7debian35Mutex13ReaderTryLockEv");
  bool ok = real(this);
  if (ok) Acquire(this);
  return ok;
}

void Mutex::Unlock() {
  ABSL_SHIM_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex6UnlockEv");
  Release(this);
  real(this);
}

void Mutex::ReaderUnlock() {
  ABSL_SHIM_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex12ReaderUnlockEv");
  Release(this);
  real(this);
}

void Mutex::LockWhen(const Condition& c) {
  ABSL_SHIM_REAL(void (*)(Mutex*, const Condition&),
                 "_ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE");
  AcquiringCondition w(c, this);
  real(this, w.get());
  Acquire(this);
}

void Mutex::ReaderLockWhen(const Condition& c) {
  ABSL_SHIM_REAL(void (*)(Mutex*, const Condition&),
                 "_ZN4absl7debian35Mutex14ReaderLockWhenERKNS0_9ConditionE");
  AcquiringCondition w(c, this);
  real(this, w.get());
  Acquire(this);
}

bool Mutex::LockWhenWithTimeout(const Condition& c, Duration t) {
  ABSL_SHIM_REAL(
      bool (*)(Mutex*, const Condition&, Duration),
      "_ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_"
      "8DurationE");
  AcquiringCondition w(c, this);
  bool ok = real(this, w.get(), t);
  Acquire(this);  // The mutex is held on return either way.
  return ok;
}

bool Mutex::ReaderLockWhenWithTimeout(const Condition& c, Duration t) {
  ABSL_SHIM_REAL(
      bool (*)(Mutex*, const Condition&, Duration),
      "_ZN4absl7debian35Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_"
      "8DurationE");
  AcquiringCondition w(c, this);
  bool ok = real(this, w.get(), t);
  Acquire(this);
  return ok;
}

bool Mutex::LockWhenWithDeadline(const Condition& c, Time d) {
  ABSL_SHIM_REAL(
      bool (*)(Mutex*, const Condition&, Time),
      "_ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_"
      "4TimeE");
  AcquiringCondition w(c, this);
  bool ok = real(this, w.get(), d);
  Acquire(this);
  return ok;
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& c, Time d) {
  ABSL_SHIM_REAL(
      bool (*)(Mutex*, const Condition&, Time),
      "_ZN4absl7debian35Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_"
      "4TimeE");
  AcquiringCondition w(c, this);
  bool ok = real(this, w.get(), d);
  Acquire(this);
  return ok;
}

void Mutex::Await(const Condition& c) {
  ABSL_SHIM_REAL(void (*)(Mutex*, const Condition&),
                 "_ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE");
  AcquiringCondition w(c, this);
  Release(this);
  real(this, w.get());
  Acquire(this);
}

bool Mutex::AwaitWithTimeout(const Condition& c, Duration t) {
  ABSL_SHIM_REAL(
      bool (*)(Mutex*, const Condition&, Duration),
      "_ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_"
      "8DurationE");
  AcquiringCondition w(c, this);
  Release(this);
  bool ok = real(this, w.get(), t);
  Acquire(this);
  return ok;
}

bool Mutex::AwaitWithDeadline(const Condition& c, Time d) {
  ABSL_SHIM_REAL(
      bool (*)(Mutex*, const Condition&, Time),
      "_ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  AcquiringCondition w(c, this);
  Release(this);
  bool ok = real(this, w.get(), d);
  Acquire(this);
  return ok;
}

void CondVar::Wait(Mutex* mu) {
  ABSL_SHIM_REAL(void (*)(CondVar*, Mutex*),
                 "_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE");
  Release(mu);
  real(this, mu);
  Acquire(mu);
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration t) {
  ABSL_SHIM_REAL(bool (*)(CondVar*, Mutex*, Duration),
                 "_ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_"
                 "8DurationE");
  Release(mu);
  bool ok = real(this, mu, t);
  Acquire(mu);
  return ok;
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time d) {
  ABSL_SHIM_REAL(
      bool (*)(CondVar*, Mutex*, Time),
      "_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  Release(mu);
  bool ok = real(this, mu, d);
  Acquire(mu);
  return ok;
}

void Notification::Notify() {
  ABSL_SHIM_REAL(void (*)(Notification*),
                 "_ZN4absl7debian312Notification6NotifyEv");
  Release(NotifiedFlag(this));
  real(this);
}

void Notification::WaitForNotification() const {
  ABSL_SHIM_REAL(void (*)(const Notification*),
                 "_ZNK4absl7debian312Notification19WaitForNotificationEv");
  real(this);
  Acquire(NotifiedFlag(this));
}

bool Notification::WaitForNotificationWithTimeout(Duration t) const {
  ABSL_SHIM_REAL(
      bool (*)(const Notification*, Duration),
      "_ZNK4absl7debian312Notification30WaitForNotificationWithTimeout"
      "ENS0_8DurationE");
  bool ok = real(this, t);
  if (ok) Acquire(NotifiedFlag(this));
  return ok;
}

bool Notification::WaitForNotificationWithDeadline(Time d) const {
  ABSL_SHIM_REAL(
      bool (*)(const Notification*, Time),
      "_ZNK4absl7debian312Notification31WaitForNotificationWithDeadline"
      "ENS0_4TimeE");
  bool ok = real(this, d);
  if (ok) Acquire(NotifiedFlag(this));
  return ok;
}

ABSL_NAMESPACE_END
}  // namespace absl

namespace {

// Debian builds Abseil without NDEBUG, so absl::Mutex runs its deadlock
// detector on every Lock(): a global lock graph guarded by an Abseil-internal
// spin lock that this shim does not cover, so TSan reports races inside
// GraphCycles between any two threads taking mutexes. TSan checks lock order
// itself; the detector is turned off before main() in TSan builds only.
const bool kDeadlockDetectorOff = [] {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return true;
}();

}  // namespace
