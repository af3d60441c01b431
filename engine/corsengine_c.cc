// File: engine/corsengine_c.cc
//
// The C API over Fetch and PreflightCache. Each fetch handle keeps the last
// C++ Action and a C view of it (header arrays, name pointers) that points
// into that Action, so the view lives exactly as long as the header promises:
// until the next call on the same fetch. Every entry point catches
// everything: a C caller cannot unwind a C++ exception.

#include "corsengine/corsengine_c.h"

#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "corsengine/embedder.h"
#include "corsengine/error.h"
#include "corsengine/fetch.h"
#include "corsengine/header_list.h"
#include "corsengine/origin.h"
#include "corsengine/preflight_cache.h"
#include "corsengine/profile.h"
#include "corsengine/request.h"
#include "corsengine/response_filter.h"

namespace {

// The C observer behind a FetchObserver: one event struct per call.
class CObserver : public corsengine::FetchObserver {
 public:
  corsengine_observer_fn fn = nullptr;
  void* user_data = nullptr;

  void OnPreflightSent(const corsengine::Request& request,
                       const corsengine::OutgoingRequest& preflight,
                       std::string_view reason) override {
    (void)preflight;
    const std::string why(reason);
    Emit(request, CORSENGINE_EVENT_PREFLIGHT_SENT, why.c_str(), 0, "", "");
  }
  void OnCacheOutcome(const corsengine::Request& request,
                      const corsengine::CacheLookup& lookup) override;
  void OnFailure(const corsengine::Request& request,
                 const corsengine::CorsErrorStatus& error,
                 std::string_view reason) override {
    const std::string why(reason);
    const std::string name(corsengine::CorsErrorName(error.error));
    Emit(request, CORSENGINE_EVENT_FAILURE, why.c_str(), 0, name.c_str(),
         error.message.c_str());
  }

 private:
  void Emit(const corsengine::Request& request, int kind, const char* reason,
            int cache_outcome, const char* error_name,
            const char* error_message) {
    if (fn == nullptr) return;
    const std::string url(request.url.spec());
    corsengine_event e{};
    e.kind = kind;
    e.origin = request.origin.Serialize().c_str();
    e.method = request.method.c_str();
    e.url = url.c_str();
    e.reason = reason;
    e.cache_outcome = cache_outcome;
    e.error_name = error_name;
    e.error_message = error_message;
    fn(user_data, &e);
  }
};

}  // namespace

struct corsengine_engine {
  const corsengine::Profile* profile = nullptr;
  std::unique_ptr<corsengine::PreflightCache> cache;  // null: no cache
  corsengine::EmbedderControls controls;
  CObserver observer;
};

struct corsengine_fetch {
  corsengine_engine* engine = nullptr;
  // Null when CreateRequest refused the request; `refusal` says why.
  std::unique_ptr<corsengine::Fetch> fetch;
  corsengine::CorsErrorStatus refusal;
  bool refusal_reported = false;

  // The last action, and the C view of it.
  corsengine::Action action;
  std::string error_name;
  std::vector<corsengine_header> request_headers;
  std::vector<corsengine_header> response_headers;
  std::vector<const char*> response_header_names;
  corsengine_action view{};
};

namespace {

using corsengine::Action;
using corsengine::CacheOutcome;
using corsengine::CorsError;
using corsengine::CorsErrorStatus;
using corsengine::ResponseType;

std::string_view View(const char* s, size_t n) {
  return s == nullptr ? std::string_view() : std::string_view(s, n);
}

std::string_view View(const char* s) {
  return s == nullptr ? std::string_view() : std::string_view(s);
}

absl::Time FromNanos(int64_t ns) { return absl::FromUnixNanos(ns); }

// The C enums are zero for Fetch's defaults, so their order differs from the
// C++ ones; an out-of-range value is refused like an unknown mode string.
// They arrive as ints: no enum is ever loaded from an unchecked value.
bool ToMode(int m, corsengine::RequestMode* out) {
  switch (m) {
    case CORSENGINE_MODE_CORS: *out = corsengine::RequestMode::kCors; return true;
    case CORSENGINE_MODE_NO_CORS: *out = corsengine::RequestMode::kNoCors; return true;
    case CORSENGINE_MODE_SAME_ORIGIN: *out = corsengine::RequestMode::kSameOrigin; return true;
    case CORSENGINE_MODE_NAVIGATE: *out = corsengine::RequestMode::kNavigate; return true;
  }
  return false;
}

bool ToCredentials(int m,
                   corsengine::CredentialsMode* out) {
  switch (m) {
    case CORSENGINE_CREDENTIALS_SAME_ORIGIN: *out = corsengine::CredentialsMode::kSameOrigin; return true;
    case CORSENGINE_CREDENTIALS_OMIT: *out = corsengine::CredentialsMode::kOmit; return true;
    case CORSENGINE_CREDENTIALS_INCLUDE: *out = corsengine::CredentialsMode::kInclude; return true;
  }
  return false;
}

bool ToRedirect(int m, corsengine::RedirectMode* out) {
  switch (m) {
    case CORSENGINE_REDIRECT_FOLLOW: *out = corsengine::RedirectMode::kFollow; return true;
    case CORSENGINE_REDIRECT_ERROR: *out = corsengine::RedirectMode::kError; return true;
    case CORSENGINE_REDIRECT_MANUAL: *out = corsengine::RedirectMode::kManual; return true;
  }
  return false;
}

bool ToBody(int b, corsengine::RequestBody* out) {
  switch (b) {
    case CORSENGINE_BODY_NONE: *out = corsengine::RequestBody::kNone; return true;
    case CORSENGINE_BODY_REPLAYABLE: *out = corsengine::RequestBody::kReplayable; return true;
    case CORSENGINE_BODY_STREAM: *out = corsengine::RequestBody::kStream; return true;
  }
  return false;
}

bool ToCache(int m, corsengine::CacheMode* out) {
  switch (m) {
    case CORSENGINE_CACHE_DEFAULT: *out = corsengine::CacheMode::kDefault; return true;
    case CORSENGINE_CACHE_NO_STORE: *out = corsengine::CacheMode::kNoStore; return true;
    case CORSENGINE_CACHE_RELOAD: *out = corsengine::CacheMode::kReload; return true;
    case CORSENGINE_CACHE_NO_CACHE: *out = corsengine::CacheMode::kNoCache; return true;
    case CORSENGINE_CACHE_FORCE_CACHE: *out = corsengine::CacheMode::kForceCache; return true;
    case CORSENGINE_CACHE_ONLY_IF_CACHED: *out = corsengine::CacheMode::kOnlyIfCached; return true;
  }
  return false;
}

corsengine_action_kind ToC(Action::Kind k) {
  switch (k) {
    case Action::Kind::kSendPreflight: return CORSENGINE_ACTION_SEND_PREFLIGHT;
    case Action::Kind::kSendRequest: return CORSENGINE_ACTION_SEND_REQUEST;
    case Action::Kind::kFollowRedirect: return CORSENGINE_ACTION_FOLLOW_REDIRECT;
    case Action::Kind::kWaitForPreflight: return CORSENGINE_ACTION_WAIT_FOR_PREFLIGHT;
    case Action::Kind::kDeliver: return CORSENGINE_ACTION_DELIVER;
    case Action::Kind::kFail: return CORSENGINE_ACTION_FAIL;
  }
  return CORSENGINE_ACTION_FAIL;
}

corsengine_response_type ToC(ResponseType t) {
  switch (t) {
    case ResponseType::kBasic: return CORSENGINE_RESPONSE_BASIC;
    case ResponseType::kCors: return CORSENGINE_RESPONSE_CORS;
    case ResponseType::kOpaque: return CORSENGINE_RESPONSE_OPAQUE;
    case ResponseType::kOpaqueRedirect: return CORSENGINE_RESPONSE_OPAQUE_REDIRECT;
    case ResponseType::kError: return CORSENGINE_RESPONSE_ERROR;
  }
  return CORSENGINE_RESPONSE_ERROR;
}

corsengine_cache_outcome ToC(CacheOutcome o) {
  switch (o) {
    case CacheOutcome::kNotUsed: return CORSENGINE_CACHE_NOT_USED;
    case CacheOutcome::kMiss: return CORSENGINE_CACHE_MISS;
    case CacheOutcome::kHit: return CORSENGINE_CACHE_HIT;
    case CacheOutcome::kStale: return CORSENGINE_CACHE_STALE;
    case CacheOutcome::kHitAndFail: return CORSENGINE_CACHE_HIT_AND_FAIL;
  }
  return CORSENGINE_CACHE_NOT_USED;
}

corsengine_header CView(const corsengine::Header& h) {
  return corsengine_header{h.name.c_str(), h.name.size(), h.value.c_str(),
                           h.value.size()};
}

// Makes `f->action` the current action and rebuilds the C view over it.
const corsengine_action* Publish(corsengine_fetch* f, Action action) {
  f->action = std::move(action);
  const Action& a = f->action;
  corsengine_action& v = f->view;
  v = corsengine_action{};
  v.kind = ToC(a.kind);

  f->request_headers.clear();
  for (const corsengine::Header& h : a.request.headers) {
    f->request_headers.push_back(CView(h));
  }
  f->response_headers.clear();
  for (const corsengine::Header& h : a.response.headers) {
    f->response_headers.push_back(CView(h));
  }
  f->response_header_names.clear();
  for (const std::string& n : a.response.header_names) {
    f->response_header_names.push_back(n.c_str());
  }

  const bool sends = a.kind == Action::Kind::kSendPreflight ||
                     a.kind == Action::Kind::kSendRequest ||
                     a.kind == Action::Kind::kFollowRedirect;
  v.request_method = sends ? a.request.method.c_str() : "";
  v.request_url = sends ? a.request.url.c_str() : "";
  v.request_headers = sends ? f->request_headers.data() : nullptr;
  v.request_header_count = sends ? f->request_headers.size() : 0;
  v.request_include_credentials = sends && a.request.include_credentials;
  v.request_http_cache_only = sends && a.request.http_cache_only;

  const bool delivers = a.kind == Action::Kind::kDeliver;
  v.response_type = delivers ? ToC(a.response.type) : CORSENGINE_RESPONSE_ERROR;
  v.response_status = delivers ? a.response.status : 0;
  v.response_url = delivers ? a.response.url.c_str() : "";
  v.response_headers = delivers ? f->response_headers.data() : nullptr;
  v.response_header_count = delivers ? f->response_headers.size() : 0;
  v.response_header_names = delivers ? f->response_header_names.data() : nullptr;
  v.response_header_name_count = delivers ? f->response_header_names.size() : 0;

  const bool fails = a.kind == Action::Kind::kFail;
  f->error_name = fails ? std::string(corsengine::CorsErrorName(a.error.error))
                        : std::string();
  v.error_code = fails ? static_cast<int>(a.error.error) : 0;
  v.error_name = f->error_name.c_str();
  v.error_parameter = fails ? a.error.failed_parameter.c_str() : "";
  v.error_parameter_size = fails ? a.error.failed_parameter.size() : 0;
  v.error_message = fails ? a.error.message.c_str() : "";

  v.reason = a.reason.c_str();
  v.cache_outcome = ToC(a.cache.outcome);
  v.wait_id = a.wait_id;
  v.finished_flight = a.finished_flight;
  return &v;
}

Action FailAction(CorsErrorStatus error, std::string reason) {
  Action a;
  a.kind = Action::Kind::kFail;
  a.error = std::move(error);
  a.reason = std::move(reason);
  return a;
}

// A refused request answers its first call with the refusal, and every
// later one as a finished fetch does.
Action Refused(corsengine_fetch* f) {
  if (!f->refusal_reported) {
    f->refusal_reported = true;
    return FailAction(f->refusal, "fetch() rejects the request");
  }
  return FailAction(
      CorsErrorStatus(CorsError::kUnexpectedCall, "",
                      "The fetch has already failed; it takes no more calls"),
      "the fetch is done");
}

template <typename Step>
const corsengine_action* Run(corsengine_fetch* f, Step step) {
  if (f == nullptr) return nullptr;
  try {
    if (f->fetch == nullptr) return Publish(f, Refused(f));
    return Publish(f, step(*f->fetch));
  } catch (...) {
    return nullptr;
  }
}

// A caller's versioned options struct as this library reads it: `init`'s
// defaults where `in` is NULL, the caller's fields otherwise; false where
// its struct_size is below the first version's (every field read here is
// in that version).
template <typename Options>
bool ReadOptions(const Options* in, void (*init)(Options*), Options* out) {
  init(out);
  if (in == nullptr) return true;
  if (in->struct_size < sizeof(Options)) return false;
  *out = *in;
  return true;
}

}  // namespace

extern "C" {

void corsengine_engine_options_init(corsengine_engine_options* options) {
  if (options == nullptr) return;
  *options = corsengine_engine_options{};
  options->struct_size = sizeof(corsengine_engine_options);
  options->use_cache = 1;
  options->cache_max_entries = 0;
  options->cache_max_bytes = 0;
  options->coalesce_preflights = 1;
}

corsengine_engine* corsengine_engine_new(
    const char* profile, const corsengine_engine_options* options) {
  if (profile == nullptr) return nullptr;
  try {
    const corsengine::Profile* p = corsengine::FindProfile(profile);
    if (p == nullptr) return nullptr;
    corsengine_engine_options o;
    if (!ReadOptions(options, &corsengine_engine_options_init, &o)) {
      return nullptr;
    }
    auto engine = std::make_unique<corsengine_engine>();
    engine->profile = p;
    if (o.use_cache) {
      corsengine::PreflightCache::Options cache_options;
      cache_options.max_entries = o.cache_max_entries;
      if (o.cache_max_bytes != 0) cache_options.max_bytes = o.cache_max_bytes;
      cache_options.coalesce_preflights = o.coalesce_preflights != 0;
      engine->cache =
          std::make_unique<corsengine::PreflightCache>(*p, cache_options);
    }
    return engine.release();
  } catch (...) {
    return nullptr;
  }
}

void corsengine_engine_free(corsengine_engine* engine) { delete engine; }

const char* corsengine_engine_profile(const corsengine_engine* engine) {
  if (engine == nullptr) return "";
  switch (engine->profile->id) {
    case corsengine::ProfileId::kSpec: return "spec";
    case corsengine::ProfileId::kChromium: return "chromium";
    case corsengine::ProfileId::kFirefox: return "firefox";
    case corsengine::ProfileId::kWebKit: return "webkit";
  }
  return "";
}

size_t corsengine_engine_cache_size(const corsengine_engine* engine) {
  if (engine == nullptr || engine->cache == nullptr) return 0;
  return engine->cache->size();
}

void corsengine_engine_clear_cache(corsengine_engine* engine) {
  if (engine == nullptr || engine->cache == nullptr) return;
  engine->cache->Clear();
}

}  // extern "C"

namespace {

bool ToPattern(const corsengine_origin_pattern* p,
               corsengine::OriginAccessPattern* out) {
  if (p == nullptr || p->scheme == nullptr || p->host == nullptr ||
      p->port < -1 || p->port > 65535 || p->priority < 1 || p->priority > 5) {
    return false;
  }
  out->scheme = p->scheme;
  out->host = p->host;
  out->include_subdomains = p->include_subdomains != 0;
  if (p->port >= 0) out->port = static_cast<uint16_t>(p->port);
  out->priority = static_cast<corsengine::AccessPriority>(p->priority);
  return true;
}

int AddPattern(corsengine_engine* engine, const char* source,
               const corsengine_origin_pattern* p, bool allow) {
  if (engine == nullptr || source == nullptr) return 0;
  try {
    corsengine::Expected<corsengine::Origin> origin =
        corsengine::Origin::Parse(source);
    corsengine::OriginAccessPattern pattern;
    if (!origin.ok() || !ToPattern(p, &pattern)) return 0;
    corsengine::OriginAccessList& list = engine->controls.origin_access;
    return (allow ? list.AddAllowPattern(*origin, std::move(pattern))
                  : list.AddBlockPattern(*origin, std::move(pattern)))
               ? 1
               : 0;
  } catch (...) {
    return 0;
  }
}

int AddName(corsengine_engine* engine, const char* name,
            std::vector<std::string> corsengine::EmbedderControls::*list) {
  if (engine == nullptr || name == nullptr || *name == '\0') return 0;
  try {
    (engine->controls.*list).emplace_back(name);
    return 1;
  } catch (...) {
    return 0;
  }
}

}  // namespace

void CObserver::OnCacheOutcome(const corsengine::Request& request,
                               const corsengine::CacheLookup& lookup) {
  Emit(request, CORSENGINE_EVENT_CACHE_OUTCOME, "", ToC(lookup.outcome), "", "");
}

extern "C" {

int corsengine_engine_add_allow_pattern(corsengine_engine* engine,
                                        const char* source_origin,
                                        const corsengine_origin_pattern* p) {
  return AddPattern(engine, source_origin, p, /*allow=*/true);
}

int corsengine_engine_add_block_pattern(corsengine_engine* engine,
                                        const char* source_origin,
                                        const corsengine_origin_pattern* p) {
  return AddPattern(engine, source_origin, p, /*allow=*/false);
}

void corsengine_engine_clear_origin_access(corsengine_engine* engine,
                                           const char* source_origin) {
  if (engine == nullptr) return;
  try {
    if (source_origin == nullptr) {
      engine->controls.origin_access.Clear();
      return;
    }
    corsengine::Expected<corsengine::Origin> origin =
        corsengine::Origin::Parse(source_origin);
    if (origin.ok()) engine->controls.origin_access.ClearForOrigin(*origin);
  } catch (...) {
  }
}

int corsengine_engine_add_cors_enabled_scheme(corsengine_engine* engine,
                                              const char* scheme) {
  return AddName(engine, scheme,
                 &corsengine::EmbedderControls::cors_enabled_schemes);
}

int corsengine_engine_add_extra_safelisted_header(corsengine_engine* engine,
                                                  const char* name) {
  return AddName(engine, name,
                 &corsengine::EmbedderControls::extra_safelisted_header_names);
}

int corsengine_engine_add_cors_exempt_header(corsengine_engine* engine,
                                             const char* name) {
  return AddName(engine, name,
                 &corsengine::EmbedderControls::cors_exempt_header_names);
}

void corsengine_engine_set_observer(corsengine_engine* engine,
                                    corsengine_observer_fn fn,
                                    void* user_data) {
  if (engine == nullptr) return;
  engine->observer.fn = fn;
  engine->observer.user_data = user_data;
  engine->controls.observer = fn == nullptr ? nullptr : &engine->observer;
}

void corsengine_request_options_init(corsengine_request_options* options) {
  if (options == nullptr) return;
  *options = corsengine_request_options{};
  options->struct_size = sizeof(corsengine_request_options);
  options->body = CORSENGINE_BODY_NONE;
}

corsengine_fetch* corsengine_fetch_new(corsengine_engine* engine,
                                       const corsengine_request_init* init) {
  return corsengine_fetch_new_with_options(engine, init, nullptr);
}

corsengine_fetch* corsengine_fetch_new_with_exempt_headers(
    corsengine_engine* engine, const corsengine_request_init* init,
    const corsengine_header* exempt_headers, size_t exempt_header_count) {
  corsengine_request_options options;
  corsengine_request_options_init(&options);
  options.exempt_headers = exempt_headers;
  options.exempt_header_count = exempt_header_count;
  return corsengine_fetch_new_with_options(engine, init, &options);
}

corsengine_fetch* corsengine_fetch_new_with_options(
    corsengine_engine* engine, const corsengine_request_init* init,
    const corsengine_request_options* request_options) {
  if (engine == nullptr || init == nullptr) return nullptr;
  corsengine_request_options options;
  if (!ReadOptions(request_options, &corsengine_request_options_init,
                   &options)) {
    return nullptr;
  }
  const corsengine_header* const exempt_headers = options.exempt_headers;
  const size_t exempt_header_count = options.exempt_header_count;
  if (exempt_header_count > 0 && exempt_headers == nullptr) return nullptr;
  try {
    auto f = std::make_unique<corsengine_fetch>();
    f->engine = engine;
    corsengine::Expected<corsengine::Origin> origin =
        corsengine::Origin::Parse(View(init->origin));
    if (!origin.ok()) {
      f->refusal = origin.error();
      return f.release();
    }
    std::vector<corsengine::HeaderView> headers;
    if (init->header_count > 0 && init->headers == nullptr) return nullptr;
    headers.reserve(init->header_count);
    for (size_t i = 0; i < init->header_count; ++i) {
      const corsengine_header& h = init->headers[i];
      headers.push_back(corsengine::HeaderView{View(h.name, h.name_len),
                                               View(h.value, h.value_len)});
    }
    std::vector<corsengine::HeaderView> exempt;
    exempt.reserve(exempt_header_count);
    for (size_t i = 0; i < exempt_header_count; ++i) {
      const corsengine_header& h = exempt_headers[i];
      exempt.push_back(corsengine::HeaderView{View(h.name, h.name_len),
                                              View(h.value, h.value_len)});
    }
    corsengine::RequestInit r;
    r.cors_exempt_headers = exempt;
    r.origin = std::move(origin).value();
    r.url = View(init->url);
    r.method = init->method == nullptr ? std::string_view("GET")
                                       : std::string_view(init->method);
    r.headers = headers;
    r.top_level_site = View(init->top_level_site);
    r.use_cors_preflight = init->use_cors_preflight != 0;
    if (!ToMode(init->mode, &r.mode)) {
      f->refusal = CorsErrorStatus(CorsError::kInvalidRequestMode,
                                   std::to_string(init->mode),
                                   "The request mode is not one of "
                                   "corsengine_request_mode's values");
      return f.release();
    }
    if (!ToCredentials(init->credentials, &r.credentials)) {
      f->refusal = CorsErrorStatus(
          CorsError::kInvalidCredentialsMode,
          std::to_string(init->credentials),
          "The credentials mode is not one of corsengine_credentials_mode's "
          "values");
      return f.release();
    }
    if (!ToRedirect(init->redirect, &r.redirect)) {
      f->refusal = CorsErrorStatus(
          CorsError::kInvalidRedirectMode,
          std::to_string(init->redirect),
          "The redirect mode is not one of corsengine_redirect_mode's values");
      return f.release();
    }
    if (!ToCache(init->cache, &r.cache)) {
      f->refusal = CorsErrorStatus(
          CorsError::kInvalidCacheMode,
          std::to_string(init->cache),
          "The cache mode is not one of corsengine_cache_mode's values");
      return f.release();
    }
    if (!ToBody(options.body, &r.body)) {
      f->refusal = CorsErrorStatus(
          CorsError::kInvalidRequestBody, std::to_string(options.body),
          "The request body is not one of corsengine_request_body's values");
      return f.release();
    }
    corsengine::Expected<corsengine::Request> request =
        corsengine::CreateRequest(r, *engine->profile);
    if (!request.ok()) {
      f->refusal = request.error();
      return f.release();
    }
    f->fetch = std::make_unique<corsengine::Fetch>(
        std::move(request).value(), *engine->profile, engine->cache.get(),
        &engine->controls);
    return f.release();
  } catch (...) {
    return nullptr;
  }
}

void corsengine_fetch_free(corsengine_fetch* fetch) { delete fetch; }

const corsengine_action* corsengine_fetch_start(corsengine_fetch* fetch,
                                                int64_t now_unix_ns) {
  return Run(fetch, [&](corsengine::Fetch& f) {
    return f.Start(FromNanos(now_unix_ns));
  });
}

const corsengine_action* corsengine_fetch_on_response(
    corsengine_fetch* fetch, int status, const corsengine_header* headers,
    size_t header_count, int64_t now_unix_ns) {
  if (fetch == nullptr || (header_count > 0 && headers == nullptr)) {
    return nullptr;
  }
  return Run(fetch, [&](corsengine::Fetch& f) {
    std::vector<corsengine::HeaderView> views;
    views.reserve(header_count);
    for (size_t i = 0; i < header_count; ++i) {
      views.push_back(corsengine::HeaderView{
          View(headers[i].name, headers[i].name_len),
          View(headers[i].value, headers[i].value_len)});
    }
    return f.OnResponse(status, views, FromNanos(now_unix_ns));
  });
}

const corsengine_action* corsengine_fetch_on_network_error(
    corsengine_fetch* fetch, const char* description, int64_t now_unix_ns) {
  return Run(fetch, [&](corsengine::Fetch& f) {
    return f.OnNetworkError(View(description), FromNanos(now_unix_ns));
  });
}

const corsengine_action* corsengine_fetch_resume(corsengine_fetch* fetch,
                                                 int64_t now_unix_ns) {
  return Run(fetch, [&](corsengine::Fetch& f) {
    return f.Resume(FromNanos(now_unix_ns));
  });
}

int corsengine_fetch_done(const corsengine_fetch* fetch) {
  if (fetch == nullptr) return 0;
  if (fetch->fetch == nullptr) return fetch->refusal_reported ? 1 : 0;
  return fetch->fetch->done() ? 1 : 0;
}

const char* corsengine_action_kind_name(int kind) {
  switch (kind) {
    case CORSENGINE_ACTION_SEND_PREFLIGHT: return "send-preflight";
    case CORSENGINE_ACTION_SEND_REQUEST: return "send-request";
    case CORSENGINE_ACTION_FOLLOW_REDIRECT: return "follow-redirect";
    case CORSENGINE_ACTION_WAIT_FOR_PREFLIGHT: return "wait-for-preflight";
    case CORSENGINE_ACTION_DELIVER: return "deliver";
    case CORSENGINE_ACTION_FAIL: return "fail";
  }
  return "unknown";
}

const char* corsengine_response_type_name(int type) {
  switch (type) {
    case CORSENGINE_RESPONSE_BASIC: return "basic";
    case CORSENGINE_RESPONSE_CORS: return "cors";
    case CORSENGINE_RESPONSE_OPAQUE: return "opaque";
    case CORSENGINE_RESPONSE_OPAQUE_REDIRECT: return "opaqueredirect";
    case CORSENGINE_RESPONSE_ERROR: return "error";
  }
  return "unknown";
}

const char* corsengine_cache_outcome_name(int outcome) {
  switch (outcome) {
    case CORSENGINE_CACHE_NOT_USED: return "not-used";
    case CORSENGINE_CACHE_MISS: return "miss";
    case CORSENGINE_CACHE_HIT: return "hit";
    case CORSENGINE_CACHE_STALE: return "stale";
    case CORSENGINE_CACHE_HIT_AND_FAIL: return "hit-and-fail";
  }
  return "unknown";
}

}  // extern "C"
