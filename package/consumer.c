/* A host in C built against an installed corsengine with plain cc and
 * pkg-config (package/install_test.sh): one preflighted fetch, offline. */

#include <corsengine/corsengine_c.h>

#include <stdio.h>
#include <string.h>

int main(void) {
  corsengine_engine* engine = corsengine_engine_new("chromium", NULL);
  corsengine_header script[1] = {{"X-Token", 7, "t", 1}};
  corsengine_header preflight[2] = {
      {"Access-Control-Allow-Origin", 27, "https://app.example", 19},
      {"Access-Control-Allow-Headers", 28, "x-token", 7}};
  corsengine_request_init init;
  corsengine_fetch* fetch;
  const corsengine_action* a;
  int ok;

  memset(&init, 0, sizeof init);
  init.origin = "https://app.example";
  init.url = "https://api.example/items";
  init.headers = script;
  init.header_count = 1;
  fetch = corsengine_fetch_new(engine, &init);
  a = corsengine_fetch_start(fetch, 0);
  ok = a != NULL && a->kind == CORSENGINE_ACTION_SEND_PREFLIGHT;
  a = corsengine_fetch_on_response(fetch, 204, preflight, 2, 0);
  ok = ok && a != NULL && a->kind == CORSENGINE_ACTION_SEND_REQUEST;
  a = corsengine_fetch_on_response(fetch, 200, preflight, 1, 0);
  ok = ok && a != NULL && a->kind == CORSENGINE_ACTION_DELIVER &&
       strcmp(corsengine_response_type_name(a->response_type), "cors") == 0;
  corsengine_fetch_free(fetch);
  corsengine_engine_free(engine);
  puts(ok ? "c consumer: ok" : "c consumer: FAILED");
  return ok ? 0 : 1;
}
