#!/usr/bin/env python3
"""(Re)generates the fuzz seed corpora and dictionaries.

    python3 fuzz/make_corpus.py            # from the repository root
    python3 fuzz/make_corpus.py --max-seeds 100000 --out /tmp/all
                                           # every candidate, for a one-off
                                           # replay; dictionaries untouched

Reads tests/conformance/scenarios.jsonl (FORMAT.md scenarios) and the
browsers' truth records next to it (chromium/firefox/webkit.jsonl, for which
requests reached the wire in which order), and writes

  * fuzz/corpus/<target>/<sha256 of content>: at most MAX_SEEDS seeds per
    target, each encoded in the byte layout that target's
    LLVMFuzzerTestOneInput decodes (see fuzz/fuzz_util.h and the comment at
    the top of each *_fuzzer.cc);
  * fuzz/<target>.dict: a libFuzzer dictionary per target.

Generated seeds are the files named by 64 hex digits; they are deleted and
written anew on every run. Any other file in a corpus directory (e.g. a
`regression-*` input kept after a fix) is left alone.

The output is deterministic: the same scenarios give the same files.
"""

import argparse
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFORMANCE = os.path.join(ROOT, "tests", "conformance")
FUZZ = os.path.join(ROOT, "fuzz")
MAX_SEEDS = 300

TARGETS = [
    "header_list_fuzzer",
    "url_fuzzer",
    "max_age_fuzzer",
    "preflight_fuzzer",
    "cors_check_fuzzer",
    "fetch_fuzzer",
    "request_fuzzer",
    "cache_fuzzer",
    "flow_fuzzer",
    "capi_fuzzer",
]

PROFILES = ["spec", "chromium", "firefox", "webkit"]  # ConsumeProfile order
MODES = ["cors", "no-cors", "same-origin", "navigate"]
CREDENTIALS = ["omit", "same-origin", "include"]
REDIRECTS = ["follow", "error", "manual"]
CACHES = ["default", "no-store", "reload", "no-cache", "force-cache",
          "only-if-cached"]

# Limits, as in fuzz_util.h.
MAX_HEADERS = 32
MAX_NAME = 64
MAX_VALUE = 1024
MAX_ORIGIN = 128
MAX_URL = 256
MAX_METHOD = 32
NETWORK_ERROR = 1000  # fetch_fuzzer's status meaning "network error"


class Encoder:
    """Writes bytes that FuzzedDataProvider reads back in the same order.

    Strings (ConsumeRandomLengthString) come from the front of the input,
    integers (ConsumeIntegralInRange) from the back, most significant byte
    first; the two streams are independent, so the input is
    front + reversed(back).
    """

    def __init__(self):
        self.front = bytearray()
        self.back = bytearray()

    def integral(self, value, lo, hi, bits):
        span = hi - lo
        assert lo <= value <= hi, (value, lo, hi)
        nbytes = 0
        offset = 0
        while offset < bits and (span >> offset) > 0:
            nbytes += 1
            offset += 8
        self.back += (value - lo).to_bytes(nbytes, "big")

    def u8(self, value, lo, hi):
        self.integral(value, lo, hi, 8)

    def boolean(self, value):
        self.integral(1 if value else 0, 0, 255, 8)

    def string(self, s, max_length):
        data = s.encode("utf-8") if isinstance(s, str) else bytes(s)
        data = data[:max_length]
        self.front += data.replace(b"\\", b"\\\\")
        if len(data) < max_length:
            self.front += b"\\\n"  # backslash + other byte ends the string

    def literal(self, s, max_length):
        """PickOrConsume() spelling the string out (selector >= 128)."""
        self.u8(255, 0, 255)
        self.string(s, max_length)

    def headers(self, headers):
        headers = headers[:MAX_HEADERS]
        self.u8(len(headers), 0, MAX_HEADERS)
        for name, value in headers:
            self.literal(name, MAX_NAME)
            self.literal(value, MAX_VALUE)

    def request(self, origin, req):
        self.literal(origin, MAX_ORIGIN)
        self.literal(req.get("url", ""), MAX_URL)
        self.literal(req.get("method", "GET"), MAX_METHOD)
        # The layout holds only valid enum values; a scenario's invalid
        # string (e.g. mode "websocket") becomes the default.
        def index(table, value, default):
            return table.index(value if value in table else default)
        self.u8(index(MODES, req.get("mode"), "cors"), 0, 3)
        self.u8(index(CREDENTIALS, req.get("credentials"), "same-origin"), 0, 2)
        self.u8(index(REDIRECTS, req.get("redirect"), "follow"), 0, 2)
        self.u8(index(CACHES, req.get("cache"), "no-store"), 0, 5)
        self.boolean(False)  # use-CORS-preflight: no scenario has a body
        self.headers([tuple(h) for h in req.get("headers", [])])

    def data(self):
        return bytes(self.front) + bytes(reversed(self.back))


def load_jsonl(name):
    path = os.path.join(CONFORMANCE, name)
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def family(name):
    return "/".join(name.split("/")[:2])


def pick(candidates, required=()):
    """At most MAX_SEEDS distinct inputs: every `required` one, then
    round-robin over families so every family of scenarios is represented.
    `candidates` is [(family, bytes)]."""
    by_family = {}
    order = []
    seen = set()
    chosen = []
    for data in required:
        if data not in seen:
            seen.add(data)
            chosen.append(data)
    for fam, data in candidates:
        if data in seen:
            continue
        seen.add(data)
        if fam not in by_family:
            by_family[fam] = []
            order.append(fam)
        by_family[fam].append(data)
    round_index = 0
    while len(chosen) < MAX_SEEDS:
        added = False
        for fam in order:
            items = by_family[fam]
            if round_index < len(items):
                chosen.append(items[round_index])
                added = True
                if len(chosen) == MAX_SEEDS:
                    break
        if not added:
            break
        round_index += 1
    return chosen


def match(server, method, url):
    for entry in server:
        if entry["method"] == method and entry["url"] == url:
            return entry
    return None


def responses_for(step, wire):
    """The responses in the order requests reached the wire (per a browser's
    truth record), else the scenario's order."""
    server = step.get("server", [])
    if not wire:
        return server
    out = []
    for w in wire:
        entry = match(server, w["method"], w["url"])
        out.append(entry or {"method": w["method"], "url": w["url"],
                             "status": 404, "headers": []})
    return out


def headers_of(entry):
    return [tuple(h) for h in entry.get("headers", [])]


# Hand-written URL seeds: shapes the scenarios do not cover.
EXTRA_URLS = [
    "http://[::1]:8002/r/x",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[1:0:0:2::3:0]/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://2130706433/",
    "http://127.0.0.1./",
    "http://example.com.:80/",
    "HTTP://EXAMPLE.COM:0080/a/../b/./c?q=1#frag",
    "https://a.example:443/%2e%2E/x",
    "http://user:pa%20ss@a.example/",
    "http://a%41.example/",
    "http:\\\\a.example\\b\\c",
    "  http://a.example/\t\n ",
    "ws://a.example:80/",
    "wss://a.example:443/",
    "ftp://a.example:21/",
    "data:text/plain,hello#x",
    "about:blank",
    "javascript:alert(1)",
    "blob:http://a.example/uuid",
    "foo://host/path?q=\u00e9 x",
    "http://a.example/p?q='\"<>`",
    "http://a.example/\u00e9?\u00e9",
    "http://a.example:65535/",
    "http://a.example:65536/",
    "http://1.2.3.4.5/",
    "http://999.0.0.1/",
    "http:/a.example",
    "null",
]

EXTRA_MAX_AGE = [
    "2147483647", "2147483648", "4294967296", "9223372036854775807",
    "9223372036854775808", "99999999999999999999999", "-0", "-2147483648",
    " \t7200\t ", "7201", "601", "00000000000000000000001", "10\n10",
    "5\n", "\n", "1e3", "\u0661",
]


def seeds(scenarios, truths):
    out = {t: [] for t in TARGETS}

    # url_fuzzer: every URL, origin, Location and Allow-Origin value.
    urls = []
    for s in scenarios:
        fam = family(s["name"])
        urls.append((fam, s["origin"]))
        for step in s["steps"]:
            urls.append((fam, step["request"]["url"]))
            for entry in step.get("server", []):
                urls.append((fam, entry["url"]))
                for name, value in headers_of(entry):
                    if name.lower() in ("location",
                                        "access-control-allow-origin"):
                        urls.append((fam, value))
    # Scenario URLs differ mostly in their path slug: prefer distinct shapes.
    def shape(u):
        return re.sub(r"[A-Za-z0-9]+", "a", u)
    by_shape = {}
    for fam, u in urls:
        by_shape.setdefault(shape(u), (fam, u))
    url_candidates = [(fam, u.encode()) for fam, u in by_shape.values()]
    url_candidates += [(fam, u.encode()) for fam, u in urls]
    out["url_fuzzer"] = pick(url_candidates,
                             [u.encode() for u in EXTRA_URLS])

    # max_age_fuzzer: every Max-Age value; pairs of values from one response.
    ages = []
    for s in scenarios:
        for step in s["steps"]:
            for entry in step.get("server", []):
                values = [v for n, v in headers_of(entry)
                          if n.lower() == "access-control-max-age"]
                for v in values:
                    ages.append(("single", v.encode()))
                if len(values) >= 2:
                    ages.append(("pair", "\n".join(values[:2]).encode()))
    out["max_age_fuzzer"] = pick(ages, [v.encode() for v in EXTRA_MAX_AGE])

    header_list = []
    preflight = []
    cors_check = []
    fetch = []
    request = []
    cache = []
    flow = []
    capi = []
    for index, s in enumerate(scenarios):
        fam = family(s["name"])
        profile = index % len(PROFILES)
        truth = truths[PROFILES[profile]].get(s["name"])
        for step_index, step in enumerate(s["steps"]):
            req = step["request"]
            server = step.get("server", [])
            wire = []
            if truth and step_index < len(truth["steps"]):
                wire = truth["steps"][step_index].get("wire", [])
            responses = responses_for(step, wire)

            # header_list_fuzzer: each response's headers, queried by the
            # first Access-Control-* name in them; each such value alone.
            for entry in server:
                headers = headers_of(entry)
                if not headers:
                    continue
                names = [n for n, _ in headers
                         if n.lower().startswith("access-control-")]
                query = names[0] if names else headers[0][0]
                enc = Encoder()
                enc.headers(headers)
                enc.literal(query, MAX_NAME)
                header_list.append((fam, enc.data()))
                for name, value in headers:
                    if name.lower().startswith("access-control-"):
                        enc = Encoder()
                        enc.headers([(name, value)])
                        enc.literal(name, MAX_NAME)
                        header_list.append(("value", enc.data()))

            # cors_check_fuzzer: every response, checked as the browser
            # would (OPTIONS as a preflight).
            for entry in server:
                enc = Encoder()
                enc.literal(s["origin"], MAX_ORIGIN)
                enc.boolean(entry["method"] == "OPTIONS")
                enc.headers(headers_of(entry))
                cors_check.append((fam, enc.data()))

            # preflight_fuzzer: the request and its preflight response (the
            # OPTIONS entry, else the first response).
            options = [e for e in server if e["method"] == "OPTIONS"]
            answer = options[0] if options else (server[0] if server else
                                                 {"status": 404,
                                                  "headers": []})
            enc = Encoder()
            enc.u8(profile, 0, 3)
            enc.request(s["origin"], req)
            enc.integral(min(max(answer["status"], 0), 999), 0, 999, 16)
            enc.headers(headers_of(answer))
            preflight.append((fam, enc.data()))

            # request_fuzzer: the request alone (preflight_fuzzer's start).
            enc = Encoder()
            enc.u8(profile, 0, 3)
            enc.request(s["origin"], req)
            request.append((fam, enc.data()))

            # fetch_fuzzer: the request and the responses in wire order.
            enc = Encoder()
            enc.u8(profile, 0, 3)
            enc.request(s["origin"], req)
            for entry in responses[:64]:
                enc.integral(min(max(entry["status"], 0), 999), 0,
                             NETWORK_ERROR, 16)
                enc.headers(headers_of(entry))
            fetch.append((fam, enc.data()))

        # cache_fuzzer and flow_fuzzer: the whole scenario, steps in order.
        cache.append((fam, cache_seed(s, profile, truth)))
        flow.append((fam, flow_seed(s, profile, truth)))
        capi.append((fam, capi_seed(s, profile, truth)))

    out["request_fuzzer"] = pick(request)
    out["cache_fuzzer"] = pick(cache)
    out["flow_fuzzer"] = pick(flow)
    out["capi_fuzzer"] = pick(capi)
    out["header_list_fuzzer"] = pick(header_list)
    out["preflight_fuzzer"] = pick(preflight)
    out["cors_check_fuzzer"] = pick(cors_check)
    out["fetch_fuzzer"] = pick(fetch)
    return out


# ---------------------------------------------------------------------------
# cache_fuzzer and flow_fuzzer: a scenario's steps as a sequence of
# operations in those targets' layouts (see the comments at the top of
# fuzz/cache_fuzzer.cc and fuzz/flow_fuzzer.cc). Their tables, as there:

CACHE_KEY_ORIGINS = ["http://127.0.0.1:8001", "null", "http://localhost:8002"]
CACHE_STATUSES = [200, 204, 206, 299, 300, 404, 500, 0]
CACHE_OP_STORE, CACHE_OP_LOOKUP, CACHE_OP_ADVANCE = 0, 2, 7
FLOW_PAGE_ORIGINS = ["http://127.0.0.1:8001", "http://127.0.0.1:8002",
                     "http://localhost:8002", "https://127.0.0.1:8001", "null"]
FLOW_SERVERS = ["http://127.0.0.1:8001", "http://127.0.0.1:8002",
                "http://127.0.0.1:8003", "http://localhost:8002"]
FLOW_PREFLIGHT_STATUSES = [200, 204, 299, 301, 404, 500, 0]
FLOW_STATUSES = [200, 204, 404, 301, 302, 303, 307, 308, 500]
FLOW_EXPOSE = ["*", "x-secret", "X-Secret, set-cookie", "", "x secret"]
MAX_FETCHES = 6


def header_values(headers, name):
    return [v for n, v in headers if n.lower() == name.lower()]


def acao_choice(headers, origin, echo_index, fixed_index):
    """The Allow-Origin choice byte: echo/`*`/`null`/absent/fixed/twice."""
    values = header_values(headers, "Access-Control-Allow-Origin")
    if not values:
        return 3
    if len(values) > 1:
        return 5 if fixed_index == 4 else fixed_index
    v = values[0].strip(" \t")
    if v == origin:
        return echo_index
    if v == "*":
        return 1
    if v == "null":
        return 2
    return fixed_index


def acac_choice(headers):
    values = header_values(headers, "Access-Control-Allow-Credentials")
    if not values:
        return 0
    return 1 if values[0].strip(" \t") == "true" else 2


def encode_optional_header(enc, headers, name, max_length):
    values = header_values(headers, name)
    enc.boolean(bool(values))
    if values:
        enc.literal(", ".join(values), max_length)


def enum_index(table, value, default, limit=None):
    """The index of a scenario's enum string (an invalid one, e.g.
    `INCLUDE`, becomes the default), within the first `limit` entries."""
    table = table[:limit] if limit else table
    return table.index(value if value in table else default)


def status_index(table, status, default):
    return table.index(status) if status in table else table.index(default)


class Paths:
    """Maps a scenario's URL paths onto the targets' three paths (or
    three cache URLs), in order of appearance."""

    def __init__(self):
        self.seen = []

    def index(self, url):
        path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        if path not in self.seen:
            self.seen.append(path)
        return self.seen.index(path) % 3


def cache_seed(s, profile, truth):
    """A scenario's steps as cache operations: per step the clock, a lookup
    for the step's request, the store of its preflight response (if the
    scenario has one), and the lookup again."""
    enc = Encoder()
    enc.u8(profile, 0, 3)
    enc.u8(0, 0, 8)      # the profile's entry bound
    enc.boolean(True)    # exact: 1 GiB of bytes
    enc.boolean(False)   # not the consistent server: responses as written
    origin_index = (CACHE_KEY_ORIGINS.index(s["origin"])
                    if s["origin"] in CACHE_KEY_ORIGINS else 0)
    paths = Paths()
    ops = 0
    for step in s["steps"]:
        req = step["request"]
        key = 2 * origin_index + 6 * paths.index(req["url"])
        credentials = enum_index(CREDENTIALS, req.get("credentials"), "same-origin")
        seconds = int(step.get("after_ms", 0)) // 1000
        enc.u8(CACHE_OP_ADVANCE, 0, 9)
        if seconds < 128:
            enc.u8(seconds, 0, 255)
        else:
            enc.u8(255, 0, 255)
            enc.integral(min(seconds, 200000), 0, 200000, 32)

        def lookup():
            enc.u8(CACHE_OP_LOOKUP, 0, 9)
            enc.u8(key, 0, 255)
            enc.u8(credentials, 0, 2)
            enc.boolean(False)  # use-CORS-preflight: no scenario has a body
            enc.literal(req.get("method", "GET"), MAX_METHOD)
            headers = [tuple(h) for h in req.get("headers", [])][:4]
            enc.u8(len(headers), 0, 4)
            for name, value in headers:
                enc.literal(name, MAX_NAME)
                enc.literal(value, 160)

        lookup()
        options = [e for e in step.get("server", [])
                   if e["method"] == "OPTIONS"]
        if options:
            headers = headers_of(options[0])
            enc.u8(CACHE_OP_STORE, 0, 9)
            enc.u8(key, 0, 255)
            enc.u8(credentials, 0, 2)
            enc.literal(req.get("method", "GET"), MAX_METHOD)
            enc.u8(status_index(CACHE_STATUSES, options[0]["status"], 0), 0, 7)
            enc.u8(acao_choice(headers, s["origin"], 0, 4), 0, 5)
            enc.u8(acac_choice(headers), 0, 2)
            encode_optional_header(enc, headers, "Access-Control-Allow-Methods", 64)
            encode_optional_header(enc, headers, "Access-Control-Allow-Headers", 64)
            encode_optional_header(enc, headers, "Access-Control-Max-Age", 32)
            lookup()
            ops += 2
        ops += 2
        if ops >= 60:
            break
    return enc.data()


def flow_seed(s, profile, truth):
    """A scenario's steps as consecutive fetches, answered in the order a
    browser's truth record shows the requests reaching the wire."""
    enc = Encoder()
    enc.u8(profile, 0, 3)
    enc.u8(0, 0, 8)      # the profile's entry bound
    enc.boolean(False)   # no use-CORS-preflight flag
    steps = s["steps"][:MAX_FETCHES]
    enc.u8(len(steps), 1, MAX_FETCHES)
    origin_index = (FLOW_PAGE_ORIGINS.index(s["origin"])
                    if s["origin"] in FLOW_PAGE_ORIGINS else 0)
    paths = Paths()
    preflighted = set()

    def server_index(url):
        for i, server in enumerate(FLOW_SERVERS):
            if url.startswith(server + "/"):
                return i
        return 1

    for step_index, step in enumerate(steps):
        req = step["request"]
        seconds = int(step.get("after_ms", 0)) // 1000
        if seconds < 128:
            enc.u8(seconds, 0, 255)
        else:
            enc.u8(255, 0, 255)
            enc.integral(min(seconds, 100000), 0, 100000, 32)
        enc.u8(origin_index, 0, 4)
        enc.u8(server_index(req["url"]), 0, 3)
        enc.u8(paths.index(req["url"]), 0, 2)
        enc.literal(req.get("method", "GET"), MAX_METHOD)
        enc.u8(enum_index(MODES, req.get("mode"), "cors", 3), 0, 2)
        enc.u8(enum_index(CREDENTIALS, req.get("credentials"), "same-origin"),
               0, 2)
        enc.u8(enum_index(REDIRECTS, req.get("redirect"), "follow"), 0, 2)
        enc.u8(enum_index(CACHES, req.get("cache"), "no-store", 5), 0, 4)
        headers = [tuple(h) for h in req.get("headers", [])][:3]
        enc.u8(len(headers), 0, 3)
        for name, value in headers:
            enc.literal(name, MAX_NAME)
            enc.literal(value, 160)
        wire = []
        if truth and step_index < len(truth["steps"]):
            wire = truth["steps"][step_index].get("wire", [])
        for entry in responses_for(step, wire)[:42]:
            headers = headers_of(entry)
            mapped = (FLOW_SERVERS[server_index(entry["url"])] +
                      paths.seen[paths.index(entry["url"])])
            if entry["method"] == "OPTIONS":
                if mapped in preflighted:
                    continue  # the target reuses the first answer
                preflighted.add(mapped)
                enc.u8(status_index(FLOW_PREFLIGHT_STATUSES, entry["status"], 404),
                       0, 7)
                enc.u8(acao_choice(headers, s["origin"], 0, 4), 0, 5)
                enc.u8(acac_choice(headers), 0, 2)
                encode_optional_header(enc, headers,
                                       "Access-Control-Allow-Methods", 64)
                encode_optional_header(enc, headers,
                                       "Access-Control-Allow-Headers", 64)
                encode_optional_header(enc, headers, "Access-Control-Max-Age", 32)
                continue
            status = entry["status"]
            if status not in FLOW_STATUSES:
                status = 200 if status < 300 else (404 if status < 500 else 500)
            enc.u8(FLOW_STATUSES.index(status), 0, 9)
            if status in (301, 302, 303, 307, 308):
                locations = header_values(headers, "Location")
                if not locations:
                    enc.u8(7, 0, 11)
                elif len(locations) > 1:
                    enc.u8(8, 0, 11)
                elif locations[0] == "":
                    enc.u8(6, 0, 11)
                elif "@" in locations[0]:
                    enc.u8(10, 0, 11)
                elif locations[0].startswith("http"):
                    enc.u8(0, 0, 11)
                    enc.u8(server_index(locations[0]), 0, 3)
                    enc.u8(paths.index(locations[0]), 0, 2)
                elif locations[0].startswith("/"):
                    enc.u8(4, 0, 11)
                else:
                    enc.u8(11, 0, 11)
            enc.u8(min(acao_choice(headers, s["origin"], 0, 4), 4), 0, 4)
            enc.boolean(acac_choice(headers) == 1)
            expose = header_values(headers, "Access-Control-Expose-Headers")
            enc.boolean(bool(expose))
            if expose:
                value = expose[0]
                enc.u8(FLOW_EXPOSE.index(value) if value in FLOW_EXPOSE else 1,
                       0, 4)
    return enc.data()


# ---------------------------------------------------------------------------
# Dictionaries.

CORS_NAMES = [
    "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers", "Access-Control-Max-Age",
    "Access-Control-Request-Method", "Access-Control-Request-Headers",
    "Origin", "Location", "Set-Cookie", "Set-Cookie2", "Authorization",
    "Content-Type", "Cache-Control", "Content-Language", "Content-Length",
    "Expires", "Last-Modified", "Pragma", "Accept", "Accept-Language",
    "Range", "Vary",
]
CORS_TOKENS = [
    "*", "null", "true", "false", ", ", ",", "\"", "\\", " ", "\t", "bytes=",
    "bytes=0-1", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
    "CONNECT", "TRACE", "TRACK", "x-a", "text/plain", "multipart/form-data",
    "application/x-www-form-urlencoded", ";", "=", "-", "0", "86400",
    "http://127.0.0.1:8001", "http://127.0.0.1:8002", "https://",
    "http://", "127.0.0.1", "localhost", ":8001",
]
URL_TOKENS = [
    "http://", "https://", "ws://", "wss://", "ftp://", "data:", "blob:",
    "about:blank", "null", "://", "//", "@", ":", "[", "]", "[::1]", "::",
    "::ffff:", "%", "%2e", "%2E", "%41", "%00", "..", ".", "/", "\\", "?",
    "#", "0x", "0X", "0", "127.0.0.1", "255", "256", "4294967295", ":80",
    ":443", ":21", ":65535", ":65536", "user:pass@", "localhost", "\t",
    "\n", " ",
]
MAX_AGE_TOKENS = [
    "0", "1", "5", "10", "-", "+", ".", ",", " ", "\t", "\n", "-0", "600",
    "7200", "86400", "2147483647", "2147483648", "4294967296",
    "9223372036854775807", "9223372036854775808", "0x", "e",
]


# capi_fuzzer: a scenario's steps as C API calls, one fetch after another
# in slot 0; a step that sends a preflight is played again with a second
# fetch of the same request in slot 1, started before the first one's
# preflight is answered, so that the two share it. Its tables, as there:
CAPI_STATUSES = [200, 204, 301, 302, 303, 307, 308, 403, 500, 0, 101, 999]
CAPI_OP_NEW, CAPI_OP_START, CAPI_OP_RESUME = 0, 1, 4
CAPI_OP_ADVANCE, CAPI_OP_RESPOND = 7, 8
CAPI_CREDENTIALS = ["same-origin", "omit", "include"]  # the C enum's order


def capi_seed(s, profile, truth):
    enc = Encoder()
    enc.integral(profile, 0, 3, 32)
    enc.integral(0, 0, 8, 64)  # the profile's cache bound
    enc.boolean(True)          # coalescing
    enc.boolean(False)         # no allow pattern

    def op(code, slot):
        enc.integral(code, 0, 8, 32)
        enc.integral(slot, 0, 3, 64)

    def new_fetch(slot, req):
        op(CAPI_OP_NEW, slot)
        enc.literal(s["origin"], MAX_ORIGIN)
        enc.literal(req.get("url", ""), MAX_URL)
        enc.literal(req.get("method", "GET"), MAX_METHOD)
        enc.integral(enum_index(MODES, req.get("mode"), "cors"), 0, 4, 32)
        enc.integral(enum_index(CAPI_CREDENTIALS, req.get("credentials"),
                                "same-origin"), 0, 3, 32)
        enc.integral(enum_index(REDIRECTS, req.get("redirect"), "follow"),
                     0, 3, 32)
        enc.integral(enum_index(CACHES, req.get("cache"), "default"), 0, 6, 32)
        enc.boolean(False)
        headers = [tuple(h) for h in req.get("headers", [])][:3]
        enc.integral(len(headers), 0, 3, 64)
        for name, value in headers:
            enc.literal(name, MAX_NAME)
            enc.literal(value, MAX_VALUE)

    def respond(slot, entry):
        op(CAPI_OP_RESPOND, slot)
        status = entry["status"]
        if status not in CAPI_STATUSES:  # the table's status of its class
            status = {1: 101, 2: 200, 3: 302, 4: 403}.get(status // 100, 500)
        enc.integral(CAPI_STATUSES.index(status), 0, len(CAPI_STATUSES) - 1, 64)
        enc.headers(headers_of(entry))

    for step_index, step in enumerate(s["steps"]):
        seconds = min((step.get("after_ms", 0) + 999) // 1000, 255)
        if seconds:
            op(CAPI_OP_ADVANCE, 0)
            enc.u8(seconds, 0, 255)
        req = step["request"]
        wire = []
        if truth and step_index < len(truth["steps"]):
            wire = truth["steps"][step_index].get("wire", [])
        responses = responses_for(step, wire)[:16]
        new_fetch(0, req)
        op(CAPI_OP_START, 0)
        shared = bool(responses) and responses[0]["method"] == "OPTIONS"
        if shared:
            new_fetch(1, req)
            op(CAPI_OP_START, 1)
        for entry in responses:
            respond(0, entry)
        if shared:
            op(CAPI_OP_RESUME, 1)
            for entry in responses[1:]:
                respond(1, entry)
    return enc.data()


def dict_escape(s):
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in "\\\"":
            out.append("\\" + c)
        elif 0x20 <= b <= 0x7E:
            out.append(c)
        else:
            out.append("\\x%02X" % b)
    return "".join(out)


def write_dict(target, sections):
    lines = [
        "# libFuzzer dictionary for %s." % target,
        "# Generated by fuzz/make_corpus.py from the conformance scenarios;",
        "# edit the script, not this file.",
    ]
    seen = set()
    for title, values in sections:
        lines.append("")
        lines.append("# " + title)
        for v in values:
            if not v or v in seen:
                continue
            seen.add(v)
            lines.append('"%s"' % dict_escape(v))
    path = os.path.join(FUZZ, target + ".dict")
    with open(path, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


def dictionaries(scenarios):
    values = set()
    methods = set()
    for s in scenarios:
        for step in s["steps"]:
            methods.add(step["request"].get("method", "GET"))
            for entry in step.get("server", []):
                for name, value in headers_of(entry):
                    if name.lower().startswith("access-control-"):
                        values.add(value)
    values = sorted(v for v in values if len(v) <= 64)
    methods = sorted(methods)
    cors = [("CORS header names", CORS_NAMES + [n.lower() for n in CORS_NAMES]),
            ("CORS tokens and values", CORS_TOKENS),
            ("Access-Control-* values from the scenarios", values),
            ("request methods from the scenarios", methods)]
    write_dict("header_list_fuzzer", cors)
    write_dict("cors_check_fuzzer", cors)
    write_dict("preflight_fuzzer", cors)
    write_dict("fetch_fuzzer", cors + [("redirect statuses and locations",
                                        ["301", "302", "303", "307", "308",
                                         "http://127.0.0.1:8003/r/"])])
    write_dict("request_fuzzer", cors + [
        ("request header values", ["bytes=0-1", "BYTES=", "text/plain;",
                                   "multipart/form-data; boundary=",
                                   "application/x-www-form-urlencoded",
                                   "en-US", "\r", "\n", "\x00", "Sec-",
                                   "Proxy-", "X-HTTP-Method-Override",
                                   "1.5", "on", "slow-2g"])])
    write_dict("cache_fuzzer", cors + [("delta-seconds", MAX_AGE_TOKENS)])
    write_dict("flow_fuzzer", cors + [("redirect statuses and locations",
                                       ["301", "302", "303", "307", "308",
                                        "/r/a", "/r/b"])])
    write_dict("capi_fuzzer", cors + [("redirect statuses and locations",
                                       ["301", "302", "303", "307", "308",
                                        "http://127.0.0.1:8003/r/"])])
    write_dict("url_fuzzer", [("URL syntax", URL_TOKENS),
                              ("origins", ["http://127.0.0.1:8001",
                                           "http://localhost:8002"])])
    write_dict("max_age_fuzzer", [("delta-seconds and near misses",
                                   MAX_AGE_TOKENS)])


def main():
    global MAX_SEEDS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-seeds", type=int, default=MAX_SEEDS,
                        help="seeds per target (default %(default)s)")
    parser.add_argument("--out", default=None,
                        help="write corpora under OUT/<target>/ instead of "
                        "fuzz/corpus/ and leave the dictionaries alone")
    args = parser.parse_args()
    MAX_SEEDS = args.max_seeds
    corpus_root = args.out or os.path.join(FUZZ, "corpus")
    scenarios = load_jsonl("scenarios.jsonl")
    truths = {"spec": {}}
    for browser in ("chromium", "firefox", "webkit"):
        truths[browser] = {t["name"]: t for t in load_jsonl(browser + ".jsonl")}
    truths["spec"] = truths["chromium"]
    generated = seeds(scenarios, truths)
    for target, inputs in generated.items():
        directory = os.path.join(corpus_root, target)
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            if re.fullmatch(r"[0-9a-f]{64}", name):
                os.remove(os.path.join(directory, name))
        for data in inputs:
            digest = hashlib.sha256(data).hexdigest()
            with open(os.path.join(directory, digest), "wb") as f:
                f.write(data)
        print("%-20s %3d seeds" % (target, len(inputs)))
    if args.out is None:
        dictionaries(scenarios)
    return 0


if __name__ == "__main__":
    sys.exit(main())
