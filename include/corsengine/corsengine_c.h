/* File: include/corsengine/corsengine_c.h
 *
 * The C API: corsengine for hosts written in C or any language with a C FFI.
 * It drives the same sans-I/O walk as corsengine::Fetch (fetch.h): the host
 * creates an engine (a browser profile and its preflight cache), starts one
 * fetch per request, performs every request the engine asks for, and feeds
 * each response back until the engine delivers a filtered response or fails.
 *
 *   corsengine_engine* engine = corsengine_engine_new("chromium", NULL);
 *   corsengine_fetch* fetch = corsengine_fetch_new(engine, &init);
 *   const corsengine_action* a = corsengine_fetch_start(fetch, now_ns);
 *   while (a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT ||
 *          a->kind == CORSENGINE_ACTION_SEND_REQUEST ||
 *          a->kind == CORSENGINE_ACTION_FOLLOW_REDIRECT) {
 *     ... send a->method, a->url, a->headers; get status and headers ...
 *     a = corsengine_fetch_on_response(fetch, status, headers, n, now_ns);
 *   }
 *   ... a->kind is DELIVER (a->response_*) or FAIL (a->error_*) ...
 *   corsengine_fetch_free(fetch);
 *   corsengine_engine_free(engine);
 *
 * Rules of this API:
 *  - Nothing here throws, aborts or exits; no C++ type crosses it. A NULL
 *    handle or argument where one is required gets NULL (or 0, or nothing)
 *    back; so does running out of memory.
 *  - Input strings are read during the call only. NUL-terminated ones are
 *    marked so; header names and values carry their length and may hold any
 *    byte (the engine refuses the bytes Fetch refuses, with an error).
 *  - Output strings are NUL-terminated and owned by the engine; an action
 *    and everything it points to stay valid until the next call on the same
 *    fetch, or until the fetch is freed.
 *  - Time is given by the host: nanoseconds since the Unix epoch (the engine
 *    never reads a clock).
 *  - Thread safety: an engine may be shared by any number of threads (its
 *    cache is locked internally) and must outlive its fetches. A fetch is
 *    used by one thread at a time.
 */

#ifndef CORSENGINE_INCLUDE_CORSENGINE_CORSENGINE_C_H_
#define CORSENGINE_INCLUDE_CORSENGINE_CORSENGINE_C_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The engine: one browser profile, its preflight cache, the embedder's
 * controls. */
typedef struct corsengine_engine corsengine_engine;
/* One fetch: a request walked through preflights, redirects and filtering. */
typedef struct corsengine_fetch corsengine_fetch;

/* One header. `name`/`value` need not be NUL-terminated on input; on output
 * they are. A NULL pointer with length 0 is the empty string. */
typedef struct corsengine_header {
  const char* name;
  size_t name_len;
  const char* value;
  size_t value_len;
} corsengine_header;

/* Settings of an engine. Fill with corsengine_engine_options_init() first,
 * then change what differs: new fields are added at the end, and
 * `struct_size` tells the library which ones the caller knows. */
typedef struct corsengine_engine_options {
  size_t struct_size;        /* sizeof(corsengine_engine_options) */
  int use_cache;             /* nonzero (default): keep a preflight cache */
  size_t cache_max_entries;  /* 0 (default): the profile's bound */
  size_t cache_max_bytes;    /* 0 (default): 4 MiB */
  int coalesce_preflights;   /* nonzero (default): concurrent identical
                                preflights are sent once */
} corsengine_engine_options;

void corsengine_engine_options_init(corsengine_engine_options* options);

/* A new engine for the profile named `profile` ("spec", "chromium",
 * "firefox", "webkit"; NUL-terminated); `options` may be NULL (defaults).
 * NULL when the profile is unknown or the options are malformed. */
corsengine_engine* corsengine_engine_new(
    const char* profile, const corsengine_engine_options* options);
/* Frees the engine and its cache. Its fetches must be freed first. */
void corsengine_engine_free(corsengine_engine* engine);

/* The profile's name ("chromium", ...), static. */
const char* corsengine_engine_profile(const corsengine_engine* engine);
/* Entries in the preflight cache (0 without a cache). */
size_t corsengine_engine_cache_size(const corsengine_engine* engine);
/* Forgets every cached preflight (the user cleared site data). */
void corsengine_engine_clear_cache(corsengine_engine* engine);

/* --- Embedder controls (embedder.h), scoped to this engine --- */

/* A destination pattern of an origin access list: `scheme` and `host`
 * (NUL-terminated; kept ASCII-lowercased), optionally every subdomain of
 * the host (an empty host then matches every host; an IP address only
 * itself), any port (-1) or exactly `port`, and a priority from 1 (default)
 * to 5 (max). */
typedef struct corsengine_origin_pattern {
  const char* scheme;
  const char* host;
  int include_subdomains;
  int port;
  int priority;
} corsengine_origin_pattern;

/* Adds an allow (or block) pattern for requests from `source_origin`
 * (NUL-terminated, serialized). A destination allowed is fetched as if
 * same-origin. Safe while fetches run. 1 on success, 0 for a malformed
 * origin or pattern. */
int corsengine_engine_add_allow_pattern(corsengine_engine* engine,
                                        const char* source_origin,
                                        const corsengine_origin_pattern* p);
int corsengine_engine_add_block_pattern(corsengine_engine* engine,
                                        const char* source_origin,
                                        const corsengine_origin_pattern* p);
/* Removes the patterns of `source_origin`, or all when it is NULL. */
void corsengine_engine_clear_origin_access(corsengine_engine* engine,
                                           const char* source_origin);

/* These three, and the observer, are set up before the engine's first
 * fetch is created (they are read without a lock). 1 on success. */
int corsengine_engine_add_cors_enabled_scheme(corsengine_engine* engine,
                                              const char* scheme);
int corsengine_engine_add_extra_safelisted_header(corsengine_engine* engine,
                                                  const char* name);
int corsengine_engine_add_cors_exempt_header(corsengine_engine* engine,
                                             const char* name);

typedef enum corsengine_event_kind {
  CORSENGINE_EVENT_PREFLIGHT_SENT = 0,
  CORSENGINE_EVENT_CACHE_OUTCOME = 1,
  CORSENGINE_EVENT_FAILURE = 2
} corsengine_event_kind;

/* One decision, as the observer sees it; valid during the callback only. */
typedef struct corsengine_event {
  int kind;                /* a corsengine_event_kind */
  const char* origin;      /* the request's origin, serialized */
  const char* method;      /* the request's method */
  const char* url;         /* the request's current URL */
  const char* reason;      /* the engine's one-line reason ("" for cache) */
  int cache_outcome;       /* CACHE_OUTCOME: a corsengine_cache_outcome */
  const char* error_name;  /* FAILURE: e.g. "AllowOriginMismatch" */
  const char* error_message;
} corsengine_event;

typedef void (*corsengine_observer_fn)(void* user_data,
                                       const corsengine_event* event);
/* Called on the thread driving the fetch; NULL `fn` removes it. */
void corsengine_engine_set_observer(corsengine_engine* engine,
                                    corsengine_observer_fn fn,
                                    void* user_data);

/* fetch(url, init) as script calls it. The enum values below are Fetch's
 * defaults when zero. */
typedef enum corsengine_request_mode {
  CORSENGINE_MODE_CORS = 0,
  CORSENGINE_MODE_NO_CORS = 1,
  CORSENGINE_MODE_SAME_ORIGIN = 2,
  CORSENGINE_MODE_NAVIGATE = 3 /* refused, as fetch() refuses it */
} corsengine_request_mode;

typedef enum corsengine_credentials_mode {
  CORSENGINE_CREDENTIALS_SAME_ORIGIN = 0,
  CORSENGINE_CREDENTIALS_OMIT = 1,
  CORSENGINE_CREDENTIALS_INCLUDE = 2
} corsengine_credentials_mode;

typedef enum corsengine_redirect_mode {
  CORSENGINE_REDIRECT_FOLLOW = 0,
  CORSENGINE_REDIRECT_ERROR = 1,
  CORSENGINE_REDIRECT_MANUAL = 2
} corsengine_redirect_mode;

typedef enum corsengine_cache_mode {
  CORSENGINE_CACHE_DEFAULT = 0,
  CORSENGINE_CACHE_NO_STORE = 1,
  CORSENGINE_CACHE_RELOAD = 2,
  CORSENGINE_CACHE_NO_CACHE = 3,
  CORSENGINE_CACHE_FORCE_CACHE = 4,
  CORSENGINE_CACHE_ONLY_IF_CACHED = 5
} corsengine_cache_mode;

typedef enum corsengine_request_body {
  CORSENGINE_BODY_NONE = 0,
  CORSENGINE_BODY_REPLAYABLE = 1, /* bytes, a Blob, FormData, ...: can be
                                     sent again */
  CORSENGINE_BODY_STREAM = 2      /* a ReadableStream: read once */
} corsengine_request_body;

typedef struct corsengine_request_init {
  const char* origin;  /* NUL-terminated: the document's origin, or "null" */
  const char* url;     /* NUL-terminated, absolute */
  const char* method;  /* NUL-terminated; NULL means "GET" */
  const corsengine_header* headers; /* as script set them, in order */
  size_t header_count;
  /* Enum-valued fields are plain ints, so their size never depends on the
   * compiler's enum layout (-fshort-enums); an unknown value is refused. */
  int mode;        /* a corsengine_request_mode */
  int credentials; /* a corsengine_credentials_mode */
  int redirect;    /* a corsengine_redirect_mode */
  int cache;       /* a corsengine_cache_mode */
  const char* top_level_site; /* NUL-terminated, or NULL: the network
                                 partition's top-level site */
  int use_cors_preflight;     /* nonzero forces a preflight (upload
                                 listeners) */
} corsengine_request_init;

/* What a request may carry beyond corsengine_request_init. Fill with
 * corsengine_request_options_init() first, then change what differs: new
 * fields are added at the end, and `struct_size` tells the library which
 * ones the caller knows. */
typedef struct corsengine_request_options {
  size_t struct_size; /* sizeof(corsengine_request_options) */
  /* Headers the host adds itself (Chromium's cors_exempt_headers, e.g.
   * X-Client-Data): sent with the request and its redirects (not its
   * preflights), never seen by CORS, each in place of script's header of
   * its name. Each name must have been added with
   * corsengine_engine_add_cors_exempt_header() and be no forbidden
   * request-header name, or the first action is CORSENGINE_ACTION_FAIL
   * "CorsExemptHeaderNotAllowed". */
  const corsengine_header* exempt_headers;
  size_t exempt_header_count;
  /* A corsengine_request_body (default NONE). GET and HEAD have none
   * ("BodyWithGetOrHead"); a stream needs mode cors or same-origin
   * ("StreamBodyNeedsCorsMode"), forces a preflight, and fails a redirect
   * other than 303 ("RedirectWithStreamBody"). The host sends the body
   * with each request action whose method is not GET or HEAD, never with
   * a preflight; a Content-Type the body implies (a Blob's type, a form's
   * boundary) is the host's to add to `headers` first. */
  int body;
} corsengine_request_options;

void corsengine_request_options_init(corsengine_request_options* options);

/* A new fetch on `engine` for the request `init` describes. A request that
 * fetch() would reject still gets a fetch: its first action is
 * CORSENGINE_ACTION_FAIL naming why. NULL only for NULL arguments or out of
 * memory. */
corsengine_fetch* corsengine_fetch_new(corsengine_engine* engine,
                                       const corsengine_request_init* init);
/* The same, with what `options` adds (NULL: the defaults). NULL also when
 * options->struct_size is below the first version's. A header of script's
 * goes in `init`, whatever its name. */
corsengine_fetch* corsengine_fetch_new_with_options(
    corsengine_engine* engine, const corsengine_request_init* init,
    const corsengine_request_options* options);
/* corsengine_fetch_new_with_options() with only `exempt_headers` set. */
corsengine_fetch* corsengine_fetch_new_with_exempt_headers(
    corsengine_engine* engine, const corsengine_request_init* init,
    const corsengine_header* exempt_headers, size_t exempt_header_count);
void corsengine_fetch_free(corsengine_fetch* fetch);

typedef enum corsengine_action_kind {
  CORSENGINE_ACTION_SEND_PREFLIGHT = 0,   /* send request_* (OPTIONS) */
  CORSENGINE_ACTION_SEND_REQUEST = 1,     /* send request_* */
  CORSENGINE_ACTION_FOLLOW_REDIRECT = 2,  /* send request_*, the next hop */
  CORSENGINE_ACTION_WAIT_FOR_PREFLIGHT = 3, /* wait for flight wait_id, then
                                               corsengine_fetch_resume() */
  CORSENGINE_ACTION_DELIVER = 4,          /* hand response_* to script */
  CORSENGINE_ACTION_FAIL = 5              /* reject with error_* */
} corsengine_action_kind;

typedef enum corsengine_response_type {
  CORSENGINE_RESPONSE_BASIC = 0,
  CORSENGINE_RESPONSE_CORS = 1,
  CORSENGINE_RESPONSE_OPAQUE = 2,
  CORSENGINE_RESPONSE_OPAQUE_REDIRECT = 3,
  CORSENGINE_RESPONSE_ERROR = 4
} corsengine_response_type;

typedef enum corsengine_cache_outcome {
  CORSENGINE_CACHE_NOT_USED = 0,
  CORSENGINE_CACHE_MISS = 1,
  CORSENGINE_CACHE_HIT = 2,
  CORSENGINE_CACHE_STALE = 3,
  CORSENGINE_CACHE_HIT_AND_FAIL = 4
} corsengine_cache_outcome;

/* What to do next. Only the fields of its kind are meaningful; the others
 * are zero, NULL or "". */
typedef struct corsengine_action {
  int kind; /* a corsengine_action_kind */

  /* SEND_PREFLIGHT, SEND_REQUEST, FOLLOW_REDIRECT: exactly what goes on the
   * wire (the host adds only its transport headers: Host, User-Agent, ...).
   */
  const char* request_method;
  const char* request_url;
  const corsengine_header* request_headers;
  size_t request_header_count;
  int request_include_credentials; /* cookies, HTTP auth, client certs */
  /* only-if-cached: answer from the HTTP cache or report a network error;
   * send nothing. */
  int request_http_cache_only;

  /* DELIVER: what script sees. */
  int response_type;                  /* a corsengine_response_type */
  int response_status;               /* 0 when opaque */
  const char* response_url;          /* "" when opaque */
  const corsengine_header* response_headers; /* those script may read */
  size_t response_header_count;
  const char* const* response_header_names; /* sorted, lowercase, unique */
  size_t response_header_name_count;

  /* FAIL: the error kind (corsengine::CorsError's value and name, e.g. 6
   * and "AllowOriginMismatch"), the value that failed, and a one-line
   * console message. The value is the bytes a server or the host gave
   * (cut to a bounded length), so it may hold NUL and control bytes: it
   * is error_parameter_size bytes long (below; NUL-terminated after them).
   * The message is always printable. */
  int error_code;
  const char* error_name;
  const char* error_parameter;
  const char* error_message;

  /* Every kind: why the engine chose this action (one line), what the
   * preflight cache said, and the coalescing flight ids (see fetch.h). */
  const char* reason;
  int cache_outcome; /* a corsengine_cache_outcome */
  uint64_t wait_id;
  uint64_t finished_flight;

  /* FAIL: error_parameter's length in bytes. (Added last, so the fields
   * above keep their offsets for hosts built against an earlier header.) */
  size_t error_parameter_size;
} corsengine_action;

/* The first action. */
const corsengine_action* corsengine_fetch_start(corsengine_fetch* fetch,
                                                int64_t now_unix_ns);
/* The response to the request last sent, as received. */
const corsengine_action* corsengine_fetch_on_response(
    corsengine_fetch* fetch, int status, const corsengine_header* headers,
    size_t header_count, int64_t now_unix_ns);
/* The request last sent got no response; `description` (NUL-terminated,
 * may be NULL) says why. */
const corsengine_action* corsengine_fetch_on_network_error(
    corsengine_fetch* fetch, const char* description, int64_t now_unix_ns);
/* After WAIT_FOR_PREFLIGHT, once an action of another fetch reported
 * finished_flight equal to this fetch's wait_id. */
const corsengine_action* corsengine_fetch_resume(corsengine_fetch* fetch,
                                                 int64_t now_unix_ns);
/* Nonzero once the fetch delivered or failed. */
int corsengine_fetch_done(const corsengine_fetch* fetch);

/* Static names for logs: "send-preflight", "cors", "hit", ... */
const char* corsengine_action_kind_name(int kind);
const char* corsengine_response_type_name(int type);
const char* corsengine_cache_outcome_name(int outcome);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* CORSENGINE_INCLUDE_CORSENGINE_CORSENGINE_C_H_ */
