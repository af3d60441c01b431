#!/usr/bin/env python3
"""Writes the variant corpus: scenarios that vary the public corpus's
families along values it does not use (header spellings, list syntax,
statuses, Max-Age values, redirect chains, cache sequences), so that the
engine's rules are checked on cases nobody wrote an answer for.

    python3 tests/conformance/variants/generate.py > tests/conformance/variants/scenarios.jsonl

The output is deterministic (no randomness, no set order): every scenario
is one point of a small table below, named after it. What the browsers did with them is
recorded with tests/browsers/record.js into chromium.jsonl, firefox.jsonl
and webkit.jsonl beside this file.
"""

import json
import re
import sys

PAGE = "http://127.0.0.1:8001"
CROSS = "http://127.0.0.1:8002"
THIRD = "http://127.0.0.1:8003"
LOCALHOST = "http://localhost:8002"

scenarios = []


def unique(items):
    """The items without repeats, in order (a set's order would vary from
    run to run with Python's string hashing)."""
    return list(dict.fromkeys(items))


def slug(name):
    return "v-" + re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")


def request(method, url, headers=(), credentials="same-origin", mode="cors",
            redirect="follow", cache="no-store"):
    return {"method": method, "url": url, "mode": mode,
            "credentials": credentials, "redirect": redirect,
            "headers": [list(h) for h in headers], "cache": cache}


def resp(method, url, status, headers):
    return {"method": method, "url": url, "status": status,
            "headers": [list(h) for h in headers]}


def add(name, steps):
    scenarios.append({"name": "variant/" + name, "origin": PAGE,
                      "steps": steps})


def step(req, server, after_ms=0):
    return {"after_ms": after_ms, "request": req, "server": server}


def redirect_pair(url1, url2, status, methods, allow, hop_acao, final):
    """Servers for one redirect from url1 to url2: preflights at both that
    answer `allow`, and for each method a `status` redirect (Allow-Origin
    `hop_acao`) then a 200 with `final`."""
    server = [resp("OPTIONS", url1, 204, allow), resp("OPTIONS", url2, 204, allow)]
    for m in methods:
        server.append(resp(m, url1, status, [(ACAO, hop_acao), ("Location", url2)]))
        server.append(resp(m, url2, 200, final))
    return server


def cached_put(url):
    """A PUT to `url` whose preflight allows it for 600 s."""
    return step(request("PUT", url, cache="default"),
                [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAM, "PUT"), (ACMA, "600")]),
                 resp("PUT", url, 200, [(ACAO, PAGE)])])


def warmups(name):
    """Two other keys stored first: Firefox does not reuse a fresh context's
    first stores (OBSERVED.md)."""
    return [cached_put(f"{THIRD}/r/{slug(name)}-warm{w}") for w in range(2)]


def primed(name):
    """One key stored twice first: Firefox keeps nothing in a fresh context
    until a key repeats."""
    return [cached_put(f"{THIRD}/r/{slug(name)}-prime")] * 2


ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACAM = "Access-Control-Allow-Methods"
ACAH = "Access-Control-Allow-Headers"
ACMA = "Access-Control-Max-Age"
ACEH = "Access-Control-Expose-Headers"


def one_header(name, method, hname, value):
    """`method` with one script header, whose preflight (if it is sent)
    allows it: which values make a preflight."""
    url = f"{CROSS}/r/{slug(name)}"
    allow = [(ACAO, PAGE)] + ([(ACAM, method)] if method != "GET" else []) + \
        [(ACAH, hname.lower())]
    add(name, [step(request(method, url, headers=[(hname, value)]),
                    [resp("OPTIONS", url, 204, allow),
                     resp(method, url, 200, [(ACAO, PAGE)])])])

# --- Allow-Origin values on a simple GET, with and without credentials ---
acao_values = {
    "exact-tab": [(ACAO, PAGE + "\t")],
    "star-space": [(ACAO, " *")],
    "double-star": [(ACAO, "**")],
    "upper-scheme": [(ACAO, "HTTP://127.0.0.1:8001")],
    "https": [(ACAO, "https://127.0.0.1:8001")],
    "localhost": [(ACAO, "http://localhost:8001")],
    "leading-zero-port": [(ACAO, "http://127.0.0.1:08001")],
    "explicit-default-port": [(ACAO, "http://127.0.0.1:80")],
    "quoted": [(ACAO, '"' + PAGE + '"')],
    "exact-then-star": [(ACAO, PAGE), (ACAO, "*")],
    "exact-comma-space": [(ACAO, PAGE + ", ")],
    "empty": [(ACAO, "")],
    "Null": [(ACAO, "Null")],
    "lowercase-name": [("access-control-allow-origin", PAGE)],
    "upper-name": [("ACCESS-CONTROL-ALLOW-ORIGIN", PAGE)],
    "origin-with-query": [(ACAO, PAGE + "?")],
    "origin-with-fragment": [(ACAO, PAGE + "#")],
    "ipv4-octal": [(ACAO, "http://0177.0.0.1:8001")],
}
for label, headers in acao_values.items():
    for method in ("GET", "POST"):
        for cred in ("omit", "include"):
            name = f"acao/{label}/{method}/{cred}"
            url = f"{CROSS}/r/{slug(name)}"
            extra = [(ACAC, "true")] if cred == "include" else []
            add(name, [step(request(method, url, credentials=cred),
                            [resp(method, url, 200, headers + extra)])])

# --- Allow-Credentials values with an exact Allow-Origin ---
acac_values = ["true", "True", " true", "true ", "1", "yes", "true, true",
               "", "tRUE", "true;", "\"true\"", "false", None, "twice"]
for value in acac_values:
    for cred in ("include", "same-origin"):
        label = "missing" if value is None else (value if value else "empty")
        name = f"acac/{label}/{cred}"
        url = f"{CROSS}/r/{slug(name)}"
        headers = [(ACAO, PAGE)]
        if value == "twice":
            headers += [(ACAC, "true"), (ACAC, "true")]
        elif value is not None:
            headers.append((ACAC, value))
        add(name, [step(request("GET", url, credentials=cred),
                        [resp("GET", url, 200, headers)])])

# --- Preflight: methods as script writes them, against Allow-Methods ---
methods = ["put", "Put", "DELETE", "delete", "PATCH", "Patch", "OPTIONS",
           "CUSTOM", "custom", "M-SEARCH", "Get", "post"]
acam_values = ["PUT", "put", "*", "PUT,", ",PUT", " PUT , GET ", "GET,PUT",
               "PUT;", "PUT PATCH", "", "twice", "DELETE, PATCH, CUSTOM, M-SEARCH",
               "delete, patch, custom", "Patch,Put,Delete"]
for method in methods:
    for value in acam_values:
        for cred in ("omit", "include"):
            if cred == "include" and value not in ("*", "PUT", "put"):
                continue
            label = value if value else "empty"
            name = f"acam/{method}/{label}/{cred}"
            url = f"{CROSS}/r/{slug(name)}"
            pre = [(ACAO, PAGE)]
            if cred == "include":
                pre.append((ACAC, "true"))
            if value == "twice":
                pre += [(ACAM, method.upper()), (ACAM, "GET")]
            else:
                pre.append((ACAM, value))
            actual = [(ACAO, PAGE)] + ([(ACAC, "true")] if cred == "include" else [])
            server = [resp("OPTIONS", url, 204, pre)]
            for m in unique([method, method.upper()]):
                server.append(resp(m, url, 200, actual))
            # A request with a header too, so safelisted methods preflight.
            hdrs = [("X-V", "1")] if method.upper() in ("GET", "POST") else []
            if hdrs:
                pre.append((ACAH, "x-v"))
            add(name, [step(request(method, url, headers=hdrs, credentials=cred),
                            server)])

# --- Preflight: header names against Allow-Headers ---
header_sets = {
    "one": [("X-Foo", "1")],
    "two": [("X-Foo", "1"), ("x-bar", "2")],
    "auth": [("Authorization", "Bearer x")],
    "auth-and-one": [("Authorization", "Bearer x"), ("X-Foo", "1")],
    "ct-json": [("Content-Type", "application/json")],
    "dup": [("X-Foo", "1"), ("X-FOO", "2")],
    "accept-long": [("Accept", "a" * 200)],
    "underscore": [("X_Foo", "1")],
}
acah_values = ["x-foo, x-bar", "X-FOO,X-BAR", "x-foo", "*", "*, authorization",
               "x-foo,,x-bar", "x-foo x-bar", " x-foo , x-bar ", "authorization",
               "content-type", "accept", "twice", "x-foo;", "x_foo", "",
               "x-foo, *", "Authorization, X-Foo, Content-Type, Accept, X-Bar, X_Foo"]
for set_label, hdrs in header_sets.items():
    for value in acah_values:
        for cred in ("omit", "include"):
            if cred == "include" and value not in ("*", "*, authorization",
                                                   "x-foo, *", "x-foo"):
                continue
            label = value if value else "empty"
            name = f"acah/{set_label}/{label}/{cred}"
            url = f"{CROSS}/r/{slug(name)}"
            pre = [(ACAO, PAGE), (ACAM, "PUT")]
            if cred == "include":
                pre.append((ACAC, "true"))
            if value == "twice":
                pre += [(ACAH, "x-foo"), (ACAH, "x-bar, authorization")]
            else:
                pre.append((ACAH, value))
            actual = [(ACAO, PAGE)] + ([(ACAC, "true")] if cred == "include" else [])
            add(name, [step(request("PUT", url, headers=hdrs, credentials=cred),
                            [resp("OPTIONS", url, 204, pre),
                             resp("PUT", url, 200, actual)])])

# --- Safelisted request headers (GET, no other header) ---
safelist = [
    ("Accept", "text/html, */*;q=0.8"), ("Accept", "a\"b"), ("Accept", "a{b"),
    ("Accept", "a@b"), ("Accept", "x" * 128), ("Accept", "a(b)"),
    ("Accept", "a:b"), ("Accept", "a<b>"), ("Accept", "a?b"), ("Accept", "a[b]"),
    ("Accept", "a\\b"), ("Accept", "\u00e9"),
    ("Accept-Language", "en-US,en;q=0.9"), ("Accept-Language", "en_US"),
    ("Accept-Language", "en US"), ("Accept-Language", "*"),
    ("Accept-Language", "en=1"), ("Accept-Language", "en/US"),
    ("Accept-Language", "en." * 40), ("Content-Language", "de-DE, en"),
    ("Content-Language", "de'DE"), ("Content-Language", "de+DE"),
    ("Content-Language", ""),
    ("Content-Type", "text/plain;charset=UTF-8"),
    ("Content-Type", "text/plain; x=\"a;b\""), ("Content-Type", "Text/Plain"),
    ("Content-Type", "multipart/form-data; boundary=xyz"),
    ("Content-Type", "application/x-www-form-urlencoded;"),
    ("Content-Type", "text/plain, text/html"), ("Content-Type", "text/html"),
    ("Content-Type", "text/plain;"), ("Content-Type", "text/plain ;a=b"),
    ("Content-Type", "text / plain"), ("Content-Type", "text/plain\"x"),
    ("Content-Type", "text/plain{x}"), ("Content-Type", "*/*"),
    ("Content-Type", "text/plain; charset=" + "x" * 110),
    ("Content-Type", "application/x-www-form-urlencoded; charset=" + "x" * 90),
    ("Range", "bytes=10-20"), ("Range", "bytes=0-0"), ("Range", "bytes=-10"),
    ("Range", "bytes=20-10"), ("Range", "bytes=0-1,3-4"), ("Range", "bytes= 0-1"),
    ("Range", "bytes=0 -1"), ("Range", "items=0-1"), ("Range", "bytes=1"),
    ("Range", "bytes=01-02"), ("Range", "Bytes=0-1"), ("Range", "bytes=0-1 "),
    ("Range", "bytes=99999999999999999999-"), ("Range", "bytes=-"),
    ("Range", "bytes=0x1-2"),
    ("Save-Data", "on"), ("Viewport-Width", "100"), ("Width", "100"),
    ("DPR", "2"), ("Downlink", "1"), ("Device-Memory", "4"), ("ECT", "4g"),
    ("RTT", "50"), ("Last-Event-ID", "1"),
]
for i, (hname, hvalue) in enumerate(safelist):
    for method in ("GET", "POST"):
        name = f"safelist/{i:02d}-{hname}/{method}"
        url = f"{CROSS}/r/{slug(name)}"
        lname = hname.lower()
        add(name, [step(request(method, url, headers=[(hname, hvalue)]),
                        [resp("OPTIONS", url, 204,
                              [(ACAO, PAGE), (ACAM, method), (ACAH, lname),
                               (ACMA, "0")]),
                         resp(method, url, 200, [(ACAO, PAGE)])])])

# Three distinct safelisted headers at (or near) the 128-byte value limit:
# repeats would be combined by Chromium and WebKit, so distinct names.
for n, size in ((7, 128), (8, 128), (9, 120)):
    name = f"safelist/total/{n}x{size}"
    url = f"{CROSS}/r/{slug(name)}"
    hdrs = [("Accept", "a" * size), ("Accept-Language", "b" * size),
            ("Content-Language", "c" * size)][: min(n, 3)]
    add(name, [step(request("POST", url, headers=hdrs),
                    [resp("OPTIONS", url, 204,
                          [(ACAO, PAGE), (ACAM, "POST"),
                           (ACAH, "accept, accept-language, content-language")]),
                     resp("POST", url, 200, [(ACAO, PAGE)])])])

# --- Expose-Headers ---
response_headers = [("X-A", "1"), ("X-B", "2"), ("Set-Cookie", "a=b"),
                    ("Set-Cookie2", "c=d"), ("Content-Type", "text/plain"),
                    ("Content-Length", "0"), ("Cache-Control", "no-cache"),
                    ("Expires", "0"), ("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"),
                    ("Pragma", "no-cache"), ("Content-Language", "en"),
                    ("Date", "Wed, 21 Oct 2015 07:28:00 GMT"), ("Server", "x"),
                    ("X-Ab", "3")]
aceh_values = ["X-A, X-B", "x-a,x-b", "*", "*, x-a", "x-a, *", "x-a,,x-b",
               ",x-a", "x-a,", "x-a , x-b", "x-a\tx-b", "x-a;x-b", "x-a, x b",
               "set-cookie, x-a", "server, date", "x-a, x-a", "X-A", "x-",
               "twice", "", "access-control-allow-origin",
               "x-a, \"x-b\"", "x-a, x-b/c", "x-a, x-b@", "x-a, x-b:"]
for value in aceh_values:
    for cred in ("omit", "include"):
        label = value if value else "empty"
        name = f"expose/{label}/{cred}"
        url = f"{CROSS}/r/{slug(name)}"
        headers = [(ACAO, PAGE)] + ([(ACAC, "true")] if cred == "include" else [])
        headers += response_headers
        if value == "twice":
            headers += [(ACEH, "x-a"), (ACEH, "x-b")]
        else:
            headers.append((ACEH, value))
        add(name, [step(request("GET", url, credentials=cred),
                        [resp("GET", url, 200, headers)])])

# --- Statuses ---
for status in (200, 201, 202, 203, 204, 206, 299, 304, 400, 401, 403, 418, 500, 503):
    name = f"pstatus/{status}"
    url = f"{CROSS}/r/{slug(name)}"
    add(name, [step(request("PUT", url),
                    [resp("OPTIONS", url, status,
                          [(ACAO, PAGE), (ACAM, "PUT")]),
                     resp("PUT", url, 200, [(ACAO, PAGE)])])])
for status in (201, 202, 203, 205, 206, 226, 300, 304, 305, 306, 399, 401, 410, 451, 502, 599):
    for acao in (True, False):
        name = f"status/{status}/{'acao' if acao else 'no-acao'}"
        url = f"{CROSS}/r/{slug(name)}"
        add(name, [step(request("GET", url),
                        [resp("GET", url, status, [(ACAO, PAGE)] if acao else [])])])

# --- Redirects ---
targets = {"cross": CROSS, "third": THIRD, "same": PAGE, "localhost": LOCALHOST}
final_acao = {"exact": PAGE, "star": "*", "null": "null", "missing": None}
for status in (301, 302, 303, 307, 308):
    for method in ("GET", "POST", "PUT"):
        for start in ("cross", "same"):
            for to in ("third", "same", "cross"):
                if start == to:
                    continue
                for final in ("exact", "star", "null"):
                    for cred in ("omit", "include"):
                        if cred == "include" and final != "exact":
                            continue
                        if method == "PUT" and status in (301, 302, 303) and final != "exact":
                            continue
                        name = f"redirect/{status}/{method}/{start}-to-{to}/final-{final}/{cred}"
                        s = slug(name)
                        url1 = f"{targets[start]}/r/{s}"
                        url2 = f"{targets[to]}/r/{s}-2"
                        hop = [(ACAO, PAGE), ("Location", url2)]
                        fin = []
                        if final_acao[final] is not None:
                            fin.append((ACAO, final_acao[final]))
                        if cred == "include":
                            hop.append((ACAC, "true"))
                            fin.append((ACAC, "true"))
                        pre_headers = [(ACAO, PAGE), (ACAM, "PUT"), (ACAC, "true")]
                        server = [resp("OPTIONS", url1, 204, pre_headers),
                                  resp(method, url1, status, hop)]
                        for m in unique([method, "GET"]):
                            server.append(resp(m, url2, 200, fin))
                        server.append(resp("OPTIONS", url2, 204,
                                           [(ACAO, final_acao[final] or PAGE),
                                            (ACAM, "PUT"), (ACAC, "true")]))
                        add(name, [step(request(method, url1, credentials=cred),
                                        server)])

# Redirect hop headers: Allow-Origin/-Credentials on the 3xx itself
for hop_acao in ("*", "null", None, "http://127.0.0.1:8003"):
    for cred in ("omit", "include"):
        label = hop_acao if hop_acao else "missing"
        name = f"redirect/hop-acao/{label}/{cred}"
        s = slug(name)
        url1, url2 = f"{CROSS}/r/{s}", f"{CROSS}/r/{s}-2"
        hop = [("Location", url2)]
        if hop_acao:
            hop.append((ACAO, hop_acao))
        fin = [(ACAO, PAGE)]
        if cred == "include":
            hop.append((ACAC, "true"))
            fin.append((ACAC, "true"))
        add(name, [step(request("GET", url1, credentials=cred),
                        [resp("GET", url1, 302, hop), resp("GET", url2, 200, fin)])])

# Redirect modes on a cross-origin 302, and Location forms
for mode_redirect in ("manual", "error"):
    for mode in ("cors", "no-cors"):
        name = f"redirect/mode-{mode_redirect}/{mode}"
        s = slug(name)
        url1, url2 = f"{CROSS}/r/{s}", f"{CROSS}/r/{s}-2"
        add(name, [step(request("GET", url1, mode=mode, redirect=mode_redirect),
                        [resp("GET", url1, 302, [(ACAO, PAGE), ("Location", url2)]),
                         resp("GET", url2, 200, [(ACAO, PAGE)])])])
for label, location in (("relative", "/r/{s}-2"), ("dot-relative", "./{s}-2"),
                        ("query-only", "?x=1"), ("fragment", "/r/{s}-2#frag"),
                        ("scheme-relative", "//127.0.0.1:8003/r/{s}-2"),
                        ("data", "data:text/plain,x"), ("spaces", " /r/{s}-2 "),
                        ("upper-host", "http://LOCALHOST:8002/r/{s}-2")):
    name = f"redirect/location/{label}"
    s = slug(name)
    url1 = f"{CROSS}/r/{s}"
    loc = location.format(s=s)
    server = [resp("GET", url1, 302, [(ACAO, "*"), ("Location", loc)])]
    for base in (CROSS, THIRD, LOCALHOST):
        server.append(resp("GET", f"{base}/r/{s}-2", 200, [(ACAO, "*")]))
    server.append(resp("GET", f"{CROSS}/r/{s}?x=1", 200, [(ACAO, "*")]))
    add(name, [step(request("GET", url1), server)])

# --- The preflight cache: Max-Age values and what a second request reuses ---
max_ages = ["5", "0", "-1", "1.5", "abc", "007", " 10", "10, 20", "99999999999",
            "", "1e3", "+5", "twice", "7200", "86401", "600;", "0x10", "2",
            "2147483648", "4294967296", "9223372036854775807",
            "9223372036854775808", "99999999999999999999999999"]
for value in max_ages:
    for after in (0, 2500):
        label = value if value.strip() else ("empty" if not value else "space")
        name = f"cache/max-age/{label}/after-{after}"
        url = f"{CROSS}/r/{slug(name)}"
        pre = [(ACAO, PAGE), (ACAM, "PUT")]
        if value == "twice":
            pre += [(ACMA, "600"), (ACMA, "600")]
        else:
            pre.append((ACMA, value))
        server = [resp("OPTIONS", url, 204, pre), resp("PUT", url, 200, [(ACAO, PAGE)])]
        req = request("PUT", url, cache="default")
        add(name, warmups(name) + [step(req, server), step(req, server, after_ms=after)])

# What a cached entry covers on the second request
second_requests = {
    "same": ("PUT", [("X-A", "1")]),
    "fewer-headers": ("PUT", []),
    "other-header": ("PUT", [("X-B", "1")]),
    "header-upper": ("PUT", [("X-A".upper(), "1")]),
    "other-method": ("DELETE", [("X-A", "1")]),
    "lower-method": ("patch", []),
    "get-with-header": ("GET", [("X-A", "1")]),
    "post-json": ("POST", [("Content-Type", "application/json")]),
    "authorization": ("PUT", [("Authorization", "x")]),
}
first_allows = {
    "exact": ("PUT", "x-a"),
    "star": ("*", "*"),
    "list": ("PUT, DELETE, patch, POST", "x-a, x-b, content-type"),
}
for allow_label, (allow_m, allow_h) in first_allows.items():
    for second_label, (m2, h2) in second_requests.items():
        for cred in ("omit", "include"):
            if cred == "include" and allow_label == "star":
                continue
            name = f"cache/covers/{allow_label}/{second_label}/{cred}"
            url = f"{CROSS}/r/{slug(name)}"
            pre = [(ACAO, PAGE), (ACAM, allow_m), (ACAH, allow_h), (ACMA, "600")]
            act = [(ACAO, PAGE)]
            if cred == "include":
                pre.append((ACAC, "true"))
                act.append((ACAC, "true"))
            server = [resp("OPTIONS", url, 204, pre)]
            for m in ("PUT", "DELETE", "patch", "GET", "POST"):
                server.append(resp(m, url, 200, act))
            add(name, warmups(name) + [
                step(request("PUT", url, headers=[("X-A", "1")], credentials=cred,
                             cache="default"), server),
                step(request(m2, url, headers=h2, credentials=cred, cache="default"),
                     server)])

# --- A redirect after a preflight: which later hops preflight again ---
# (methods that a 303 or a 301/302 POST turn into GET, headers that go with
# the body, hops to the page's own origin)
sticky = {
    "PUT-303": ("PUT", [], 303),
    "PUT-xa-303": ("PUT", [("X-A", "1")], 303),
    "POST-json-303": ("POST", [("Content-Type", "application/json")], 303),
    "POST-json-301": ("POST", [("Content-Type", "application/json")], 301),
    "POST-json-302": ("POST", [("Content-Type", "application/json")], 302),
    "POST-json-307": ("POST", [("Content-Type", "application/json")], 307),
    "POST-xa-302": ("POST", [("X-A", "1")], 302),
    "GET-xa-302": ("GET", [("X-A", "1")], 302),
    "DELETE-303": ("DELETE", [], 303),
    "patch-303": ("patch", [], 303),
}
for label, (method, hdrs, status) in sticky.items():
    for to in ("third", "same", "localhost"):
        name = f"redirect-after-preflight/{label}/cross-to-{to}"
        s = slug(name)
        url1, url2 = f"{CROSS}/r/{s}", f"{targets[to]}/r/{s}-2"
        allow = [(ACAM, "PUT, POST, DELETE, patch, GET"),
                 (ACAH, "x-a, content-type")]
        server = [resp("OPTIONS", url1, 204, [(ACAO, PAGE)] + allow),
                  resp(method, url1, status, [(ACAO, PAGE), ("Location", url2)]),
                  resp("OPTIONS", url2, 204, [(ACAO, "*")] + allow)]
        for m in unique([method, "GET", "POST"]):
            server.append(resp(m, url2, 200, [(ACAO, "*")]))
        add(name, [step(request(method, url1, headers=hdrs), server)])

# Two hops after a preflight: cross -> third -> localhost
for label, (method, hdrs, status) in (("PUT-303-302", ("PUT", [], 303)),
                                      ("PUT-307-307", ("PUT", [], 307)),
                                      ("POST-json-303-302", ("POST", [("Content-Type", "application/json")], 303))):
    name = f"redirect-after-preflight/{label}/two-hops"
    s = slug(name)
    url1, url2, url3 = f"{CROSS}/r/{s}", f"{THIRD}/r/{s}-2", f"{LOCALHOST}/r/{s}-3"
    allow = [(ACAO, "*"), (ACAM, "PUT, POST, GET"), (ACAH, "x-a, content-type")]
    second = 302 if status == 303 else status
    server = [resp("OPTIONS", url1, 204, [(ACAO, PAGE)] + allow[1:]),
              resp(method, url1, status, [(ACAO, PAGE), ("Location", url2)]),
              resp("OPTIONS", url2, 204, allow), resp("OPTIONS", url3, 204, allow)]
    for m in unique([method, "GET"]):
        server.append(resp(m, url2, second, [(ACAO, "*"), ("Location", url3)]))
        server.append(resp(m, url3, 200, [(ACAO, "*")]))
    add(name, [step(request(method, url1, headers=hdrs), server)])

# Which header names the later preflights carry (Authorization is dropped
# at a hop between origins; Content-Type with the body), and requests that
# start same-origin
for label, (method, hdrs, status, second) in {
        "PUT-auth-xa-303-302": ("PUT", [("X-A", "1"), ("Authorization", "x")], 303, 302),
        "PUT-auth-xa-307-307": ("PUT", [("X-A", "1"), ("Authorization", "x")], 307, 307),
        "POST-json-xa-303-302": ("POST", [("Content-Type", "application/json"), ("X-A", "1")], 303, 302),
        "POST-json-307-302": ("POST", [("Content-Type", "application/json")], 307, 302),
        "POST-json-302-307": ("POST", [("Content-Type", "application/json")], 302, 307)}.items():
    name = f"redirect-after-preflight/{label}/two-hops"
    s = slug(name)
    url1, url2, url3 = f"{CROSS}/r/{s}", f"{THIRD}/r/{s}-2", f"{LOCALHOST}/r/{s}-3"
    allow = [(ACAM, "PUT, POST, GET"), (ACAH, "x-a, content-type, authorization")]
    server = [resp("OPTIONS", url1, 204, [(ACAO, PAGE)] + allow),
              resp(method, url1, status, [(ACAO, PAGE), ("Location", url2)]),
              resp("OPTIONS", url2, 204, [(ACAO, "*")] + allow),
              resp("OPTIONS", url3, 204, [(ACAO, "*")] + allow)]
    for m in unique([method, "GET"]):
        server.append(resp(m, url2, second, [(ACAO, "*"), ("Location", url3)]))
        server.append(resp(m, url3, 200, [(ACAO, "*")]))
    add(name, [step(request(method, url1, headers=hdrs), server)])
for label, (method, hdrs, status) in {
        "POST-json-303": ("POST", [("Content-Type", "application/json")], 303),
        "POST-json-307": ("POST", [("Content-Type", "application/json")], 307),
        "PUT-303": ("PUT", [], 303),
        "PUT-307": ("PUT", [], 307),
        "GET-xa-302": ("GET", [("X-A", "1")], 302)}.items():
    name = f"redirect-after-preflight/{label}/same-to-cross"
    s = slug(name)
    url1, url2 = f"{PAGE}/r/{s}", f"{CROSS}/r/{s}-2"
    allow = [(ACAO, PAGE), (ACAM, "PUT, POST, GET"), (ACAH, "x-a, content-type")]
    server = [resp("OPTIONS", url1, 204, allow),
              resp(method, url1, status, [("Location", url2)]),
              resp("OPTIONS", url2, 204, allow)]
    for m in unique([method, "GET"]):
        server.append(resp(m, url2, 200, [(ACAO, PAGE)]))
    add(name, [step(request(method, url1, headers=hdrs), server)])

# A preflight sent to the page's own origin after a redirect: what of its
# response is checked
same_preflights = {
    "no-acao": [(ACAM, "PUT")],
    "acao-exact": [(ACAO, PAGE), (ACAM, "PUT")],
    "acao-other": [(ACAO, THIRD), (ACAM, "PUT")],
    "no-acam": [(ACAO, "null")],
    "acam-get-only": [(ACAO, "null"), (ACAM, "GET")],
    "status-500": [(ACAO, "null"), (ACAM, "PUT")],
    "status-200": [(ACAO, "null"), (ACAM, "PUT")],
    "star-credentials": [(ACAO, "*"), (ACAM, "PUT")],
    "header-not-allowed": [(ACAO, "null"), (ACAM, "PUT")],
}
for label, pre2 in same_preflights.items():
    for cred in ("omit", "include"):
        name = f"redirect-preflight-to-page/{label}/{cred}"
        s = slug(name)
        url1, url2 = f"{CROSS}/r/{s}", f"{PAGE}/r/{s}-2"
        hdrs = [("X-A", "1")] if label == "header-not-allowed" else []
        status2 = 500 if label == "status-500" else (200 if label == "status-200" else 204)
        extra = [(ACAC, "true")] if cred == "include" else []
        server = [resp("OPTIONS", url1, 204, [(ACAO, PAGE), (ACAM, "PUT"), (ACAH, "x-a")] + extra),
                  resp("PUT", url1, 307, [(ACAO, PAGE), ("Location", url2)] + extra),
                  resp("OPTIONS", url2, status2, pre2 + extra),
                  resp("PUT", url2, 200, [(ACAO, "null")] + extra)]
        add(name, [step(request("PUT", url1, headers=hdrs, credentials=cred), server)])

# Bytes above 0x7F in safelisted request-header values
for i, (hname, hvalue) in enumerate((
        ("Accept", "\u00ff"), ("Accept", "text/\u0080"), ("Accept", "a\u00e9b"),
        ("Content-Type", "text/plain;a=\u00e9"), ("Content-Type", "text/plain; charset=\u00e9"),
        ("Content-Type", "text/plain\u00e9"), ("Accept-Language", "\u00e9"),
        ("Content-Language", "\u00e9"), ("Range", "bytes=0-1\u00e9"),
        ("Accept", "\t"), ("Accept", "a\tb"), ("Content-Type", "text/plain;\ta=b"))):
    for method in ("GET", "POST"):
        name = f"safelist-bytes/{i:02d}-{hname}/{method}"
        url = f"{CROSS}/r/{slug(name)}"
        add(name, [step(request(method, url, headers=[(hname, hvalue)]),
                        [resp("OPTIONS", url, 204,
                              [(ACAO, PAGE), (ACAM, method), (ACAH, hname.lower())]),
                         resp(method, url, 200, [(ACAO, PAGE)])])])

# --- The preflight response's own Allow-Origin and Allow-Credentials ---
pacao_values = {"exact": [(ACAO, PAGE)], "star": [(ACAO, "*")], "null": [(ACAO, "null")],
                "missing": [], "twice": [(ACAO, PAGE), (ACAO, PAGE)],
                "slash": [(ACAO, PAGE + "/")], "star-and-exact": [(ACAO, "*"), (ACAO, PAGE)]}
pacac_values = {"true": [(ACAC, "true")], "True": [(ACAC, "True")], "missing": [],
                "true-twice": [(ACAC, "true"), (ACAC, "true")], "space": [(ACAC, " true ")]}
for ol, oh in pacao_values.items():
    for cl, ch in pacac_values.items():
        for cred in ("omit", "include"):
            if cred == "omit" and cl not in ("missing", "True"):
                continue
            name = f"pacao-pacac/{ol}/{cl}/{cred}"
            url = f"{CROSS}/r/{slug(name)}"
            act = [(ACAO, PAGE)] + ([(ACAC, "true")] if cred == "include" else [])
            add(name, [step(request("PUT", url, credentials=cred),
                            [resp("OPTIONS", url, 204, oh + ch + [(ACAM, "PUT")]),
                             resp("PUT", url, 200, act)])])

# --- Modes ---
for mode in ("no-cors", "same-origin"):
    for method in ("GET", "POST", "HEAD", "PUT", "patch"):
        for hdrs_label, hdrs in (("none", []), ("x-a", [("X-A", "1")]),
                                 ("json", [("Content-Type", "application/json")]),
                                 ("range", [("Range", "bytes=0-1")])):
            for target in ("cross", "same"):
                name = f"mode/{mode}/{method}/{hdrs_label}/{target}"
                url = f"{targets[target]}/r/{slug(name)}"
                server = [resp(m, url, 200, [(ACAO, "*"), ("X-A", "1")])
                          for m in unique([method, method.upper()])]
                server.append(resp("OPTIONS", url, 204, [(ACAO, "*"), (ACAM, "*"), (ACAH, "*")]))
                add(name, [step(request(method, url, headers=hdrs, mode=mode), server)])

# --- What makes a preflight: methods as written, and header names ---
for method in ("OPTIONS", "options", "Options", "M-SEARCH", "propfind", "PROPFIND",
               "get", "Get", "head", "Head", "post", "Post", "DeLeTe", "pUt", "LINK"):
    name = f"trigger/method/{method}"
    url = f"{CROSS}/r/{slug(name)}"
    server = [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAM, method)])]
    for m in unique([method, method.upper()]):
        if m != "OPTIONS":
            server.append(resp(m, url, 200, [(ACAO, PAGE)]))
    add(name, [step(request(method, url), server)])
for hname in ("Accept-Charset", "accept-encoding", "Access-Control-Request-Method",
              "Access-Control-Request-Headers", "Content-Length", "Cookie", "cookie2",
              "Date", "Expect", "Host", "Origin", "Referer", "TE", "Trailer",
              "Upgrade", "Via", "Proxy-Foo", "proxy-", "Sec-Foo", "sec-", "Sec",
              "Proxy", "X-HTTP-Method", "X-Method-Override", "Keep-Alive",
              "Accept-Ch", "Sec-CH-UA", "Authorization", "Content-Encoding",
              "Content-Location", "Last-Event-ID", "Device-Memory", "Save-Data"):
    for value in ("1", "TRACE", "get, trace"):
        if value != "1" and not hname.lower().startswith("x-"):
            continue
        name = f"forbidden/{hname}/{value}"
        url = f"{CROSS}/r/{slug(name)}"
        add(name, [step(request("GET", url, headers=[(hname, value)]),
                        [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAH, "*")]),
                         resp("GET", url, 200, [(ACAO, PAGE)])])])

# --- Preflight cache: three-step sequences ---
sequences = {
    # label: [(method, headers, credentials, allow-methods, allow-headers, max-age, actual status)]
    "put-delete-put": [("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600", 200),
                       ("DELETE", [], "omit", "DELETE", "", "600", 200),
                       ("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600", 200)],
    "xa-xb-xa": [("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600", 200),
                 ("PUT", [("X-B", "1")], "omit", "PUT", "x-b", "600", 200),
                 ("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600", 200)],
    "get-xa-then-put": [("GET", [("X-A", "1")], "omit", "", "x-a", "600", 200),
                        ("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600", 200),
                        ("GET", [("X-A", "1")], "omit", "", "x-a", "600", 200)],
    "include-omit-include": [("PUT", [], "include", "PUT", "", "600", 200),
                             ("PUT", [], "omit", "PUT", "", "600", 200),
                             ("PUT", [], "include", "PUT", "", "600", 200)],
    "omit-include-omit": [("PUT", [], "omit", "PUT", "", "600", 200),
                          ("PUT", [], "include", "PUT", "", "600", 200),
                          ("PUT", [], "omit", "PUT", "", "600", 200)],
    "zero-then-repeat": [("PUT", [], "omit", "PUT", "", "600", 200),
                         ("DELETE", [], "omit", "DELETE, PUT", "", "0", 200),
                         ("PUT", [], "omit", "PUT", "", "600", 200)],
    "actual-500-then-repeat": [("PUT", [], "omit", "PUT", "", "600", 500),
                               ("PUT", [], "omit", "PUT", "", "600", 200),
                               ("PUT", [], "omit", "PUT", "", "600", 200)],
    "star-then-patch-then-header": [("PUT", [], "omit", "*", "*", "600", 200),
                                    ("patch", [], "omit", "*", "*", "600", 200),
                                    ("PUT", [("X-Z", "1")], "omit", "*", "*", "600", 200)],
    "list-then-subset": [("PUT", [("X-A", "1"), ("X-B", "1")], "omit", "PUT, DELETE", "x-a, x-b", "600", 200),
                         ("DELETE", [("X-B", "1")], "omit", "", "", "600", 200),
                         ("PUT", [("x-b", "1"), ("X-A", "2")], "omit", "", "", "600", 200)],
    "head-after-put": [("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600", 200),
                       ("HEAD", [("X-A", "1")], "omit", "HEAD", "x-a", "600", 200),
                       ("POST", [("X-A", "1")], "omit", "POST", "x-a", "600", 200)],
    "short-then-long": [("PUT", [], "omit", "PUT", "", "1", 200),
                        ("DELETE", [], "omit", "DELETE", "", "600", 200),
                        ("PUT", [], "omit", "PUT", "", "600", 200)],
}
for label, seq in sequences.items():
    name = f"cache/sequence/{label}"
    url = f"{CROSS}/r/{slug(name)}"
    steps = warmups(name)
    for i, (method, hdrs, cred, am, ah, ma, actual_status) in enumerate(seq):
        pre = [(ACAO, PAGE), (ACMA, ma)]
        if am:
            pre.append((ACAM, am))
        if ah:
            pre.append((ACAH, ah))
        act = [(ACAO, PAGE)]
        if cred == "include":
            pre.append((ACAC, "true"))
            act.append((ACAC, "true"))
        server = [resp("OPTIONS", url, 204, pre)]
        for m in unique([method, method.upper(), "GET", "POST"]):
            server.append(resp(m, url, actual_status, act))
        steps.append(step(request(method, url, headers=hdrs, credentials=cred,
                                  cache="default"), server,
                          after_ms=1500 if label == "short-then-long" and i == 2 else 0))
    add(name, steps)

# --- Request cache modes on a second step ---
for first in ("default", "no-store"):
    for second in ("default", "no-store", "reload", "no-cache", "force-cache"):
        name = f"cache-mode/{first}-then-{second}"
        url = f"{CROSS}/r/{slug(name)}"
        server = [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAM, "PUT"), (ACMA, "600")]),
                  resp("PUT", url, 200, [(ACAO, PAGE)])]
        add(name, warmups(name) + [step(request("PUT", url, cache=first), server),
                                   step(request("PUT", url, cache=second), server)])

# --- A preflight cached for a URL, then reached through a redirect ---
for status in (302, 307):
    for start in ("cross", "third"):
        for cred in ("omit", "include"):
            name = f"cache/then-redirect/{status}/{start}/{cred}"
            s = slug(name)
            url1, url2 = f"{targets[start]}/r/{s}", f"{CROSS}/r/{s}-2"
            extra = [(ACAC, "true")] if cred == "include" else []
            server = [resp("OPTIONS", url2, 204, [(ACAO, PAGE), (ACAM, "PUT"), (ACAH, "x-a"),
                                                  (ACMA, "600")] + extra),
                      resp("OPTIONS", url1, 204, [(ACAO, PAGE), (ACAM, "PUT"), (ACAH, "x-a")] + extra),
                      resp("PUT", url1, status, [(ACAO, PAGE), ("Location", url2)] + extra),
                      resp("PUT", url2, 200, [(ACAO, PAGE)] + extra),
                      resp("GET", url2, 200, [(ACAO, PAGE)] + extra)]
            req2 = request("PUT", url2, headers=[("X-A", "1")], credentials=cred, cache="default")
            req1 = request("PUT", url1, headers=[("X-A", "1")], credentials=cred, cache="default")
            add(name, warmups(name) + [step(req2, server), step(req2, server), step(req1, server)])

# --- The same cache scenarios in a primed cache (primed()) ---
for original in list(scenarios):
    name = original["name"]
    if not (name.startswith("variant/cache/sequence/") or
            name.startswith("variant/cache/covers/") or
            name.startswith("variant/cache/max-age/")):
        continue
    new_name = "cache-primed/" + name[len("variant/cache/"):]
    steps = [st for st in original["steps"] if "-warm" not in st["request"]["url"]]
    # Fresh URLs, so that nothing is shared with the unprimed scenario.
    text = json.dumps(steps).replace(slug(name[len("variant/"):]), slug(new_name))
    add(new_name, primed(new_name) + json.loads(text))

# --- The cache's bounds, and what it keeps from a preflight that failed ---
for n in (99, 100, 101):
    name = f"cache-limits/entries/{n}"
    base = f"{CROSS}/r/{slug(name)}"
    steps = primed(name)
    steps += [cached_put(f"{base}-{k}") for k in range(n)]
    steps.append(cached_put(f"{base}-0"))
    add(name, steps)

for length in (1000, 1023, 1024, 1025, 1100):
    name = f"cache-limits/url-length/{length}"
    stem = f"{CROSS}/r/{slug(name)}-"
    url = stem + "x" * (length - len(stem))
    assert len(url) == length
    add(name, primed(name) + [cached_put(url), cached_put(url)])

for label, (first_method, first_headers, allow_m, allow_h, second_method, second_headers) in {
        "header-denied-then-allowed-subset": ("PUT", [("X-A", "1"), ("X-B", "1")], "PUT", "x-a",
                                              "PUT", [("X-A", "1")]),
        "method-denied-then-allowed-method": ("DELETE", [], "PUT", "", "PUT", []),
        "header-denied-then-same": ("PUT", [("X-B", "1")], "PUT", "x-a", "PUT", [("X-B", "1")]),
}.items():
    name = f"cache/failed-validation/{label}"
    url = f"{CROSS}/r/{slug(name)}"
    pre = [(ACAO, PAGE), (ACAM, allow_m), (ACMA, "600")]
    if allow_h:
        pre.append((ACAH, allow_h))
    server = [resp("OPTIONS", url, 204, pre)] + [
        resp(m, url, 200, [(ACAO, PAGE)]) for m in ("PUT", "DELETE")]
    add(name, primed(name) + [
        step(request(first_method, url, headers=first_headers, cache="default"), server),
        step(request(second_method, url, headers=second_headers, cache="default"), server)])

# A redirected request whose origin became null, preflighted twice
for status in (307, 308):
    for to in ("third", "localhost"):
        name = f"cache/tainted-twice/{status}/{to}"
        s = slug(name)
        url1, url2 = f"{CROSS}/r/{s}", f"{targets[to]}/r/{s}-2"
        server = [resp("OPTIONS", url1, 204, [(ACAO, PAGE), (ACAM, "PUT"), (ACMA, "600")]),
                  resp("PUT", url1, status, [(ACAO, PAGE), ("Location", url2)]),
                  resp("OPTIONS", url2, 204, [(ACAO, "*"), (ACAM, "PUT"), (ACMA, "600")]),
                  resp("PUT", url2, 200, [(ACAO, "*")])]
        req = request("PUT", url1, cache="default")
        add(name, primed(name) + [step(req, server), step(req, server)])

# --- Odd Location headers, per status, mode and redirect mode ---
for status in (301, 303, 307, 308):
    for loc_label in ("empty", "twice", "missing", "twice-same"):
        for mode, redirect_mode in (("cors", "follow"), ("cors", "manual"),
                                    ("no-cors", "follow"), ("cors", "error")):
            name = f"redirect/location-{loc_label}/{status}/{mode}-{redirect_mode}"
            s_ = slug(name)
            url1, url2, url3 = f"{CROSS}/r/{s_}", f"{CROSS}/r/{s_}-2", f"{CROSS}/r/{s_}-3"
            hop = [(ACAO, "*")]
            if loc_label == "empty":
                hop.append(("Location", ""))
            elif loc_label == "twice":
                hop += [("Location", url2), ("Location", url3)]
            elif loc_label == "twice-same":
                hop += [("Location", url2), ("Location", url2)]
            server = [resp("GET", url1, status, hop)]
            for u in (url2, url3, f"{url2}, {url3}"):
                server.append(resp("GET", u, 200, [(ACAO, "*")]))
            add(name, [step(request("GET", url1, mode=mode, redirect=redirect_mode), server)])

# --- user:pass@ in Location ---
for status in (301, 307):
    for start, to in (("same", "same"), ("same", "cross"), ("cross", "cross"), ("cross", "same")):
        for mode in ("cors", "no-cors"):
            name = f"redirect/userinfo/{status}/{start}-to-{to}/{mode}"
            s_ = slug(name)
            url1 = f"{targets[start]}/r/{s_}"
            host = targets[to].split("//")[1]
            loc = f"http://u:p@{host}/r/{s_}-2"
            server = [resp("GET", url1, status, [(ACAO, "*"), ("Location", loc)]),
                      resp("GET", f"{targets[to]}/r/{s_}-2", 200, [(ACAO, "*")]),
                      resp("GET", loc, 200, [(ACAO, "*")])]
            add(name, [step(request("GET", url1, mode=mode), server)])

# --- Redirect chains at the limit ---
for n in (20, 21):
    for mode, redirect_mode in (("cors", "follow"), ("no-cors", "follow"), ("cors", "manual")):
        for pattern in ("same-url-cross", "alternating"):
            name = f"redirect/chain/{n}/{pattern}/{mode}-{redirect_mode}"
            s_ = slug(name)
            hosts = [CROSS] * (n + 1) if pattern == "same-url-cross" else \
                [(CROSS if k % 2 == 0 else THIRD) for k in range(n + 1)]
            urls = [f"{hosts[k]}/r/{s_}-{k}" for k in range(n + 1)]
            server = [resp("GET", urls[k], 302, [(ACAO, "*"), ("Location", urls[k + 1])])
                      for k in range(n)]
            server.append(resp("GET", urls[n], 200, [(ACAO, "*")]))
            add(name, [step(request("GET", urls[0], mode=mode, redirect=redirect_mode), server)])

# --- No-cors and same-origin mode requests across origins ---
for status in (301, 302, 303, 307, 308):
    for method in ("GET", "POST", "HEAD"):
        for start, to in (("same", "cross"), ("cross", "cross"), ("cross", "same"),
                          ("cross", "third"), ("same", "same")):
            for mode in ("no-cors", "same-origin"):
                if mode == "same-origin" and method != "GET":
                    continue
                name = f"redirect/{mode}/{status}/{method}/{start}-to-{to}"
                s_ = slug(name)
                url1, url2 = f"{targets[start]}/r/{s_}", f"{targets[to]}/r/{s_}-2"
                server = [resp(method, url1, status, [("Location", url2)])]
                for m in unique([method, "GET"]):
                    server.append(resp(m, url2, 200, [("X-A", "1")]))
                hdrs = [("Content-Type", "text/plain")] if method == "POST" else []
                add(name, [step(request(method, url1, headers=hdrs, mode=mode), server)])

# --- Access-Control-Request-Headers: order, case and symbols ---
name_sets = {
    "symbols": ["X_B", "x-b", "X.B", "X~B", "X!B", "x0", "X9", "XA"],
    "case-dups": ["X-A", "x-a", "X-a", "x-b"],
    "prefix": ["X-AB", "X-A", "X-ABC", "x-a-b"],
    "digits": ["X-10", "X-9", "X-1", "x-01"],
    "with-safelisted": ["Accept", "X-Z", "Content-Type", "Range"],
}
for label, names_ in name_sets.items():
    for cred in ("omit", "include"):
        name = f"acrh/{label}/{cred}"
        url = f"{CROSS}/r/{slug(name)}"
        hdrs = [(n_, "application/json" if n_ == "Content-Type" else
                 ("bytes=-5" if n_ == "Range" else "1")) for n_ in names_]
        extra = [(ACAC, "true")] if cred == "include" else []
        allow = ", ".join(sorted({n_.lower() for n_ in names_}))
        add(name, [step(request("PUT", url, headers=hdrs, credentials=cred),
                        [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAM, "PUT"),
                                                    (ACAH, allow)] + extra),
                         resp("PUT", url, 200, [(ACAO, PAGE)] + extra)])])

# --- A preflight cache hit on a hop after a redirect, and sticky preflights ---
for first_label, first in (("put", ("PUT", [])), ("get-xa", ("GET", [("X-A", "1")]))):
    for status, method in ((303, "PUT"), (307, "PUT"), (302, "GET")):
        name = f"cache/redirect-hit/{first_label}/{status}-{method}"
        s_ = slug(name)
        url1, url2 = f"{CROSS}/r/{s_}", f"{THIRD}/r/{s_}-2"
        allow = [(ACAM, "PUT, GET"), (ACAH, "x-a"), (ACMA, "600")]
        server = [resp("OPTIONS", url1, 204, [(ACAO, PAGE)] + allow),
                  resp("OPTIONS", url2, 204, [(ACAO, PAGE)] + allow),
                  resp(method, url1, status, [(ACAO, PAGE), ("Location", url2)])]
        for m in ("PUT", "GET"):
            server.append(resp(m, url2, 200, [(ACAO, "*")]))
        hdrs = [("X-A", "1")] if method == "GET" else []
        steps = primed(name)
        steps.append(step(request(first[0], url2, headers=first[1], cache="default"), server))
        steps.append(step(request(method, url1, headers=hdrs, cache="default"), server))
        add(name, steps)

# --- Which response headers script reads: names in odd case, repeated,
# listed under odd names ---
expose_cases = {
    "upper-names": ([("X-UPPER", "1"), ("x-lower", "2")], "x-upper, X-LOWER"),
    "repeated-header": ([("X-R", "1"), ("X-R", "2")], "x-r"),
    "repeated-aceh-star": ([("X-R", "1")], None),
    "safelisted-only": ([("Content-Type", "text/plain"), ("Expires", "0"),
                         ("Content-Language", "en"), ("Last-Modified", "x"),
                         ("Pragma", "x"), ("Cache-Control", "x"),
                         ("Content-Length", "0")], ""),
    "listed-forbidden": ([("Set-Cookie", "a=b"), ("Set-Cookie2", "c")], "set-cookie, set-cookie2"),
    "long-name": ([("X-" + "a" * 200, "1")], "x-" + "a" * 200),
    "acao-listed": ([], "access-control-allow-origin, access-control-allow-credentials"),
    "vary-date": ([("Vary", "Origin"), ("Date", "x"), ("Server", "x")], "vary"),
}
for label, (resp_headers, aceh) in expose_cases.items():
    for cred in ("omit", "include"):
        name = f"expose/case/{label}/{cred}"
        url = f"{CROSS}/r/{slug(name)}"
        headers = [(ACAO, PAGE)] + ([(ACAC, "true")] if cred == "include" else [])
        headers += resp_headers
        if aceh is None:
            headers += [(ACEH, "*"), (ACEH, "*")]
        else:
            headers.append((ACEH, aceh))
        add(name, [step(request("GET", url, credentials=cred),
                        [resp("GET", url, 200, headers)])])

# --- Requests that start same-origin and are redirected twice or more ---
chains = {
    "same-cross-cross": ["same", "cross", "third"],
    "same-cross-samecross": ["same", "cross", "cross"],
    "same-cross-same": ["same", "cross", "same"],
    "same-same-cross-third": ["same", "same", "cross", "third"],
    "same-cross-localhost": ["same", "cross", "localhost"],
    "same-cross-cross-third": ["same", "cross", "cross", "third"],
    "cross-same-cross": ["cross", "same", "third"],
}
for label, hops in chains.items():
    for method, hdrs, status in (("GET", [], 302), ("GET", [("X-A", "1")], 307),
                                 ("POST", [], 301), ("PUT", [], 307)):
        for mode in ("cors", "no-cors"):
            if mode == "no-cors" and (hdrs or method == "PUT"):
                continue
            name = f"redirect/chain-from-page/{label}/{method}{'-xa' if hdrs else ''}-{status}/{mode}"
            s_ = slug(name)
            urls = [f"{targets[h]}/r/{s_}-{k}" for k, h in enumerate(hops)]
            server = []
            for k, u in enumerate(urls):
                allow = [(ACAO, "*"), (ACAM, "PUT, GET, POST"), (ACAH, "x-a")]
                server.append(resp("OPTIONS", u, 204, allow))
                final = k == len(urls) - 1
                for m in unique([method, "GET"]):
                    server.append(resp(m, u, 200 if final else status,
                                       [(ACAO, "*")] + ([] if final else [("Location", urls[k + 1])])))
            add(name, [step(request(method, urls[0], headers=hdrs, mode=mode), server)])

# --- Credentials across a redirect: the hop's and the final response's
# Allow-Origin / Allow-Credentials pairs ---
pairs = {
    "exact-true": [(ACAO, PAGE), (ACAC, "true")],
    "exact-missing": [(ACAO, PAGE)],
    "star-true": [(ACAO, "*"), (ACAC, "true")],
    "null-true": [(ACAO, "null"), (ACAC, "true")],
}
for hop_label, hop_pair in pairs.items():
    for final_label, final_pair in (("exact-true", pairs["exact-true"]),
                                    ("null-true", pairs["null-true"]),
                                    ("star-missing", [(ACAO, "*")])):
        for to in ("cross", "third"):
            name = f"redirect/credentials/hop-{hop_label}/final-{final_label}/to-{to}"
            s_ = slug(name)
            url1, url2 = f"{CROSS}/r/{s_}", f"{targets[to]}/r/{s_}-2"
            if to == "cross":
                url2 = f"{CROSS}/r/{s_}-2"
            server = [resp("GET", url1, 302, hop_pair + [("Location", url2)]),
                      resp("GET", url2, 200, final_pair + [("X-A", "1"), (ACEH, "x-a")])]
            add(name, [step(request("GET", url1, credentials="include"), server)])

# --- What fetch() refuses before the network: methods, header names and
# values, and the init's enumerations, as script writes them ---
# Every byte class of a token: the separators a token may not hold, and the
# symbols it may.
token_probes = ["(", ")", "<", ">", "@", ",", ";", ":", "\\", "\"", "/", "[",
                "]", "?", "=", "{", "}", " ", "\t", "\u00e9", "\u0100", "\x7f",
                "\x00", "\x01", "!", "#", "$", "%", "&", "'", "*", "+", ".", "^",
                "_", "`", "|", "~"]
for i, ch in enumerate(token_probes + ["", "G ", " G"]):
    method = f"G{ch}T" if i < len(token_probes) else ch + "ET" if ch else ""
    name = f"invalid/method/{i:02d}"
    url = f"{CROSS}/r/{slug(name)}"
    add(name, [step(request(method, url),
                    [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAM, method)]),
                     resp(method, url, 200, [(ACAO, PAGE)])])])
for i, ch in enumerate(token_probes + ["", "X-A ", " X-A"]):
    hname = f"X{ch}A" if i < len(token_probes) else ch
    name = f"invalid/header-name/{i:02d}"
    url = f"{CROSS}/r/{slug(name)}"
    add(name, [step(request("GET", url, headers=[(hname, "1")]),
                    [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAH, hname.lower())]),
                     resp("GET", url, 200, [(ACAO, PAGE)])])])
# Values: the bytes a value may not hold, controls it may, and whitespace at
# its ends (which fetch() strips before the safelist sees the value).
value_probes = [("X-A", "a\rb"), ("X-A", "a\x00b"), ("X-A", "\u0100"),
                ("X-A", "a\x7fb"), ("X-A", "a\x01b"), ("X-A", "a\x0bb"),
                ("X-A", "a\x1fb"), ("X-A", " a "), ("X-A", "\ta\t"), ("X-A", "\n"),
                ("X-A", "a\n"), ("X-A", "\r\n a"), ("Accept", " text/html "),
                ("Accept", "\t*/*"), ("Accept", "\x0b*/*"), ("Accept", "a\x7f"),
                ("Accept", "a\x01"), ("Content-Type", " text/plain"),
                ("Content-Type", "text/plain\t"), ("Content-Type", "\x0btext/plain"),
                ("Content-Type", "\x00"), ("Content-Language", "  "),
                ("Accept-Language", " en "), ("Range", " bytes=0-1"),
                ("Range", "bytes=0-1\t")]
for i, (hname, hvalue) in enumerate(value_probes):
    name = f"invalid/header-value/{i:02d}-{hname}"
    url = f"{CROSS}/r/{slug(name)}"
    add(name, [step(request("GET", url, headers=[(hname, hvalue)]),
                    [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAH, hname.lower())]),
                     resp("GET", url, 200, [(ACAO, PAGE)])])])
init_probes = [("mode", v) for v in ("", "Cors", "no-cors ", "same-origin", "NO-CORS")] + \
    [("credentials", v) for v in ("", "Omit", "include ", "same_origin")] + \
    [("redirect", v) for v in ("", "Error", "manual ")] + \
    [("cache", v) for v in ("", "NO-STORE", "only-if-cached", "force-cache ")]
for i, (field, value) in enumerate(init_probes):
    name = f"invalid/init/{i:02d}-{field}"
    url = f"{CROSS}/r/{slug(name)}"
    req = request("GET", url)
    req[field] = value
    add(name, [step(req, [resp("GET", url, 200, [(ACAO, PAGE)])])])
# only-if-cached in the one mode that may carry it, to the page's origin and
# across origins
for target in ("same", "cross"):
    name = f"invalid/init/only-if-cached-same-origin-mode/{target}"
    url = f"{targets[target]}/r/{slug(name)}"
    add(name, [step(request("GET", url, mode="same-origin", cache="only-if-cached"),
                    [resp("GET", url, 200, [(ACAO, PAGE)])])])
# ... and in the modes that may not, and after a redirect
for mode, target in (("cors", "same"), ("cors", "cross"), ("no-cors", "same"),
                     ("no-cors", "cross")):
    name = f"invalid/init/only-if-cached-{mode}-mode/{target}"
    url = f"{targets[target]}/r/{slug(name)}"
    add(name, [step(request("GET", url, mode=mode, cache="only-if-cached"),
                    [resp("GET", url, 200, [(ACAO, PAGE)])])])
for target in ("same", "cross"):
    name = f"invalid/init/only-if-cached-same-origin-mode/redirect-to-{target}"
    url1 = f"{PAGE}/r/{slug(name)}"
    url2 = f"{targets[target]}/r/{slug(name)}-2"
    add(name, [step(request("GET", url1, mode="same-origin", cache="only-if-cached"),
                    [resp("GET", url1, 302, [("Location", url2)]),
                     resp("GET", url2, 200, [(ACAO, PAGE)])])])

# --- Method-override headers: which values make them forbidden ---
override_values = ["trace ", " TRACE", "\tTRACE", "Trace", "TRACK", "track",
                   "CONNECT", "PUT,TRACE", "PUT , TRACE", "\"TRACE\"",
                   "\"PUT,TRACE\"", "TRACE;", "TRACE,", ",TRACE", "POST, GET", "",
                   "TRA CE", "trace\u00e9", "GET,,TRACE", "x\"y,TRACE\""]
for hname in ("X-HTTP-Method-Override", "x-method-override"):
    for i, value in enumerate(override_values):
        name = f"override/{hname}/{i:02d}"
        url = f"{CROSS}/r/{slug(name)}"
        add(name, [step(request("GET", url, headers=[(hname, value)]),
                        [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAH, "*")]),
                         resp("GET", url, 200, [(ACAO, PAGE)])])])
# The same name twice: fetch() combines the values before the check
for first, second in (("PUT", "TRACE"), ("TRACE", "PUT"), ("PUT", "GET")):
    name = f"override/twice/{first}-{second}"
    url = f"{CROSS}/r/{slug(name)}"
    add(name, [step(request("GET", url, headers=[("X-HTTP-Method", first),
                                                ("x-http-method", second)]),
                    [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAH, "*")]),
                     resp("GET", url, 200, [(ACAO, PAGE)])])])

# --- Safelisted names given twice: the combined value is what is checked ---
twice = [("Accept", "text/html", "*/*"), ("Accept", "a" * 64, "b" * 64),
         ("Accept", "a" * 62, "b" * 62), ("Content-Type", "text/plain", "text/plain"),
         ("Content-Type", "text/plain", ""), ("Content-Language", "en", "de"),
         ("Content-Language", "en", "d e"), ("Accept-Language", "en", "*"),
         ("Range", "bytes=0-1", "bytes=2-3"), ("Accept", "", ""),
         ("Accept", "a", "\u00e9")]
for i, (hname, v1, v2) in enumerate(twice):
    for method in ("GET", "POST"):
        name = f"safelist/twice/{i:02d}-{hname}/{method}"
        url = f"{CROSS}/r/{slug(name)}"
        add(name, [step(request(method, url, headers=[(hname, v1), (hname.lower(), v2)]),
                        [resp("OPTIONS", url, 204,
                              [(ACAO, PAGE), (ACAM, method), (ACAH, hname.lower())]),
                         resp(method, url, 200, [(ACAO, PAGE)])])])

# --- URLs as script writes them, and as a Location gives them: what goes on
# the wire and what script sees as the response's URL. Left out: `|` and
# `^` in a path (the recorder's server, matching by Node's URL parser, would
# not find the entry; url-chars/ below covers them), `%41` and bytes above
# 0x7F in a Location (docs/PROFILES.md, "Recorded, and not modelled") ---
request_url_forms = [
    "{h}/r/{s}/a b", "{h}/r/{s}/\u00e9", "{h}/r/{s}/%zz", "{h}/r/{s}/a/../b",
    "{h}/r/{s}/./b", "{h}/r/{s}/a/%2e%2E/b", "{h}/r/{s}\\b", "HTTP://127.0.0.1:8002/r/{s}",
    "http://127.0.0.1:08002/r/{s}", "http://0x7f.0.0.1:8002/r/{s}",
    "http://127.1:8002/r/{s}", "http://2130706433:8002/r/{s}", "http://127.0.0.1.:8002/r/{s}",
    "http://LOCALHOST:8002/r/{s}", "{h}/r/{s}?a b", "{h}/r/{s}?\u00e9",
    "{h}/r/{s}?'\"<>`", "{h}/r/{s}?a#frag", "{h}/r/{s}#", "{h}/r/{s}/{{}}`",
    "{h}/r/{s}/\t\nx", "  {h}/r/{s}  ", "{h}/r/{s};a=b",
    "http://127.0.0.1::8002/r/{s}", "{h}/r/{s}?", "{h}/r/{s}/%2F",
]
for i, form in enumerate(request_url_forms):
    name = f"url/request/{i:02d}"
    url = form.format(h=CROSS, s=slug(name))
    # the server sees no fragment
    add(name, [step(request("GET", url),
                    [resp("GET", url.split("#")[0], 200,
                          [(ACAO, "*"), ("X-A", "1"), (ACEH, "x-a")])])])
location_forms = [
    "/r/{s}-2/a b", "\\r\\{s}-2", "/r/x/../{s}-2", "http:/r/{s}-2",
    "http:{s}-2", "HTTP://127.0.0.1:8003/r/{s}-2", "http://127.0.0.1:8003/r/{s}-2\t",
    "//localhost:8002/r/{s}-2", "javascript:1", "about:blank", "ftp://127.0.0.1:8002/r/{s}-2",
    "blob:http://127.0.0.1:8001/x", "file:///r/{s}-2", "ws://127.0.0.1:8002/r/{s}-2",
    "http://[", "http://127.0.0.1:99999/r/{s}-2", "http://a b/r/{s}-2",
    "/r/{s}-2#f", "#f", "?", "http://0x7f.0.0.1:8003/r/{s}-2", "https:/r/{s}-2",
]
for i, form in enumerate(location_forms):
    for mode in ("cors", "no-cors"):
        name = f"url/location/{i:02d}/{mode}"
        s_ = slug(name)
        url1 = f"{CROSS}/r/{s_}"
        loc = form.format(s=s_)
        server = [resp("GET", url1, 302, [(ACAO, "*"), ("Location", loc)])]
        for u in (f"{CROSS}/r/{s_}-2", f"{THIRD}/r/{s_}-2", f"{LOCALHOST}/r/{s_}-2",
                  f"{CROSS}/r/{s_}-2/a b", f"{CROSS}/r/{s_}?", f"{CROSS}/r/r/{s_}-2"):
            server.append(resp("GET", u, 200, [(ACAO, "*")]))
        add(name, [step(request("GET", url1, mode=mode), server)])

# --- Statuses outside 200-599, on the actual response and the preflight ---
edge_statuses = (100, 101, 103, 199, 600, 699, 999)
for status in edge_statuses:
    for target, acao in (("cross", True), ("cross", False), ("same", False)):
        name = f"status-edge/{status}/{target}{'-acao' if acao else ''}"
        url = f"{targets[target]}/r/{slug(name)}"
        add(name, [step(request("GET", url),
                        [resp("GET", url, status, [(ACAO, PAGE)] if acao else [])])])
    name = f"status-edge/preflight/{status}"
    url = f"{CROSS}/r/{slug(name)}"
    add(name, [step(request("PUT", url),
                    [resp("OPTIONS", url, status, [(ACAO, PAGE), (ACAM, "PUT")]),
                     resp("PUT", url, 200, [(ACAO, PAGE)])])])

# --- Response header names made of every token symbol, exposed by name,
# by `*` and not at all; and values a server sends oddly ---
odd_names = ["X_A", "X.A", "X~A", "X!A", "X#A", "X$A", "X%A", "X&A", "X'A",
             "X*A", "X+A", "X^A", "X`A", "X|A", "1"]
for i, hname in enumerate(odd_names):
    for label, aceh in (("listed", hname.lower()), ("upper", hname.upper()),
                        ("star", "*"), ("none", None)):
        name = f"expose-names/{i:02d}/{label}"
        url = f"{CROSS}/r/{slug(name)}"
        headers = [(ACAO, PAGE), (hname, "1"), ("X-Other", "2")]
        if aceh is not None:
            headers.append((ACEH, aceh))
        add(name, [step(request("GET", url), [resp("GET", url, 200, headers)])])
for label, headers in (
        ("value-empty", [("X-A", "")]),
        ("same-name-twice", [("X-A", "1"), ("x-a", "2")]),
        ("aceh-twice-one-empty", [("X-A", "1"), (ACEH, ""), (ACEH, "x-a")]),
        ("aceh-star-then-name", [("X-A", "1"), (ACEH, "*"), (ACEH, "x-b")]),
        ("aceh-tab-separated", [("X-A", "1"), ("X-B", "1"), (ACEH, "x-a,\tx-b")]),
        ("aceh-space-only", [("X-A", "1"), (ACEH, "   ")]),
        ("aceh-comma-only", [("X-A", "1"), (ACEH, ",")]),
        ("aceh-lists-safelisted", [("Content-Type", "a/b"), (ACEH, "content-type")])):
    for cred in ("omit", "include"):
        name = f"expose-names/{label}/{cred}"
        url = f"{CROSS}/r/{slug(name)}"
        base = [(ACAO, PAGE)] + ([(ACAC, "true")] if cred == "include" else [])
        add(name, [step(request("GET", url, credentials=cred),
                        [resp("GET", url, 200, base + headers)])])

# --- Every printable ASCII symbol, and three characters past it, in a
# path and a query as script writes them, and the symbols as a Location
# gives them: what each browser puts on the wire. Mode no-cors, so the
# response is opaque whatever the server matched, and the wire is all that
# differs. (A Location beyond ASCII is left out: docs/PROFILES.md,
# "Recorded, and not modelled".) ---
url_chars = [chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum()] + \
    ["\u00e9", "\u0100", "\U0001F600"]
for i, ch in enumerate(url_chars):
    for part in ("path", "query"):
        tail_ = f"/a{ch}b" if part == "path" else f"?a{ch}b"
        name = f"url-chars/request/{part}/{i:02d}"
        url = f"{CROSS}/r/{slug(name)}{tail_}"
        add(name, [step(request("GET", url, mode="no-cors"),
                        [resp("GET", url, 200, [])])])
        if ord(ch) > 0x7F:
            continue
        name = f"url-chars/location/{part}/{i:02d}"
        url1 = f"{CROSS}/r/{slug(name)}"
        add(name, [step(request("GET", url1, mode="no-cors"),
                        [resp("GET", url1, 302, [("Location", f"/r/{slug(name)}-2{tail_}")])])])

# The one symbol whose serialization differs (`|` in a path), in CORS mode,
# so script's view of the response URL is recorded too; the server answers
# both spellings.
for via in ("request", "location"):
    name = f"url-chars/response-url/pipe/{via}"
    s_ = slug(name)
    final = f"{CROSS}/r/{s_}-2/a|b"
    server = [resp("GET", u, 200, [(ACAO, "*")])
              for u in (final, final.replace("|", "%7C"))]
    first = final
    if via == "location":
        first = f"{CROSS}/r/{s_}"
        server.append(resp("GET", first, 302, [(ACAO, "*"), ("Location", f"/r/{s_}-2/a|b")]))
    add(name, [step(request("GET", first), server)])

# --- What the preflight cache's URL key holds: a fragment, an empty query,
# a host's spelling, escapes. A PUT cached for 600 s, then a PUT to the
# second spelling (in a primed cache, so Firefox keeps the first). (`%7E`
# against `~` is left out: WebKitGTK sends `%7E` as `~`, docs/PROFILES.md.)
key_pairs = [("", "#a"), ("#a", "#b"), ("#a", ""), ("", "?"), ("?", "?"),
             ("#a", "#a"), ("/a b", "/a%20b"), ("/A", "/a")]
for i, (first, second) in enumerate(key_pairs):
    for host in ("127.0.0.1", "LOCALHOST"):
        name = f"cache-key/{i:02d}/{host.lower()}"
        # The same origin spelled two ways: localhost, then LOCALHOST.
        base = f"{CROSS if host == '127.0.0.1' else LOCALHOST}/r/{slug(name)}"
        url1 = base + first
        url2 = base.replace("//localhost", "//" + host) + second
        server = []
        for u in (base, base + "/%7E", base + "/~", base + "/a%20b", base + "/A",
                  base + "/a", base + "?"):
            server += [resp("OPTIONS", u, 204, [(ACAO, PAGE), (ACAM, "PUT"), (ACMA, "600")]),
                       resp("PUT", u, 200, [(ACAO, PAGE)])]
        add(name, primed(name) +
            [step(request("PUT", url1, cache="default"), server),
             step(request("PUT", url2, cache="default"), server)])

# A redirect without a fragment keeps the request's (#http-redirect-fetch),
# which the cache key of the next hop's preflight sees.
for label, cached, start, location in (
        ("inherits", "#a", "#a", ""), ("own-fragment", "#a", "#a", "#b"),
        ("cached-without", "", "#a", ""), ("none", "", "", "")):
    name = f"cache-key/redirect-fragment/{label}"
    s_ = slug(name)
    first, second = f"{CROSS}/r/{s_}", f"{CROSS}/r/{s_}-2"
    allow = [(ACAO, PAGE), (ACAM, "PUT"), (ACMA, "600")]
    server = [resp("OPTIONS", first, 204, allow), resp("OPTIONS", second, 204, allow),
              resp("PUT", first, 307, [(ACAO, PAGE), ("Location", f"/r/{s_}-2{location}")]),
              resp("PUT", second, 200, [(ACAO, PAGE)])]
    add(name, primed(name) +
        [step(request("PUT", second + cached, cache="default"), server),
         step(request("PUT", first + start, cache="default"), server)])

# --- Which methods a redirect changes: HEAD, DELETE, PATCH, a lowercase
# post and an extension method, per redirect status, across origins and
# back to the page ---
for status in (301, 302, 303, 307, 308):
    for method in ("HEAD", "DELETE", "PATCH", "post", "PROPFIND"):
        for to in ("cross", "same"):
            name = f"redirect-methods/{status}/{method}/to-{to}"
            s_ = slug(name)
            url1, url2 = f"{CROSS}/r/{s_}", f"{targets[to]}/r/{s_}-2"
            server = redirect_pair(
                url1, url2, status, unique([method, method.upper(), "GET"]),
                [(ACAO, PAGE), (ACAM, "HEAD, DELETE, PATCH, PROPFIND, POST, GET")],
                PAGE, [(ACAO, PAGE), ("X-A", "1"), (ACEH, "x-a")])
            add(name, [step(request(method, url1), server)])

# A DELETE (and a PUT beside it) redirected within one origin and between
# two, from the page's origin and from another, with preflights that pass
# whatever the method: which method the next hop's preflight and request
# carry.
for status in (301, 307):
    for method in ("DELETE", "delete", "PUT"):
        for start, to in (("cross", "cross"), ("cross", "same"), ("cross", "third"),
                          ("same", "same"), ("same", "cross")):
            name = f"redirect-delete/{status}/{method}/{start}-to-{to}"
            s_ = slug(name)
            url1, url2 = f"{targets[start]}/r/{s_}", f"{targets[to]}/r/{s_}-2"
            server = redirect_pair(url1, url2, status, unique([method.upper(), "GET"]),
                                   [(ACAO, "*"), (ACAM, "DELETE, PUT, GET")], "*",
                                   [(ACAO, "*")])
            add(name, [step(request(method, url1), server)])

# --- Requests to the page's own origin: which carry Origin, per method and
# mode, and which response headers script reads (no CORS filter, but never
# Set-Cookie) ---
same_headers = [("X-A", "1"), ("Set-Cookie", "a=b"), ("Set-Cookie2", "c=d"),
                ("set-cookie", "e=f"), ("Content-Type", "text/plain"),
                (ACEH, "x-b"), ("X-B", "2")]
for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "PROPFIND", "post"):
    for mode in ("cors", "no-cors", "same-origin"):
        if mode == "no-cors" and method.upper() not in ("GET", "HEAD", "POST"):
            continue
        name = f"same-origin-requests/{method}/{mode}"
        url = f"{PAGE}/r/{slug(name)}"
        add(name, [step(request(method, url, mode=mode),
                        [resp(m, url, 200, same_headers)
                         for m in unique([method, method.upper()])])])

# --- Which script headers survive a redirect: each safelisted name with a
# value that makes it unsafe, beside X-A, so the next hop's preflight lists
# what is left; within one origin and between two, with and without the
# method becoming GET ---
unsafe_values = [("Accept", "a\"b"), ("Accept-Language", "en/US"),
                 ("Content-Language", "de'DE"), ("Range", "bytes=0-1,3-4"),
                 ("Content-Type", "application/json")]
for hname, hvalue in unsafe_values:
    for status in (303, 307):
        for to in ("cross", "third"):
            name = f"redirect-headers/{hname}/{status}/to-{to}"
            s_ = slug(name)
            url1, url2 = f"{CROSS}/r/{s_}", f"{targets[to]}/r/{s_}-2"
            server = redirect_pair(url1, url2, status, ("PUT", "GET"),
                                   [(ACAO, "*"), (ACAM, "PUT, GET"), (ACAH, "*")], "*",
                                   [(ACAO, "*")])
            add(name, [step(request("PUT", url1, headers=[(hname, hvalue), ("X-A", "1")]),
                            server)])

# --- Redirect modes manual and error on a preflighted request, and on a
# simple one, per status and target ---
for method in ("GET", "PUT"):
    for redirect_mode in ("manual", "error"):
        for status in (301, 303, 307):
            for to in ("cross", "third"):
                name = f"redirect-mode/{method}/{redirect_mode}/{status}/to-{to}"
                s_ = slug(name)
                url1, url2 = f"{CROSS}/r/{s_}", f"{targets[to]}/r/{s_}-2"
                server = redirect_pair(url1, url2, status, unique([method, "GET"]),
                                       [(ACAO, PAGE), (ACAM, "PUT, GET")], PAGE,
                                       [(ACAO, PAGE)])
                add(name, [step(request(method, url1, redirect=redirect_mode), server)])

# --- Client-hint names script can set, with values well formed and not
# (Chromium safelists the well-formed ones; the others preflight) ---
hint_values = {
    "DPR": ["2", "2.5", "0", ".5", "2.", "-1", "+2", "1e3", "abc", "1.2.3",
            "0x2", "inf", ""],
    "Device-Memory": ["0.25", "8", "-0.5", "8 GB"],
    "Downlink": ["1.5", "10", "1,5"],
    "Width": ["100", "100.5", "-1", "+1", "01", "1e2", ""],
    "Viewport-Width": ["100", "0", "100px"],
    "RTT": ["50", "50.0", "-50"],
    "ECT": ["4g", "4G", "5g", "slow-2g", "Slow-2g", "3g;"],
    "Save-Data": ["on", "ON", "On", "off", "on;", "", "1"],
    "Intervention": ["anything", ""],
}
for hname, values in hint_values.items():
    for i, value in enumerate(values):
        name = f"client-hints/{hname}/{i:02d}"
        url = f"{CROSS}/r/{slug(name)}"
        add(name, [step(request("GET", url, headers=[(hname, value)]),
                        [resp("OPTIONS", url, 204, [(ACAO, PAGE), (ACAH, hname.lower())]),
                         resp("GET", url, 200, [(ACAO, PAGE)])])])

# --- Every printable ASCII symbol in each safelisted header's value (for
# Content-Type, in a parameter value): which make a preflight ---
for hname, template in (("Accept", "a{c}b"), ("Accept-Language", "a{c}b"),
                        ("Content-Language", "a{c}b"),
                        ("Content-Type", "text/plain;p=a{c}b")):
    for i, ch in enumerate(url_chars[:32]):
        one_header(f"safelist-chars/{hname}/{i:02d}", "POST", hname,
                   template.format(c=ch))

# Content-Type values with commas: one MIME type whose parameter holds a
# comma, and lists of types
for i, value in enumerate(["text/plain;p=a,text/plain", "text/plain,b", 'text/plain;p="a,b"',
                           "text/html,text/plain", "text/plain;p=a,b/c", "text/plain;p=a,",
                           ",text/plain", "text/plain;p=a;q=b,c", "text/plain,text/html",
                           "text/plain, text/plain", "text/plain;p=a, b", "text/plain;p=a,b=c"]):
    one_header(f"safelist-content-type-lists/{i:02d}", "POST", "Content-Type", value)

# --- Range with each printable ASCII symbol before the "=", after it, and
# at the end; and Content-Type values at the edges of MIME parsing ---
range_forms = ["bytes{c}=0-1", "bytes={c}0-1", "bytes=0-1{c}"]
for form_i, form in enumerate(range_forms):
    for i, ch in enumerate(url_chars[:32]):
        one_header(f"safelist-range-chars/{form_i}/{i:02d}", "GET", "Range",
                   form.format(c=ch))
for i, value in enumerate(["text/plain;charset", "text/plain;=a", "text/plain;a=",
                           "text/plain;;", "text/plain ;", "TEXT/PLAIN;CHARSET=UTF-8",
                           "text/plain;charset=\"utf-8\"", "text/plain\t", "text/plain;a=b;a=c",
                           "text/plain/x", "text/", "/plain", "text/plain;a b=c",
                           "multipart/form-data", "application/x-www-form-urlencoded;a"]):
    one_header(f"safelist-content-type-edges/{i:02d}", "POST", "Content-Type", value)

# ... and the two rules those showed, pinned down: a '+' before a Range
# number, and a Content-Type that ends in ';'
for i, value in enumerate(["bytes=+0-1", "bytes=0-+1", "bytes=+0-", "bytes=-+1",
                           "bytes=++0-1", "bytes=+0-+1", "bytes=+10-20", "bytes=0-1,+2-3"]):
    one_header(f"safelist-range-plus/{i:02d}", "GET", "Range", value)
for i, value in enumerate(["text/plain; ;", "text/plain;;a=b", "text/plain;a=b;;",
                           "text/plain;a=b;", "text/plain;;;", "text/plain; ; a=b",
                           "text/plain;a=b; ;c=d", "text/plain;a=b; "]):
    one_header(f"safelist-content-type-semicolons/{i:02d}", "POST", "Content-Type",
               value)

# --- What a later preflight does to entries it matches more broadly than by
# name: an entry made with credentials, a `*` entry (#cors-preflight-fetch:
# "for each method in methods for which there is a method cache entry match
# ... set matching entry's max-age"). Step 2 adds a header so it needs its
# own preflight; step 3 shows what is left. Primed, so Firefox keeps them.
updates = {
    # label: [(method, headers, credentials, allow-methods, allow-headers, max-age)], pause before step 3
    "cred-then-omit-zero": ([("PUT", [], "include", "PUT", "", "600"),
                             ("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "0"),
                             ("PUT", [], "include", "PUT", "", "600")], 0),
    "cred-then-omit-longer": ([("PUT", [], "include", "PUT", "", "1"),
                               ("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600"),
                               ("PUT", [], "include", "PUT", "", "600")], 1500),
    "star-then-put-zero": ([("PUT", [], "omit", "*", "", "600"),
                            ("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "0"),
                            ("DELETE", [], "omit", "DELETE", "", "600")], 0),
    "star-then-put-longer": ([("PUT", [], "omit", "*", "", "1"),
                              ("PUT", [("X-A", "1")], "omit", "PUT", "x-a", "600"),
                              ("DELETE", [], "omit", "DELETE", "", "600")], 1500),
    "header-star-then-name-zero": ([("PUT", [("X-A", "1")], "omit", "PUT", "*", "600"),
                                    ("PUT", [("X-B", "1")], "omit", "PUT, DELETE", "x-b", "0"),
                                    ("PUT", [("X-C", "1")], "omit", "PUT", "x-c", "600")], 0),
    "header-cred-then-omit-zero": ([("PUT", [("X-A", "1")], "include", "PUT", "x-a", "600"),
                                    ("DELETE", [("X-A", "1")], "omit", "DELETE", "x-a", "0"),
                                    ("PUT", [("X-A", "1")], "include", "PUT", "x-a", "600")], 0),
}
for label, (seq, pause) in updates.items():
    name = f"cache-update/{label}"
    url = f"{CROSS}/r/{slug(name)}"
    steps = primed(name)
    for i, (method, hdrs, cred, am, ah, ma) in enumerate(seq):
        pre = [(ACAO, PAGE), (ACMA, ma), (ACAM, am)]
        if ah:
            pre.append((ACAH, ah))
        act = [(ACAO, PAGE)]
        if cred == "include":
            pre.append((ACAC, "true"))
            act.append((ACAC, "true"))
        steps.append(step(request(method, url, headers=hdrs, credentials=cred, cache="default"),
                          [resp("OPTIONS", url, 204, pre), resp(method, url, 200, act)],
                          after_ms=pause if i == 2 else 0))
    add(name, steps)

# --- A failure on a later hop of a preflighted fetch: which URL's entries
# it clears (#main-fetch: "clear cache entries using request", the request
# at its current URL). Step 1 caches PUT at `cached`; step 2 starts at the
# first URL, whose preflight passes, and is redirected to the second, where
# the response fails the CORS check; step 3 repeats step 1.
for status in (303, 307):
    for cached in ("target", "start"):
        name = f"clear-after-hop/{status}/{cached}"
        s_ = slug(name)
        first, second = f"{CROSS}/r/{s_}", f"{CROSS}/r/{s_}-2"
        url = second if cached == "target" else first
        allow = [(ACAO, PAGE), (ACAM, "PUT"), (ACMA, "600")]
        server = [resp("OPTIONS", first, 204, allow), resp("OPTIONS", second, 204, allow),
                  resp("PUT", first, status, [(ACAO, PAGE), ("Location", second)]),
                  resp("PUT", second, 200, [])]
        if status == 303:
            server.append(resp("GET", second, 200, []))
        cache_server = [resp("OPTIONS", url, 204, allow), resp("PUT", url, 200, [(ACAO, PAGE)])]
        add(name, primed(name) +
            [step(request("PUT", url, cache="default"), cache_server),
             step(request("PUT", first, cache="default"), server),
             step(request("PUT", url, cache="default"), cache_server)])

# --- Redirect modes manual and error on no-cors requests to the page's own
# origin (#main-fetch step 12 looks at the origin before the mode) ---
for redirect_mode in ("manual", "error"):
    for label, status, to in (("200", 200, None), ("302-same", 302, "same"),
                              ("302-cross", 302, "cross")):
        for method in ("GET", "POST"):
            name = f"no-cors-same-origin/{redirect_mode}/{label}/{method}"
            s_ = slug(name)
            url1 = f"{PAGE}/r/{s_}"
            if to is None:
                server = [resp(method, url1, 200, [("X-A", "1")])]
            else:
                url2 = f"{targets[to]}/r/{s_}-2"
                server = [resp(method, url1, status, [("Location", url2)])]
                for m in unique([method, "GET"]):
                    server.append(resp(m, url2, 200, [("X-A", "1")]))
            hdrs = [("Content-Type", "text/plain")] if method == "POST" else []
            add(name, [step(request(method, url1, headers=hdrs, mode="no-cors",
                                    redirect=redirect_mode), server)])

# --- Statuses the Standard sets apart from the CORS check (407: the CORS
# check is "not to be applied" to it, proxy authentication is), and a 401
# asking for credentials, on the actual request and on the preflight ---
for label, status, extra in (("407", 407, []),
                             ("407-proxy-authenticate", 407,
                              [("Proxy-Authenticate", 'Basic realm="x"')]),
                             ("401-www-authenticate", 401,
                              [("WWW-Authenticate", 'Basic realm="x"')])):
    for acao in (True, False):
        for cred in ("omit", "include"):
            if status == 401 and cred == "include":
                continue  # Chromium and Firefox ask the user for a password
            name = f"status-auth/{label}/{'acao' if acao else 'no-acao'}/{cred}"
            url = f"{CROSS}/r/{slug(name)}"
            hdrs = ([(ACAO, PAGE), (ACAC, "true")] if acao else []) + extra
            add(name, [step(request("GET", url, credentials=cred),
                            [resp("GET", url, status, hdrs)])])
    name = f"status-auth/{label}/preflight"
    url = f"{CROSS}/r/{slug(name)}"
    add(name, [step(request("PUT", url),
                    [resp("OPTIONS", url, status, [(ACAO, PAGE), (ACAM, "PUT")] + extra),
                     resp("PUT", url, 200, [(ACAO, PAGE)])])])
for mode, target in (("same-origin", PAGE), ("no-cors", CROSS)):
    name = f"status-auth/407/{mode}"
    url = f"{target}/r/{slug(name)}"
    add(name, [step(request("GET", url, mode=mode), [resp("GET", url, 407, [("X-A", "1")])])])

# --- data: URLs, which #main-fetch step 12 sends to a scheme fetch before
# the mode decides anything (a basic response in every mode); per method,
# with a header script set, and invalid ones. Nothing goes on the wire ---
data_urls = [("plain", "data:,hello"), ("mime", "data:text/plain;charset=utf-8,hi"),
             ("base64", "data:application/json;base64,e30="),
             ("no-comma", "data:text/plain"), ("bad-base64", "data:;base64,%%%")]
for label, url in data_urls:
    for mode in ("cors", "no-cors", "same-origin"):
        add(f"data-url/{label}/{mode}", [step(request("GET", url, mode=mode), [])])
for method in ("POST", "PUT", "HEAD"):
    add(f"data-url/method/{method}", [step(request(method, "data:,x"), [])])
add("data-url/custom-header", [step(request("GET", "data:,x", headers=[("X-A", "1")]), [])])
add("data-url/credentials-include",
    [step(request("GET", "data:,x", credentials="include"), [])])
add("data-url/redirect-to", [step(request("GET", f"{CROSS}/r/{slug('data-url/redirect-to')}"),
                                  [resp("GET", f"{CROSS}/r/{slug('data-url/redirect-to')}", 302,
                                        [(ACAO, PAGE), ("Location", "data:,x")])])])

# --- A redirect's Referrer-Policy (#http-redirect-fetch: "set request's
# referrer policy on redirect"), which decides Origin on the next hop of a
# POST outside cors mode; and Location values with spaces around them ---
policies = ["no-referrer", "same-origin", "origin", "unsafe-url",
            "strict-origin", "", "bogus", "no-referrer, unsafe-url",
            "No-Referrer", "unsafe-url, no-referrer", "no-referrer, bogus",
            "no-referrer;"]
for i, policy in enumerate(policies):
    for mode, start, to in (("same-origin", "same", "same"), ("no-cors", "cross", "cross"),
                            ("no-cors", "same", "cross"), ("cors", "cross", "cross")):
        if mode != "same-origin" and policy not in ("no-referrer", "same-origin", ""):
            continue
        name = f"redirect-referrer-policy/{i:02d}/{mode}/{start}-to-{to}"
        s_ = slug(name)
        url1, url2 = f"{targets[start]}/r/{s_}", f"{targets[to]}/r/{s_}-2"
        acao = [(ACAO, PAGE)] if mode == "cors" else []
        add(name, [step(request("POST", url1, headers=[("Content-Type", "text/plain")],
                                mode=mode),
                        [resp("POST", url1, 307,
                              acao + [("Referrer-Policy", policy), ("Location", url2)]),
                         resp("POST", url2, 200, acao)])])
for i, values in enumerate([[" "], ["\t"], ["/r/{s}-2 "], [" /r/{s}-2"],
                            ["/r/{s}-2", "/r/{s}-2 "], ["/r/{s}-2", " /r/{s}-2"]]):
    for redirect_mode in ("follow", "error"):
        name = f"redirect/location-padded/{i}/{redirect_mode}"
        s_ = slug(name)
        url1 = f"{CROSS}/r/{s_}"
        server = [resp("GET", url1, 302, [(ACAO, "*")] +
                       [("Location", v.format(s=s_)) for v in values]),
                  resp("GET", f"{CROSS}/r/{s_}-2", 200, [(ACAO, "*")])]
        add(name, [step(request("GET", url1, redirect=redirect_mode), server)])

# ... and Referrer-Policy values with an item that is not a token
for i, policy in ((12, "no-referrer, a;b"), (13, "a b, no-referrer"),
                  (14, '"no-referrer"')):
    name = f"redirect-referrer-policy/{i:02d}/same-origin/same-to-same"
    s_ = slug(name)
    url1, url2 = f"{PAGE}/r/{s_}", f"{PAGE}/r/{s_}-2"
    add(name, [step(request("POST", url1, headers=[("Content-Type", "text/plain")],
                            mode="same-origin"),
                    [resp("POST", url1, 307, [("Referrer-Policy", policy), ("Location", url2)]),
                     resp("POST", url2, 200, [])])])

for s in scenarios:
    sys.stdout.write(json.dumps(s, separators=(",", ":")) + "\n")
