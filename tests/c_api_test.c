/* Tests of include/corsengine/corsengine_c.h, compiled as C11: a host in C
 * drives whole fetches (preflight, cache, redirect, failure) through the C
 * API alone, as PERF-WORKLOAD.md's request and a few of the conformance
 * scenarios' shapes. */

#include "corsengine/corsengine_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_failures = 0;
static int g_checks = 0;

#define CHECK(cond)                                                   \
  do {                                                                \
    ++g_checks;                                                       \
    if (!(cond)) {                                                    \
      ++g_failures;                                                   \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
              #cond);                                                 \
    }                                                                 \
  } while (0)

#define CHECK_STR(actual, expected)                                        \
  do {                                                                     \
    const char* a_ = (actual);                                             \
    const char* e_ = (expected);                                           \
    ++g_checks;                                                            \
    if (a_ == NULL || strcmp(a_, e_) != 0) {                               \
      ++g_failures;                                                        \
      fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, \
              __LINE__, #actual, a_ == NULL ? "(null)" : a_, e_);          \
    }                                                                      \
  } while (0)

static const int64_t kNow = 1700000000LL * 1000000000LL;
static const int64_t kSecond = 1000000000LL;

static corsengine_header H(const char* name, const char* value) {
  corsengine_header h;
  h.name = name;
  h.name_len = strlen(name);
  h.value = value;
  h.value_len = strlen(value);
  return h;
}

/* The value of the first header named `name` (exact case) among `headers`,
 * or NULL. */
static const char* Find(const corsengine_header* headers, size_t n,
                        const char* name) {
  size_t i;
  for (i = 0; i < n; ++i) {
    if (strcmp(headers[i].name, name) == 0) return headers[i].value;
  }
  return NULL;
}

static corsengine_request_init WorkloadInit(const corsengine_header* headers,
                                            size_t n) {
  corsengine_request_init init;
  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://api.example.org/v1/items/42?expand=owner";
  init.method = "PUT";
  init.headers = headers;
  init.header_count = n;
  init.credentials = CORSENGINE_CREDENTIALS_INCLUDE;
  return init;
}

static void TestPreflightThenCacheHit(void) {
  corsengine_engine* engine = corsengine_engine_new("chromium", NULL);
  corsengine_header script[3];
  corsengine_header preflight_response[5];
  corsengine_header response[4];
  corsengine_request_init init;
  corsengine_fetch* fetch;
  const corsengine_action* a;

  CHECK(engine != NULL);
  CHECK_STR(corsengine_engine_profile(engine), "chromium");
  script[0] = H("Content-Type", "application/json");
  script[1] = H("X-Request-ID", "9b2f4c1e");
  script[2] = H("Accept", "application/json");
  init = WorkloadInit(script, 3);

  fetch = corsengine_fetch_new(engine, &init);
  CHECK(fetch != NULL);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT);
  CHECK_STR(corsengine_action_kind_name(a->kind), "send-preflight");
  CHECK_STR(a->request_method, "OPTIONS");
  CHECK_STR(a->request_url, "https://api.example.org/v1/items/42?expand=owner");
  CHECK(a->request_include_credentials == 0);
  CHECK_STR(Find(a->request_headers, a->request_header_count, "Origin"),
            "https://app.example.com");
  CHECK_STR(Find(a->request_headers, a->request_header_count,
                 "Access-Control-Request-Method"),
            "PUT");
  CHECK_STR(Find(a->request_headers, a->request_header_count,
                 "Access-Control-Request-Headers"),
            "content-type,x-request-id");
  CHECK(a->cache_outcome == CORSENGINE_CACHE_MISS);

  preflight_response[0] =
      H("Access-Control-Allow-Origin", "https://app.example.com");
  preflight_response[1] = H("Access-Control-Allow-Credentials", "true");
  preflight_response[2] = H("Access-Control-Allow-Methods", "GET, PUT");
  preflight_response[3] =
      H("Access-Control-Allow-Headers", "Content-Type, X-Request-ID");
  preflight_response[4] = H("Access-Control-Max-Age", "600");
  a = corsengine_fetch_on_response(fetch, 204, preflight_response, 5, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  CHECK_STR(a->request_method, "PUT");
  CHECK(a->request_include_credentials == 1);
  CHECK(a->request_http_cache_only == 0);
  CHECK_STR(Find(a->request_headers, a->request_header_count, "X-Request-ID"),
            "9b2f4c1e");
  CHECK(corsengine_engine_cache_size(engine) == 1);

  response[0] = H("Content-Type", "application/json");
  response[1] = H("Access-Control-Allow-Origin", "https://app.example.com");
  response[2] = H("Access-Control-Allow-Credentials", "true");
  response[3] = H("X-Secret", "not exposed");
  a = corsengine_fetch_on_response(fetch, 200, response, 4, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_DELIVER);
  CHECK(a->response_type == CORSENGINE_RESPONSE_CORS);
  CHECK_STR(corsengine_response_type_name(a->response_type), "cors");
  CHECK(a->response_status == 200);
  CHECK_STR(a->response_url, "https://api.example.org/v1/items/42?expand=owner");
  CHECK(a->response_header_count == 1);
  CHECK(a->response_header_name_count == 1);
  if (a->response_header_name_count == 1) {
    CHECK_STR(a->response_header_names[0], "content-type");
  }
  CHECK(Find(a->response_headers, a->response_header_count, "X-Secret") ==
        NULL);
  CHECK(corsengine_fetch_done(fetch) == 1);
  corsengine_fetch_free(fetch);

  /* The same request again, 10 s later: the cached preflight lets it go. */
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow + 10 * kSecond);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  CHECK(a->cache_outcome == CORSENGINE_CACHE_HIT);
  CHECK_STR(corsengine_cache_outcome_name(a->cache_outcome), "hit");
  corsengine_fetch_free(fetch);

  /* Past its Max-Age of 600 s the entry is stale. */
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow + 601 * kSecond);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT);
  CHECK(a->cache_outcome == CORSENGINE_CACHE_STALE);
  corsengine_fetch_free(fetch);

  corsengine_engine_clear_cache(engine);
  CHECK(corsengine_engine_cache_size(engine) == 0);
  corsengine_engine_free(engine);
}

static void TestOriginMismatchFails(void) {
  corsengine_engine* engine = corsengine_engine_new("firefox", NULL);
  corsengine_request_init init;
  corsengine_header response[1];
  corsengine_fetch* fetch;
  const corsengine_action* a;

  memset(&init, 0, sizeof init);
  init.origin = "https://b.example";
  init.url = "https://api.example.org/data";
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  CHECK_STR(a->request_method, "GET");
  CHECK_STR(Find(a->request_headers, a->request_header_count, "Origin"),
            "https://b.example");

  response[0] = H("Access-Control-Allow-Origin", "https://a.example");
  a = corsengine_fetch_on_response(fetch, 200, response, 1, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "AllowOriginMismatch");
  CHECK(a->error_code == 6);
  CHECK_STR(a->error_parameter, "https://a.example");
  CHECK(a->error_parameter_size == 17);
  CHECK(strstr(a->error_message, "'https://a.example'") != NULL);
  CHECK(strstr(a->error_message, "'https://b.example'") != NULL);
  CHECK(corsengine_fetch_done(fetch) == 1);
  corsengine_fetch_free(fetch);

  /* A server's bytes come back whole, NUL included: the size says where
   * they end; the message shows them escaped. */
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  response[0].name = "Access-Control-Allow-Origin";
  response[0].name_len = 27;
  response[0].value = "https://a\0\n.example";
  response[0].value_len = sizeof "https://a\0\n.example" - 1; /* 19 */
  a = corsengine_fetch_on_response(fetch, 200, response, 1, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK(a->error_parameter_size == 19);
  CHECK(memcmp(a->error_parameter, "https://a\0\n.example", 19) == 0);
  CHECK(a->error_parameter[19] == '\0');
  CHECK(strchr(a->error_message, '\n') == NULL);

  /* A finished fetch answers every further call with UnexpectedCall. */
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "UnexpectedCall");
  corsengine_fetch_free(fetch);
  corsengine_engine_free(engine);
}

static void TestRedirectIsFollowed(void) {
  corsengine_engine* engine = corsengine_engine_new("webkit", NULL);
  corsengine_request_init init;
  corsengine_header redirect[2];
  corsengine_header response[1];
  corsengine_fetch* fetch;
  const corsengine_action* a;

  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://api.example.org/old";
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST);

  redirect[0] = H("Location", "/new");
  redirect[1] = H("Access-Control-Allow-Origin", "*");
  a = corsengine_fetch_on_response(fetch, 302, redirect, 2, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_FOLLOW_REDIRECT);
  CHECK_STR(a->request_url, "https://api.example.org/new");

  response[0] = H("Access-Control-Allow-Origin", "*");
  a = corsengine_fetch_on_response(fetch, 200, response, 1, kNow);
  CHECK(a != NULL);
  CHECK(a->kind == CORSENGINE_ACTION_DELIVER);
  CHECK_STR(a->response_url, "https://api.example.org/new");
  corsengine_fetch_free(fetch);
  corsengine_engine_free(engine);
}

static void TestRefusedRequests(void) {
  corsengine_engine* engine = corsengine_engine_new("spec", NULL);
  corsengine_request_init init;
  corsengine_fetch* fetch;
  const corsengine_action* a;

  /* A URL with credentials, as fetch() rejects it. */
  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://user:pass@api.example.org/";
  fetch = corsengine_fetch_new(engine, &init);
  CHECK(fetch != NULL);
  CHECK(corsengine_fetch_done(fetch) == 0);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "UrlContainsCredentials");
  CHECK(corsengine_fetch_done(fetch) == 1);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "UnexpectedCall");
  corsengine_fetch_free(fetch);

  /* A forbidden method. */
  init.url = "https://api.example.org/";
  init.method = "TRACE";
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "ForbiddenMethod");
  corsengine_fetch_free(fetch);

  /* An enum value outside its range is refused, not trusted. */
  init.method = NULL;
  init.credentials = 7;
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "InvalidCredentialsMode");
  corsengine_fetch_free(fetch);

  /* An origin that is not one. */
  init.credentials = CORSENGINE_CREDENTIALS_OMIT;
  init.origin = "not an origin";
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "InvalidOrigin");
  corsengine_fetch_free(fetch);
  corsengine_engine_free(engine);
}

/* A stream body forces a preflight and cannot follow a 307; a body on a GET
 * and an unknown body kind are refused. */
static void TestBodies(void) {
  corsengine_engine* engine = corsengine_engine_new("chromium", NULL);
  corsengine_request_init init;
  corsengine_request_options options;
  corsengine_header preflight[1];
  corsengine_header redirect[2];
  corsengine_fetch* fetch;
  const corsengine_action* a;

  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://api.example.org/upload";
  init.method = "POST";
  corsengine_request_options_init(&options);
  CHECK(options.body == CORSENGINE_BODY_NONE);
  options.body = CORSENGINE_BODY_STREAM;
  fetch = corsengine_fetch_new_with_options(engine, &init, &options);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT);
  CHECK_STR(Find(a->request_headers, a->request_header_count,
                 "Access-Control-Request-Method"),
            "POST");
  preflight[0] = H("Access-Control-Allow-Origin", "*");
  a = corsengine_fetch_on_response(fetch, 204, preflight, 1, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  redirect[0] = H("Location", "/elsewhere");
  redirect[1] = H("Access-Control-Allow-Origin", "*");
  a = corsengine_fetch_on_response(fetch, 307, redirect, 2, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "RedirectWithStreamBody");
  corsengine_fetch_free(fetch);

  init.method = NULL; /* GET */
  options.body = CORSENGINE_BODY_REPLAYABLE;
  fetch = corsengine_fetch_new_with_options(engine, &init, &options);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "BodyWithGetOrHead");
  corsengine_fetch_free(fetch);

  init.method = "POST";
  options.body = 9;
  fetch = corsengine_fetch_new_with_options(engine, &init, &options);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "InvalidRequestBody");
  corsengine_fetch_free(fetch);

  /* Options from a caller that does not say its struct's size: refused. */
  options.body = CORSENGINE_BODY_NONE;
  options.struct_size = 1;
  CHECK(corsengine_fetch_new_with_options(engine, &init, &options) == NULL);
  /* NULL options are the defaults. */
  fetch = corsengine_fetch_new_with_options(engine, &init, NULL);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  corsengine_fetch_free(fetch);
  corsengine_engine_free(engine);
}

static void TestNetworkErrorAndNoCache(void) {
  corsengine_engine_options options;
  corsengine_engine* engine;
  corsengine_header script[1];
  corsengine_request_init init;
  corsengine_fetch* fetch;
  const corsengine_action* a;

  corsengine_engine_options_init(&options);
  options.use_cache = 0;
  engine = corsengine_engine_new("chromium", &options);
  CHECK(engine != NULL);
  script[0] = H("X-Custom", "1");
  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://api.example.org/";
  init.headers = script;
  init.header_count = 1;
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT);
  CHECK(a->cache_outcome == CORSENGINE_CACHE_NOT_USED);
  a = corsengine_fetch_on_network_error(fetch, "connection refused", kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "NetworkError");
  CHECK(corsengine_engine_cache_size(engine) == 0);
  corsengine_fetch_free(fetch);

  /* only-if-cached (same-origin mode): the host answers from its HTTP cache
   * or reports a network error. */
  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://app.example.com/a";
  init.mode = CORSENGINE_MODE_SAME_ORIGIN;
  init.cache = CORSENGINE_CACHE_ONLY_IF_CACHED;
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  CHECK(a->request_http_cache_only == 1);
  corsengine_fetch_free(fetch);
  corsengine_engine_free(engine);
}

typedef struct EventLog {
  int preflights;
  int cache_outcomes;
  int failures;
  char last_error[64];
} EventLog;

static void Record(void* user_data, const corsengine_event* e) {
  EventLog* log = (EventLog*)user_data;
  switch (e->kind) {
    case CORSENGINE_EVENT_PREFLIGHT_SENT:
      ++log->preflights;
      CHECK(e->reason[0] != '\0');
      break;
    case CORSENGINE_EVENT_CACHE_OUTCOME:
      ++log->cache_outcomes;
      break;
    case CORSENGINE_EVENT_FAILURE:
      ++log->failures;
      snprintf(log->last_error, sizeof log->last_error, "%s", e->error_name);
      break;
  }
  CHECK_STR(e->origin, "https://app.example.com");
}

static void TestControlsAndObserver(void) {
  corsengine_engine* engine = corsengine_engine_new("chromium", NULL);
  corsengine_origin_pattern pattern;
  corsengine_header script[1];
  corsengine_header response[1];
  corsengine_request_init init;
  corsengine_fetch* fetch;
  const corsengine_action* a;
  EventLog log;

  memset(&log, 0, sizeof log);
  corsengine_engine_set_observer(engine, Record, &log);
  CHECK(corsengine_engine_add_cors_exempt_header(engine, "X-Host-Token") == 1);
  CHECK(corsengine_engine_add_extra_safelisted_header(engine, "") == 0);
  CHECK(corsengine_engine_add_cors_enabled_scheme(engine, "app") == 1);

  /* The host's own exempt header goes out with no preflight... */
  script[0] = H("X-Host-Token", "t");
  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://api.example.org/r";
  fetch = corsengine_fetch_new_with_exempt_headers(engine, &init, script, 1);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  CHECK_STR(Find(a->request_headers, a->request_header_count, "X-Host-Token"),
            "t");
  corsengine_fetch_free(fetch);
  /* ... but script's header of that name is script's: a preflight. */
  init.headers = script;
  init.header_count = 1;
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT);
  corsengine_fetch_free(fetch);
  /* An exempt header under a name the engine does not list is refused. */
  init.header_count = 0;
  response[0] = H("X-Other", "1");
  fetch = corsengine_fetch_new_with_exempt_headers(engine, &init, response, 1);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  CHECK_STR(a->error_name, "CorsExemptHeaderNotAllowed");
  corsengine_fetch_free(fetch);
  CHECK(corsengine_fetch_new_with_exempt_headers(engine, &init, NULL, 1) == NULL);
  memset(&log, 0, sizeof log); /* what follows counts from here */

  /* A PUT preflights (observer: a cache outcome and a preflight); a wrong
   * Allow-Origin fails it (observer: a failure). */
  init.method = "PUT";
  init.header_count = 0;
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT);
  response[0] = H("Access-Control-Allow-Origin", "https://elsewhere.example");
  a = corsengine_fetch_on_response(fetch, 204, response, 1, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_FAIL);
  corsengine_fetch_free(fetch);
  CHECK(log.preflights == 1);
  CHECK(log.cache_outcomes == 1);
  CHECK(log.failures == 1);
  CHECK_STR(log.last_error, "PreflightAllowOriginMismatch");

  /* The origin access list lets the same PUT go as same-origin. */
  pattern.scheme = "https";
  pattern.host = "example.org";
  pattern.include_subdomains = 1;
  pattern.port = -1;
  pattern.priority = 1;
  CHECK(corsengine_engine_add_allow_pattern(engine, "https://app.example.com",
                                            &pattern) == 1);
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST);
  corsengine_fetch_free(fetch);

  /* A block pattern of higher priority takes it back. */
  pattern.host = "api.example.org";
  pattern.include_subdomains = 0;
  pattern.priority = 2;
  CHECK(corsengine_engine_add_block_pattern(engine, "https://app.example.com",
                                            &pattern) == 1);
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, kNow);
  CHECK(a != NULL && a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT);
  corsengine_fetch_free(fetch);

  pattern.priority = 9;
  CHECK(corsengine_engine_add_allow_pattern(engine, "https://app.example.com",
                                            &pattern) == 0);
  pattern.priority = 1;
  CHECK(corsengine_engine_add_allow_pattern(engine, "null", &pattern) == 0);
  corsengine_engine_clear_origin_access(engine, NULL);
  corsengine_engine_set_observer(engine, NULL, NULL);
  corsengine_engine_free(engine);
}

static void TestNullAndUnknownArguments(void) {
  corsengine_engine_options options;
  corsengine_engine* engine;
  corsengine_request_init init;
  corsengine_fetch* fetch;

  CHECK(corsengine_engine_new("netscape", NULL) == NULL);
  CHECK(corsengine_engine_new(NULL, NULL) == NULL);
  corsengine_engine_options_init(&options);
  options.struct_size = 1; /* a caller older than the first version */
  CHECK(corsengine_engine_new("spec", &options) == NULL);

  engine = corsengine_engine_new("spec", NULL);
  CHECK(corsengine_fetch_new(engine, NULL) == NULL);
  CHECK(corsengine_fetch_new(NULL, NULL) == NULL);
  memset(&init, 0, sizeof init);
  init.origin = "https://app.example.com";
  init.url = "https://api.example.org/";
  init.header_count = 2; /* with no headers array */
  CHECK(corsengine_fetch_new(engine, &init) == NULL);

  init.header_count = 0;
  fetch = corsengine_fetch_new(engine, &init);
  CHECK(corsengine_fetch_start(NULL, kNow) == NULL);
  CHECK(corsengine_fetch_on_response(fetch, 200, NULL, 3, kNow) == NULL);
  CHECK(corsengine_fetch_on_response(NULL, 200, NULL, 0, kNow) == NULL);
  CHECK(corsengine_fetch_on_network_error(NULL, NULL, kNow) == NULL);
  CHECK(corsengine_fetch_resume(NULL, kNow) == NULL);
  CHECK(corsengine_fetch_done(NULL) == 0);
  CHECK(corsengine_engine_cache_size(NULL) == 0);
  CHECK_STR(corsengine_engine_profile(NULL), "");
  CHECK_STR(corsengine_action_kind_name(42), "unknown");
  corsengine_engine_clear_cache(NULL);
  corsengine_fetch_free(NULL);
  corsengine_engine_free(NULL);
  corsengine_fetch_free(fetch);
  corsengine_engine_free(engine);
}

int main(void) {
  TestPreflightThenCacheHit();
  TestOriginMismatchFails();
  TestRedirectIsFollowed();
  TestRefusedRequests();
  TestBodies();
  TestNetworkErrorAndNoCache();
  TestControlsAndObserver();
  TestNullAndUnknownArguments();
  printf("%d checks, %d failed\n", g_checks, g_failures);
  return g_failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
