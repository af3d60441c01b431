#!/usr/bin/env node
// Does Firefox drop the first preflight-cache entry a fresh browsing profile
// stores, or is that an artifact of automation? (The cache/ family of the
// public corpus shows the drop under WebDriver BiDi; docs/PROFILES.md.)
//
//   node firefox_first_store.js [--trials N] [--sequence "W1 A1 A2 ..."]
//
// One sequence of credential-less PUTs from http://127.0.0.1:8001 (each
// needs a preflight; the server allows PUT with Max-Age 600):
//   A1, A2 to /r/ffs-a; B1, B2 to /r/ffs-b; A3 to /r/ffs-a again
// and, warmed, W1 to /r/ffs-w first. A fetch the cache covers sends no
// OPTIONS. Each trial starts Firefox on a brand-new profile, in four ways:
//   bidi-user-context  WebDriver BiDi, a new user context (the recorder's way)
//   bidi-default       WebDriver BiDi, a tab in the default user context
//   plain              no remote agent at all: Firefox opens the page, which
//                      runs the sequence itself and posts what it saw
//   plain-warmed       the same, W1 first
// It prints, per way and trial, which fetches sent a preflight (P) and
// which the cache let go (-).

'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const rec = require('./record.js');

const ORIGIN = 'http://127.0.0.1:8001';
const TARGET = 'http://127.0.0.1:8002/r/';

// A fetch is named by its key letter and a count ("A2": the second fetch
// to key a).
// "+MS" pauses MS milliseconds before the next fetch.
function sequence(names) {
  const out = [];
  let pause = 0;
  for (const n of names) {
    if (n.startsWith('+')) {
      pause += Number(n.slice(1));
      continue;
    }
    out.push({ label: n, url: TARGET + 'ffs-' + n[0].toLowerCase(), pause });
    pause = 0;
  }
  return out;
}

function serverTable() {
  const table = [];
  for (const key of 'abcdwxyz') {
    table.push({ method: 'OPTIONS', url: TARGET + 'ffs-' + key, status: 204,
                 headers: [['Access-Control-Allow-Origin', ORIGIN],
                           ['Access-Control-Allow-Methods', 'PUT'],
                           ['Access-Control-Max-Age', '600']] });
    table.push({ method: 'PUT', url: TARGET + 'ffs-' + key, status: 200,
                 headers: [['Access-Control-Allow-Origin', ORIGIN]] });
  }
  return table;
}

// Which fetches of `seq` sent a preflight, from the wire: each fetch is an
// optional OPTIONS followed by its PUT.
function summarize(seq, wire) {
  const out = [];
  let i = 0;
  for (const f of seq) {
    let preflighted = false;
    if (i < wire.length && wire[i].method === 'OPTIONS') {
      preflighted = true;
      ++i;
    }
    if (i < wire.length && wire[i].method === 'PUT') ++i;
    out.push(`${f.label}:${preflighted ? 'P' : '-'}`);
  }
  return out.join(' ') + (i === wire.length ? '' : ` (+${wire.length - i} unexpected)`);
}

async function viaBidi(userContexts, seq) {
  const driver = await rec.launchFirefox({ userContexts });
  try {
    const page = await driver.open(ORIGIN);
    rec.setStep({ server: serverTable() });
    for (const f of seq) {
      if (f.pause) await rec.sleep(f.pause);
      await rec.withTimeout(page.fetch({ method: 'PUT', url: f.url, cache: 'default' }), 15000, f.label);
    }
    await rec.sleep(50);
    const wire = rec.takeWire();
    await page.close();
    return summarize(seq, wire);
  } finally {
    await driver.close();
  }
}

async function plain(seq) {
  // The page runs the fetches itself and posts when done; no remote agent.
  let done;
  const finished = new Promise((r) => { done = r; });
  const script = `
    (async () => {
      for (const [url, pause] of ${JSON.stringify(seq.map((f) => [f.url, f.pause]))}) {
        if (pause) await new Promise((r) => setTimeout(r, pause));
        try { await fetch(url, { method: 'PUT' }); } catch (e) {}
      }
      await fetch('/__done', { method: 'POST', body: 'done' });
    })();`;
  rec.extraRoutes.set('/__first-store', () => {
    const body = `<!doctype html><script>${script}</script>`;
    return `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n` +
           `Content-Length: ${body.length}\r\n\r\n${body}`;
  });
  rec.extraRoutes.set('/__done', () => {
    done();
    return 'HTTP/1.1 204 No Content\r\n\r\n';
  });
  rec.setStep({ server: serverTable() });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'corsengine-ff-plain-'));
  const { child } = await rec.launchFirefoxProcess(profile, false,
                                                   ORIGIN + '/__first-store');
  try {
    await rec.withTimeout(finished, 30000, 'plain page');
    await rec.sleep(50);
    return summarize(seq, rec.takeWire());
  } finally {
    child.kill();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const i = process.argv.indexOf('--trials');
  const trials = i > 0 ? Number(process.argv[i + 1]) : 3;
  const servers = [];
  for (const port of [8001, 8002, 8003]) servers.push(await rec.startServer(port));
  try {
    const j = process.argv.indexOf('--sequence');
    const custom = j > 0 ? process.argv[j + 1].split(/\s+/) : null;
    const base = ['A1', 'A2', 'B1', 'B2', 'A3'];
    const ways = custom
      ? [['plain', () => plain(sequence(custom))],
         ['bidi-user-context', () => viaBidi(true, sequence(custom))]]
      : [['bidi-user-context', () => viaBidi(true, sequence(base))],
         ['bidi-default', () => viaBidi(false, sequence(base))],
         ['plain', () => plain(sequence(base))],
         ['plain-warmed', () => plain(sequence(['W1'].concat(base)))]];
    for (const [name, run] of ways) {
      for (let t = 1; t <= trials; ++t) {
        let line;
        try {
          line = await run();
        } catch (e) {
          line = `error: ${e.message}`;
        }
        console.log(`${name.padEnd(18)} trial ${t}: ${line}`);
      }
    }
  } finally {
    for (const s of servers) s.close();
  }
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(2);
});
