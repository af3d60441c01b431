#!/usr/bin/env node
// The project's real-browser recorder: plays scenarios (FORMAT.md) in a real
// browser and writes what it did as truth records.
//
//   node record.js --browser chromium --scenarios FILE [--names FILE]
//                  [--out FILE] [--timeout-ms N]
//
// Three loopback servers stand on the scenarios' ports (127.0.0.1:8001, the
// page, and 8002, 8003; localhost:8002 reaches the same one). Each answers
// a request from the running step's `server` table (the first entry with
// the same method and URL; else 404 with no headers), writing exactly the
// listed headers and nothing else (no Date, no Content-Length), and logs
// every request under /r/ with its Origin and Access-Control-Request-*
// headers: the step's `wire`. Each scenario gets a fresh browser context (a
// fresh preflight cache); each step waits `after_ms`, then the page calls
// fetch() and reports what script saw.
//
// Drivers: chromium (Debian's /usr/bin/chromium through playwright-core)
// and firefox (Debian's firefox-esr through its own WebDriver BiDi); never a
// downloaded browser. Everything stays on loopback, and every
// scenario and the whole run are bounded in time.

'use strict';

const fs = require('fs');
const net = require('net');

function parseArgs(argv) {
  const args = { browser: 'chromium', timeoutMs: 15000 };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--browser') args.browser = value();
    else if (a === '--scenarios') args.scenarios = value();
    else if (a === '--names') args.names = value();
    else if (a === '--out') args.out = value();
    else if (a === '--timeout-ms') args.timeoutMs = Number(value());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.scenarios) throw new Error('--scenarios FILE is required');
  return args;
}

function readJsonl(path) {
  return fs.readFileSync(path, 'utf8').split('\n').filter((l) => l.trim())
      .map((l) => JSON.parse(l));
}

// --- The loopback servers ---------------------------------------------------

const PAGE_PATH = '/__page';
let currentStep = null;  // the step whose server table answers
let wire = [];           // requests under /r/ during the current step

function canonical(url) {
  try {
    return new URL(url).href;
  } catch (e) {
    return url;
  }
}

function answerFor(method, url) {
  if (!currentStep) return null;
  for (const r of currentStep.server || []) {
    if (r.method === method && (r.url === url || canonical(r.url) === url)) {
      return r;
    }
  }
  return null;
}

// Other pages served from the page origin: path -> (method, body) -> response
// text; used by firefox_first_store.js.
const extraRoutes = new Map();
const setStep = (step) => { currentStep = step; wire = []; };
const takeWire = () => { const w = wire; wire = []; return w; };

function handleRequest(socket, head, rest) {
  const lines = head.split('\r\n');
  const [method, target] = lines[0].split(' ');
  const headers = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  const get = (name) => {
    const h = headers.find(([n]) => n.toLowerCase() === name);
    return h ? h[1] : null;
  };
  const host = get('host') || '';
  const url = `http://${host}${target}`;
  let response;
  if (extraRoutes.has(target.split('?')[0])) {
    response = extraRoutes.get(target.split('?')[0])(method, rest);
  } else if (target === PAGE_PATH) {
    const body = '<!doctype html><title>corsengine recorder</title>';
    response = 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n' +
        `Content-Length: ${body.length}\r\n\r\n${body}`;
  } else if (target.startsWith('/r/')) {
    wire.push({
      method,
      url,
      origin: get('origin'),
      acrm: get('access-control-request-method'),
      acrh: get('access-control-request-headers'),
    });
    const r = answerFor(method, url);
    const status = r ? r.status : 404;
    let out = `HTTP/1.1 ${status} X\r\n`;
    for (const [n, v] of (r ? r.headers || [] : [])) out += `${n}: ${v}\r\n`;
    response = out + '\r\n';
  } else {
    response = 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';
  }
  socket.end(Buffer.from(response, 'latin1'));
}

function startServer(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      let data = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        data = Buffer.concat([data, chunk]);
        const end = data.indexOf('\r\n\r\n');
        if (end >= 0) {
          socket.removeAllListeners('data');
          handleRequest(socket, data.subarray(0, end).toString('latin1'),
                        data.subarray(end + 4).toString('latin1'));
        } else if (data.length > 1 << 20) {
          socket.destroy();
        }
      });
      socket.on('error', () => {});
    });
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

// --- The page's side ----------------------------------------------------------

// Runs in the page: one fetch() as script would call it.
async function pageFetch(req) {
  // An absent field takes the format's default; any value given, the empty
  // string too, goes to fetch() as written.
  const init = {
    method: req.method ?? 'GET',
    mode: req.mode ?? 'cors',
    credentials: req.credentials ?? 'same-origin',
    redirect: req.redirect ?? 'follow',
    cache: req.cache ?? 'no-store',
  };
  // The header list as script wrote it (pairs, repeats kept apart): a
  // Headers object would hand fetch() its combined, sorted view instead.
  init.headers = req.headers || [];
  try {
    const r = await fetch(req.url, init);
    const exposed = Array.from(new Set(Array.from(r.headers.keys()))).sort();
    return { result: 'ok', type: r.type, status: r.status, url: r.url, exposed };
  } catch (e) {
    return { result: 'error' };
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// --- Drivers ------------------------------------------------------------------
//
// A driver opens one fresh browsing profile per scenario (so its preflight
// cache starts empty) and runs steps in a page of the scenario's origin:
//   const d = await launch(name);          // {label, open(origin), close()}
//   const s = await d.open(origin);         // {fetch(request), close()}

async function launchChromium() {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Root in a container has no user namespaces for Chromium's sandbox.
    args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
  });
  return {
    label: `chromium ${browser.version()}`,
    async open(origin) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(origin + PAGE_PATH);
      return {
        fetch: (request) => page.evaluate(pageFetch, request),
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// Firefox ESR through its built-in WebDriver BiDi (no geckodriver, no
// Playwright build): one user context (container) per scenario, or, with
// {userContexts: false}, tabs of the default one (firefox_first_store.js).
async function launchFirefox(options = { userContexts: true }) {
  const os = require('os');
  const path = require('path');
  const WebSocket = require('ws');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'corsengine-ff-'));
  const { child, wsUrl } = await launchFirefoxProcess(profile, true);
  const socket = new WebSocket(wsUrl.replace(/\/?$/, '') + '/session');
  return bidiDriver(socket, child, profile, options);
}

function writeFirefoxPrefs(profile, path) {
  // Nothing but loopback: no updates, telemetry, safe browsing, captive
  // portal or connectivity checks, first-run pages.
  const prefs = {
    'app.update.disabledForTesting': true,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.startup.page': 0,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'extensions.update.enabled': false,
    'browser.newtabpage.enabled': false,
    'network.proxy.type': 0,
  };
  fs.writeFileSync(path.join(profile, 'user.js'), Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n') + '\n');
}

// Firefox on a fresh `profile` (headless, loopback-only prefs), with its
// remote agent (`remote`) or as a plain browser opening `url`.
async function launchFirefoxProcess(profile, remote, url) {
  const { spawn } = require('child_process');
  const path = require('path');
  writeFirefoxPrefs(profile, path);
  const binary = process.env.FIREFOX || '/usr/bin/firefox-esr';
  const args = ['--headless', '--no-remote', '--profile', profile];
  if (remote) args.push('--remote-debugging-port', '0');
  if (url) args.push(url);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (!remote) return { child, wsUrl: null };
  const wsUrl = await withTimeout(new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk) => {
      text += chunk.toString();
      const m = text.match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
      if (m) resolve(m[1]);
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`firefox exited (${code}): ${text}`)));
  }), 30000, 'firefox start');
  return { child, wsUrl };
}

async function bidiDriver(socket, child, profile, options) {
  await new Promise((resolve, reject) => {
    socket.on('open', resolve);
    socket.on('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  socket.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.type === 'error') reject(new Error(`${msg.error}: ${msg.message}`));
      else resolve(msg.result);
    }
  });
  const send = (method, params) => new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, method, params }));
  });
  const session = await send('session.new', { capabilities: {} });
  const version = session.capabilities.browserVersion;
  return {
    label: `firefox ${version}`,
    async open(origin) {
      const { userContext } = options.userContexts
          ? await send('browser.createUserContext', {})
          : { userContext: 'default' };
      const { context } = await send('browsingContext.create',
                                     { type: 'tab', userContext });
      await send('browsingContext.navigate',
                 { context, url: origin + PAGE_PATH, wait: 'complete' });
      return {
        async fetch(request) {
          const r = await send('script.evaluate', {
            expression: `(${pageFetch.toString()})(${JSON.stringify(request)})` +
                        '.then((r) => JSON.stringify(r))',
            target: { context },
            awaitPromise: true,
          });
          if (r.type !== 'success') throw new Error(JSON.stringify(r.exceptionDetails));
          return JSON.parse(r.result.value);
        },
        async close() {
          await send('browsingContext.close', { context });
          if (options.userContexts) {
            await send('browser.removeUserContext', { userContext });
          }
        },
      };
    },
    async close() {
      try {
        await withTimeout(send('session.end', {}), 5000, 'session.end');
      } catch (e) { /* closing anyway */ }
      socket.close();
      child.kill();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// WebKitGTK through WebKitWebDriver (classic WebDriver over HTTP) and the
// MiniBrowser under Xvfb: one WebDriver session, so one fresh browser, per
// scenario.
async function launchWebKit() {
  const { spawn } = require('child_process');
  const env = Object.assign({}, process.env, {
    // Containers lack what WebKit's bubblewrap sandbox and GL need.
    WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS: '1',
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
  });
  const children = [];
  if (!env.DISPLAY) {
    const display = ':' + (100 + (process.pid % 100));
    children.push(spawn('Xvfb', [display, '-screen', '0', '1280x800x24',
                                 '-nolisten', 'tcp'], { stdio: 'ignore' }));
    env.DISPLAY = display;
    await sleep(500);
  }
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => resolve(p));
    });
  });
  const driverBinary = process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver';
  children.push(spawn(driverBinary, [`--port=${port}`], { env, stdio: 'ignore' }));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(j.value)}`);
    return j.value;
  };
  for (let i = 0; ; ++i) {
    try {
      await call('GET', '/status');
      break;
    } catch (e) {
      if (i > 100) throw new Error(`WebKitWebDriver did not start: ${e.message}`);
      await sleep(100);
    }
  }
  const capabilities = {
    alwaysMatch: {
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ||
            '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    },
  };
  const newSession = () => call('POST', '/session', { capabilities });
  // The label comes from a first session, closed at once.
  const first = await newSession();
  await call('DELETE', `/session/${first.sessionId}`);
  return {
    label: `webkitgtk ${first.capabilities.browserVersion}`,
    async open(origin) {
      const { sessionId } = await newSession();
      await call('POST', `/session/${sessionId}/url`, { url: origin + PAGE_PATH });
      return {
        async fetch(request) {
          const value = await call('POST', `/session/${sessionId}/execute/async`, {
            script: 'const done = arguments[arguments.length - 1];' +
                    `(${pageFetch.toString()})(arguments[0])` +
                    '.then((r) => done(JSON.stringify(r)));',
            args: [request],
          });
          return JSON.parse(value);
        },
        close: () => call('DELETE', `/session/${sessionId}`),
      };
    },
    async close() {
      for (const c of children.reverse()) c.kill();
    },
  };
}

async function launch(browserName) {
  if (browserName === 'chromium') return launchChromium();
  if (browserName === 'firefox') return launchFirefox();
  if (browserName === 'webkit') return launchWebKit();
  throw new Error(`no driver for '${browserName}' (chromium, firefox, webkit)`);
}

async function recordScenario(driver, scenario, timeoutMs) {
  const page = await withTimeout(driver.open(scenario.origin), timeoutMs,
                                 `${scenario.name}: opening the page`);
  try {
    const steps = [];
    for (const step of scenario.steps) {
      if (step.after_ms) await sleep(step.after_ms);
      currentStep = step;
      wire = [];
      const seen = await withTimeout(page.fetch(step.request), timeoutMs,
                                     scenario.name);
      // Let late requests of this step (none expected) land in its wire.
      await sleep(20);
      const record = { wire };
      record.result = seen.result;
      if (seen.result === 'ok') {
        record.type = seen.type;
        record.status = seen.status;
        record.url = seen.url;
        record.exposed = seen.exposed;
      }
      steps.push(record);
      currentStep = null;
    }
    return { name: scenario.name, browser: driver.label, steps };
  } finally {
    await page.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let scenarios = readJsonl(args.scenarios);
  if (args.names) {
    const wanted = new Set(fs.readFileSync(args.names, 'utf8').split('\n')
        .map((l) => l.trim()).filter(Boolean));
    scenarios = scenarios.filter((s) => wanted.has(s.name));
  }
  const servers = [];
  for (const port of [8001, 8002, 8003]) servers.push(await startServer(port));
  const driver = await launch(args.browser);
  const label = driver.label;
  const out = args.out ? fs.createWriteStream(args.out) : process.stdout;
  const started = Date.now();
  let failures = 0;
  try {
    for (const scenario of scenarios) {
      try {
        const record = await recordScenario(driver, scenario, args.timeoutMs);
        out.write(JSON.stringify(record) + '\n');
      } catch (e) {
        ++failures;
        process.stderr.write(`record.js: ${scenario.name}: ${e.message}\n`);
      }
    }
  } finally {
    await driver.close();
    for (const s of servers) s.close();
    if (out !== process.stdout) await new Promise((r) => out.end(r));
  }
  process.stderr.write(`record.js: ${scenarios.length - failures} of ` +
      `${scenarios.length} scenarios recorded in ${label} in ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.exit(failures ? 1 : 0);
}

// Used by firefox_first_store.js, which plays its own pages on these
// servers.
module.exports = { startServer, launchFirefox, launchFirefoxProcess,
                   recordScenario, pageFetch, setStep, takeWire, sleep,
                   withTimeout, extraRoutes };

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`record.js: ${e.stack || e}\n`);
    process.exit(2);
  });
}
