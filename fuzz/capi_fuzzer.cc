// File: fuzz/capi_fuzzer.cc
//
// The C API (corsengine_c.h) as a host in C drives it, and misdrives it:
// up to four fetches on one engine and its preflight cache, each call on
// any of them in any order (start, a response, a network error, resume,
// free, a new fetch in its place), identical preflights coalesced, the
// engine's cache cleared and its clock moved between calls.
//
// Input layout (FuzzedDataProvider; integral bytes from the end, strings
// from the front, see fuzz_util.h):
//   profile [0, 3]; cache entries [0, 8] (0: the profile's bound);
//   coalescing (low bit); an allow pattern from http://127.0.0.1:8001 to
//   127.0.0.1:8003 (low bit); then up to kMaxCalls calls, each a byte
//   [0, 8] for the call and a byte [0, 3] for the slot:
//     0 new fetch (the slot's old one freed): origin, URL and method by
//       PickOrConsume (kOrigins, kUrls, kMethods), then mode [0, 4],
//       credentials [0, 3], redirect [0, 3] and cache [0, 6] as C ints
//       (the last value of each is out of range, to be refused),
//       use-CORS-preflight (low bit), up to 3 headers (ConsumeHeaders'
//       tables);
//     1 start; 2 a response: status [0, 11] into kStatuses, up to 6
//       headers from kResponseHeaders; 3 a network error; 4 resume;
//     5 free; 6 clear the cache; 7 the clock moves on by [0, 255] s;
//     8 a response with ConsumeHeaders()' headers.
//   Then every live fetch is driven to its end: each pending request gets
//   a 200 with no headers, each waiting fetch is resumed.
//
// Invariants:
//   * every call on a fetch returns an action whose strings are
//     NUL-terminated and whose arrays hold what their counts say (ASan
//     reads each byte); error_parameter is error_parameter_size bytes,
//     then NUL; the message and the reason are one line;
//   * corsengine_fetch_done() is 1 exactly after DELIVER or FAIL, and a
//     done fetch answers every further call with FAIL "UnexpectedCall";
//   * flights: a fetch that sent a preflight with wait_id W reports
//     finished_flight W by the time it is done; no fetch is told to wait
//     on a flight whose leader is done or freed;
//   * at the end every fetch finishes within a bounded number of calls
//     (no fetch waits forever).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "corsengine/corsengine_c.h"
#include "corsengine/header_list.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "fuzz/fuzz_util.h"

// FUZZ_TRACE of a stream expression, built only while tracing.
#define CAPI_TRACE(message)                            \
  do {                                                 \
    if (::corsengine_fuzz::Tracing()) {                \
      std::ostringstream capi_trace_stream_;           \
      capi_trace_stream_ << message;                   \
      ::corsengine_fuzz::Trace(capi_trace_stream_.str()); \
    }                                                  \
  } while (false)

namespace {

using corsengine_fuzz::Quote;

constexpr size_t kSlots = 4;
constexpr size_t kMaxCalls = 64;
constexpr int64_t kSecond = 1000000000;

constexpr int kStatuses[] = {200, 204, 301, 302, 303, 307,
                             308, 403, 500, 0,   101, 999};

// Response headers that make preflights pass and fail, cache, redirect
// among the fetches' URLs, and expose.
constexpr std::string_view kResponseHeaders[][2] = {
    {"Access-Control-Allow-Origin", "http://127.0.0.1:8001"},
    {"Access-Control-Allow-Origin", "*"},
    {"Access-Control-Allow-Origin", "null"},
    {"Access-Control-Allow-Credentials", "true"},
    {"Access-Control-Allow-Methods", "PUT, DELETE, *"},
    {"Access-Control-Allow-Headers", "x-a, content-type, *"},
    {"Access-Control-Max-Age", "600"},
    {"Access-Control-Max-Age", "0"},
    {"Location", "http://127.0.0.1:8002/r/x"},
    {"Location", "http://127.0.0.1:8003/r/x?y=1"},
    {"Location", "/r/same-origin"},
    {"Access-Control-Expose-Headers", "*"},
    {"X-A", "1"},
};

struct Slot {
  corsengine_fetch* fetch = nullptr;
  int last = -1;  // the last action's kind; -1 before the first
  bool done = false;
  uint64_t leads = 0;       // the flight this fetch sent a preflight for
  bool lead_reported = true;
};

struct State {
  corsengine_engine* engine = nullptr;
  Slot slots[kSlots];
  int64_t now = 1700000000 * kSecond;
  // Flights whose leader is done or freed: no fetch may wait on them.
  std::map<uint64_t, bool> dead_flights;
};

void ReadBytes(const char* p, size_t n) {
  // Reading each byte lets ASan see an array shorter than its count.
  volatile char sink = 0;
  for (size_t i = 0; i < n; ++i) sink = sink ^ p[i];
  (void)sink;
}

void CheckString(const char* s, const char* what) {
  FUZZ_CHECK(s != nullptr, what << " is NULL");
  ReadBytes(s, std::strlen(s) + 1);
}

void CheckOneLine(const char* s, const char* what) {
  CheckString(s, what);
  FUZZ_CHECK(std::strchr(s, '\n') == nullptr && std::strchr(s, '\r') == nullptr,
             what << " is more than one line: " << Quote(s));
}

void CheckHeaders(const corsengine_header* h, size_t count, const char* what) {
  FUZZ_CHECK(count == 0 || h != nullptr, what << ": " << count << " but NULL");
  for (size_t i = 0; i < count; ++i) {
    FUZZ_CHECK(h[i].name != nullptr && h[i].value != nullptr,
               what << " " << i << " has a NULL name or value");
    ReadBytes(h[i].name, h[i].name_len);
    ReadBytes(h[i].value, h[i].value_len);
  }
}

// The checks every action passes, and the flight bookkeeping.
void CheckAction(State& st, Slot& slot, const corsengine_action* a) {
  FUZZ_CHECK(a != nullptr, "NULL action for a live fetch");
  FUZZ_CHECK(a->kind >= CORSENGINE_ACTION_SEND_PREFLIGHT &&
                 a->kind <= CORSENGINE_ACTION_FAIL,
             "action kind " << a->kind);
  CheckOneLine(a->reason, "reason");
  const bool sends = a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT ||
                     a->kind == CORSENGINE_ACTION_SEND_REQUEST ||
                     a->kind == CORSENGINE_ACTION_FOLLOW_REDIRECT;
  if (sends) {
    CheckString(a->request_method, "request_method");
    CheckString(a->request_url, "request_url");
    CheckHeaders(a->request_headers, a->request_header_count,
                 "request_headers");
  }
  if (a->kind == CORSENGINE_ACTION_DELIVER) {
    CheckString(a->response_url, "response_url");
    CheckHeaders(a->response_headers, a->response_header_count,
                 "response_headers");
    FUZZ_CHECK(a->response_header_name_count == 0 ||
                   a->response_header_names != nullptr,
               "response_header_names NULL");
    for (size_t i = 0; i < a->response_header_name_count; ++i) {
      CheckString(a->response_header_names[i], "response_header_names[i]");
    }
  }
  if (a->kind != CORSENGINE_ACTION_FAIL) {
    FUZZ_CHECK(a->error_parameter_size == 0 &&
                   (a->error_parameter == nullptr || *a->error_parameter == '\0'),
               "an action of kind " << a->kind << " has an error parameter");
  }
  if (a->kind == CORSENGINE_ACTION_FAIL) {
    CheckString(a->error_name, "error_name");
    FUZZ_CHECK(a->error_parameter != nullptr, "error_parameter NULL");
    ReadBytes(a->error_parameter, a->error_parameter_size);
    FUZZ_CHECK(a->error_parameter[a->error_parameter_size] == '\0',
               "error_parameter not NUL-terminated at its size");
    CheckOneLine(a->error_message, "error_message");
  }

  slot.last = a->kind;
  const bool ends = a->kind == CORSENGINE_ACTION_DELIVER ||
                    a->kind == CORSENGINE_ACTION_FAIL;
  FUZZ_CHECK(corsengine_fetch_done(slot.fetch) == (ends ? 1 : 0),
             "fetch_done " << corsengine_fetch_done(slot.fetch)
                           << " after action kind " << a->kind);
  if (slot.done) {
    FUZZ_CHECK(a->kind == CORSENGINE_ACTION_FAIL &&
                   std::string_view(a->error_name) == "UnexpectedCall",
               "a done fetch answered kind " << a->kind);
  }

  if (a->finished_flight != 0 && a->finished_flight == slot.leads) {
    slot.lead_reported = true;
  }
  if (a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT && a->wait_id != 0) {
    slot.leads = a->wait_id;
    slot.lead_reported = false;
  }
  if (a->kind == CORSENGINE_ACTION_WAIT_FOR_PREFLIGHT) {
    FUZZ_CHECK(a->wait_id != 0, "waiting on flight 0");
    FUZZ_CHECK(st.dead_flights.count(a->wait_id) == 0,
               "told to wait on flight " << a->wait_id
                                         << ", whose leader is gone");
  }
  if (ends) {
    FUZZ_CHECK(slot.lead_reported, "done without reporting its flight "
                                       << slot.leads << " finished");
    if (slot.leads != 0) st.dead_flights[slot.leads] = true;
    slot.done = true;
  }
}

void Free(State& st, Slot& slot) {
  if (slot.fetch == nullptr) return;
  if (slot.leads != 0) st.dead_flights[slot.leads] = true;
  corsengine_fetch_free(slot.fetch);
  slot = Slot();
}

int ConsumeCInt(FuzzedDataProvider& fdp, int max) {
  return fdp.ConsumeIntegralInRange<int>(0, max);
}

void NewFetch(State& st, Slot& slot, FuzzedDataProvider& fdp) {
  Free(st, slot);
  const std::string origin =
      corsengine_fuzz::PickOrConsume(fdp, corsengine_fuzz::kOrigins, 128);
  const std::string url =
      corsengine_fuzz::PickOrConsume(fdp, corsengine_fuzz::kUrls, 256);
  const std::string method =
      corsengine_fuzz::PickOrConsume(fdp, corsengine_fuzz::kMethods, 32);
  corsengine_request_init init;
  std::memset(&init, 0, sizeof init);
  init.origin = origin.c_str();
  init.url = url.c_str();
  init.method = method.c_str();
  init.mode = ConsumeCInt(fdp, 4);
  init.credentials = ConsumeCInt(fdp, 3);
  init.redirect = ConsumeCInt(fdp, 3);
  init.cache = ConsumeCInt(fdp, 6);
  init.use_cors_preflight = fdp.ConsumeBool() ? 1 : 0;
  std::vector<corsengine::Header> headers;
  const size_t count = fdp.ConsumeIntegralInRange<size_t>(0, 3);
  for (size_t i = 0; i < count; ++i) {
    headers.push_back(corsengine::Header{
        corsengine_fuzz::PickOrConsume(fdp, corsengine_fuzz::kHeaderNames,
                                       corsengine_fuzz::kMaxNameLength),
        corsengine_fuzz::PickOrConsume(fdp, corsengine_fuzz::kHeaderValues,
                                       corsengine_fuzz::kMaxValueLength)});
  }
  std::vector<corsengine_header> c_headers;
  for (const corsengine::Header& h : headers) {
    c_headers.push_back(corsengine_header{h.name.data(), h.name.size(),
                                          h.value.data(), h.value.size()});
  }
  init.headers = c_headers.empty() ? nullptr : c_headers.data();
  init.header_count = c_headers.size();
  CAPI_TRACE("new " << Quote(method) << " " << Quote(url) << " from "
                    << Quote(origin) << " mode " << init.mode << " credentials "
                    << init.credentials << " redirect " << init.redirect
                    << " cache " << init.cache << ", " << count
                    << " header(s)");
  slot.fetch = corsengine_fetch_new(st.engine, &init);
  FUZZ_CHECK(slot.fetch != nullptr, "corsengine_fetch_new gave NULL");
}

const corsengine_action* Respond(State& st, Slot& slot,
                                 FuzzedDataProvider& fdp, bool arbitrary) {
  const int status = kStatuses[fdp.ConsumeIntegralInRange<size_t>(
      0, sizeof kStatuses / sizeof kStatuses[0] - 1)];
  std::vector<corsengine::Header> headers;
  if (arbitrary) {
    headers = corsengine_fuzz::ConsumeHeaders(fdp);
  } else {
    const size_t count = fdp.ConsumeIntegralInRange<size_t>(0, 6);
    for (size_t i = 0; i < count; ++i) {
      const auto& h = kResponseHeaders[fdp.ConsumeIntegralInRange<size_t>(
          0, sizeof kResponseHeaders / sizeof kResponseHeaders[0] - 1)];
      headers.push_back(corsengine::Header{std::string(h[0]), std::string(h[1])});
    }
  }
  std::vector<corsengine_header> c_headers;
  for (const corsengine::Header& h : headers) {
    c_headers.push_back(corsengine_header{h.name.data(), h.name.size(),
                                          h.value.data(), h.value.size()});
  }
  CAPI_TRACE("response " << status << ", " << headers.size() << " header(s)");
  return corsengine_fetch_on_response(
      slot.fetch, status, c_headers.empty() ? nullptr : c_headers.data(),
      c_headers.size(), st.now);
}

// Drives every live fetch to its end, as a host would: one not started is
// started, a request outstanding gets a 200 with no headers, a waiting
// fetch is resumed. Each round moves every fetch, so a bounded number of
// rounds must finish them all.
void Finish(State& st) {
  for (int round = 0; round < 200; ++round) {
    bool all_done = true;
    for (Slot& slot : st.slots) {
      if (slot.fetch == nullptr || slot.done) continue;
      all_done = false;
      const corsengine_action* a;
      if (slot.last < 0) {
        a = corsengine_fetch_start(slot.fetch, st.now);
      } else if (slot.last == CORSENGINE_ACTION_WAIT_FOR_PREFLIGHT) {
        a = corsengine_fetch_resume(slot.fetch, st.now);
      } else {
        a = corsengine_fetch_on_response(slot.fetch, 200, nullptr, 0, st.now);
      }
      CheckAction(st, slot, a);
    }
    if (all_done) return;
  }
  FUZZ_CHECK(false, "fetches still running after 200 rounds");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > corsengine_fuzz::kMaxInputSize) return 0;
  corsengine_fuzz::BeginInput(data, size);
  FuzzedDataProvider fdp(data, size);
  static const char* const kProfileNames[] = {"spec", "chromium", "firefox",
                                              "webkit"};
  const char* profile = kProfileNames[fdp.ConsumeIntegralInRange<int>(0, 3)];
  corsengine_engine_options options;
  corsengine_engine_options_init(&options);
  options.cache_max_entries = fdp.ConsumeIntegralInRange<size_t>(0, 8);
  options.coalesce_preflights = fdp.ConsumeBool() ? 1 : 0;
  State st;
  st.engine = corsengine_engine_new(profile, &options);
  FUZZ_CHECK(st.engine != nullptr, "corsengine_engine_new(" << profile
                                                            << ") gave NULL");
  if (fdp.ConsumeBool()) {
    corsengine_origin_pattern p = {"http", "127.0.0.1", 0, 8003, 1};
    FUZZ_CHECK(corsengine_engine_add_allow_pattern(
                   st.engine, "http://127.0.0.1:8001", &p) == 1,
               "a well-formed allow pattern was refused");
  }
  CAPI_TRACE("engine " << profile << ", cache entries "
                       << options.cache_max_entries << ", coalescing "
                       << options.coalesce_preflights);

  for (size_t call = 0; call < kMaxCalls && fdp.remaining_bytes() > 0; ++call) {
    const int op = fdp.ConsumeIntegralInRange<int>(0, 8);
    Slot& slot = st.slots[fdp.ConsumeIntegralInRange<size_t>(0, kSlots - 1)];
    if (op == 0) {
      NewFetch(st, slot, fdp);
      continue;
    }
    if (op == 5) {
      CAPI_TRACE("free");
      Free(st, slot);
      continue;
    }
    if (op == 6) {
      CAPI_TRACE("clear the cache");
      corsengine_engine_clear_cache(st.engine);
      continue;
    }
    if (op == 7) {
      const int seconds = fdp.ConsumeIntegral<uint8_t>();
      CAPI_TRACE("clock + " << seconds << " s");
      st.now += seconds * kSecond;
      continue;
    }
    if (slot.fetch == nullptr) continue;
    const corsengine_action* a = nullptr;
    switch (op) {
      case 1:
        CAPI_TRACE("start");
        a = corsengine_fetch_start(slot.fetch, st.now);
        break;
      case 2:
      case 8:
        a = Respond(st, slot, fdp, op == 8);
        break;
      case 3:
        CAPI_TRACE("network error");
        a = corsengine_fetch_on_network_error(slot.fetch, "reset", st.now);
        break;
      default:
        CAPI_TRACE("resume");
        a = corsengine_fetch_resume(slot.fetch, st.now);
        break;
    }
    CheckAction(st, slot, a);
  }
  Finish(st);
  for (Slot& slot : st.slots) Free(st, slot);
  corsengine_engine_free(st.engine);
  corsengine_fuzz::EndInput();
  return 0;
}
