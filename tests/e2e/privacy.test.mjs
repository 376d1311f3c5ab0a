// "Nothing leaves the browser" and "works without a network", proven in headless Chromium:
// (a) zero requests after load while analysing every corpus sample; no storage, no URL change;
// (b) the single-file hoplock.html from file:// with the network disabled;
// (e) the CSP is present, strict, enforced, and the console shows no violation;
// plus the hosted page offline after one visit (service worker) and the download link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIST, CORPUS, ARTIFACTS, startServer, launchBrowser, openPage, pasteHeaders, readHops,
  corpusMessage, corpusExpected, tlsWord, screenshot, dropFile, OUTLOOK_MSG,
} from './lib/harness.mjs';

const LUXSCI = 'seed-luxsci-hotmail-proofpoint.txt';
const SAMPLES = readdirSync(path.join(CORPUS, 'messages')).filter((f) => f.endsWith('.txt')).sort();

/** The Content-Security-Policy of an HTML file, as { directive: [sources] }. */
function cspOf(html) {
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  assert.ok(m, 'a CSP meta tag');
  const policy = {};
  for (const part of m[1].replace(/&#x27;|&#39;/g, "'").split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy[name] = sources;
  }
  return { policy, index: m.index };
}

/** Record CSP violations reported to the page (in addition to console errors). */
async function watchCsp(context) {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

async function assertLuxSci(root) {
  await pasteHeaders(root, corpusMessage(LUXSCI));
  const expected = corpusExpected(LUXSCI).hops;
  const hops = await readHops(root);
  assert.equal(hops.length, expected.length, 'six hops');
  expected.forEach((want, i) => assert.ok(hops[i].tls.startsWith(tlsWord(want.tls)),
    `hop ${want.hop}: TLS ${JSON.stringify(hops[i].tls)} begins with ${tlsWord(want.tls)}`));
}

/** The page once its load is over: the service worker has installed (it fetches the page's own
 * files once) and the network is idle, so every later request is one the test caused. */
async function openSettledPage(browser) {
  const opened = await openPage(browser, server.url);
  await opened.page.evaluate(() => navigator.serviceWorker?.ready);
  await opened.page.waitForLoadState('networkidle');
  return opened;
}

/** The engine worker's files (src/bin/hoplock-worker.rs, its message loop): fetched on demand. */
const ENGINE_FILES = ['/hoplock-worker.js', '/hoplock-worker_bg.wasm', '/engine-worker.js'];

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.close();
});

test('(a) zero requests after load while analysing every sample; nothing stored, URL unchanged', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openSettledPage(browser);
    const urlBefore = page.url();
    const seenByBrowser = [];
    browser.on('request', (r) => seenByBrowser.push(r.url()));
    const seenByServer = server.requests.length;

    for (const file of SAMPLES) {
      await pasteHeaders(page, corpusMessage(file));
      assert.ok((await readHops(page)).length > 0, `${file}: hops listed`);
    }
    // The page's own "try an example" menu, when it has one: the samples are in the bundle.
    const menu = page.locator('select[data-testid=examples]');
    const examples = (await menu.count())
      ? (await menu.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean)
      : [];
    for (const value of examples) {
      await menu.selectOption(value);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
      assert.ok((await readHops(page)).length > 0, `example ${value}: hops listed`);
    }
    console.log(`# analysed ${SAMPLES.length} corpus messages and ${examples.length} built-in examples`);
    await page.waitForTimeout(500); // anything deferred (beacons, lazy chunks) would show now

    assert.deepEqual(seenByBrowser, [], 'no request from the browser after load');
    assert.deepEqual(server.requests.slice(seenByServer), [], 'no request reached the server after load');
    assert.equal(page.url(), urlBefore, 'the URL carries no header text');
    const stored = await page.evaluate(async () => ({
      local: Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]),
      session: Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]),
      cookie: document.cookie,
      idb: (await indexedDB.databases?.())?.map((d) => d.name) ?? [],
    }));
    const text = JSON.stringify(stored);
    for (const needle of ['Received', 'luxsci', 'hotmail', '192.0.2', 'ESMTP']) {
      assert.ok(!text.includes(needle), `no header text stored (${needle} found in ${text.slice(0, 200)})`);
    }
    assert.equal(stored.cookie, '', 'no cookies');
    assert.deepEqual(stored.idb, [], 'no IndexedDB');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(a2) a dropped Outlook .msg fetches only the engine worker (its reader), once: static, same origin, nothing of the file', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openSettledPage(browser);
    const seen = [];
    browser.on('request', (r) => seen.push({ url: r.url(), method: r.method(), body: r.postData() }));
    const msg = readFileSync(OUTLOOK_MSG);
    for (const name of ['first.msg', 'second.msg']) {
      await page.locator('[data-testid=clear]').click();
      await dropFile(page, name, msg, 'application/vnd.ms-outlook');
      await page.locator('[data-testid=file-note]', { hasText: `Outlook file ${name}` }).waitFor();
      assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length, `${name}: hops listed`);
    }
    await page.waitForTimeout(300);
    const origin = new URL(server.url).origin;
    const network = seen.filter((r) => !r.url.startsWith('blob:'));
    // The service worker serves the second drop from its cache; the browser may show the
    // worker's own requests and the service worker's fetches, all of them the engine's files.
    assert.ok(network.length > 0, 'the reader was fetched');
    for (const r of network) {
      assert.equal(r.method, 'GET', r.url);
      assert.equal(r.body ?? null, null, `${r.url}: no request body`);
      assert.ok(ENGINE_FILES.includes(new URL(r.url).pathname) && r.url.startsWith(origin + '/')
        && !r.url.includes('?'), `only the engine's static files: ${r.url}`);
    }
    const reachedServer = server.requests.filter((line) => /hoplock-worker|engine-worker/.test(line));
    assert.ok(reachedServer.length <= ENGINE_FILES.length,
      `at most one fetch of each engine file reached the server: ${reachedServer}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(b) hoplock.html from file:// with the network disabled analyses the LuxSci sample', async () => {
  const file = path.join(DIST, 'hoplock.html');
  const html = readFileSync(file, 'utf8');
  const { policy } = cspOf(html);
  assert.deepEqual(policy['connect-src'], ["'none'"], 'the offline file cannot connect anywhere');
  assert.deepEqual(policy['default-src'], ["'none'"]);
  assert.deepEqual(policy['worker-src'], ['blob:'], 'workers only from blob: (the .msg reader)');
  assert.ok(!/\b(src|href)="(?!data:)[^"#]/.test(html.replace(/<style>[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '')),
    'no external src/href left in the offline file');

  const browser = await launchBrowser({ offline: true });
  try {
    await watchCsp(browser);
    const requests = [];
    browser.on('request', (r) => requests.push(r.url()));
    const { page, problems } = await openPage(browser, pathToFileURL(file).href);
    await assertLuxSci(page);
    await screenshot(page, 'offline-file-luxsci');
    // The .msg reader is inlined too: its worker starts from the page itself, no fetch.
    await page.locator('[data-testid=clear]').click();
    await dropFile(page, 'luxsci.msg', readFileSync(OUTLOOK_MSG), 'application/vnd.ms-outlook');
    await page.locator('[data-testid=file-note]', { hasText: 'Read the Internet headers stored in the Outlook file' }).waitFor();
    assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length, '.msg read offline');
    // blob: is memory of this page (the .msg reader's worker script), not a network request.
    assert.deepEqual(requests.filter((u) => !/^(file|data|blob):/.test(u)), [], 'no network request');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.equal(await page.locator('[data-testid=offline-download]').count(), 0, 'no download link inside the offline copy');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
  const size = statSync(file).size;
  console.log(`# hoplock.html: ${size} bytes`);
});

test('(e) the hosted page carries a strict CSP that is enforced, with no violation in use', async () => {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const { policy, index } = cspOf(html);
  assert.ok(index < html.indexOf('<script'), 'the CSP comes before every script');
  assert.deepEqual(policy['default-src'], ["'none'"]);
  assert.deepEqual(policy['connect-src'], ["'self'"]);
  assert.deepEqual(policy['style-src'], ["'self'"]);
  assert.deepEqual(policy['img-src'], ["'self'", 'data:']);
  assert.deepEqual(policy['base-uri'], ["'none'"]);
  assert.deepEqual(policy['form-action'], ["'none'"]);
  assert.deepEqual(policy['worker-src'], ["'self'", 'blob:'], 'workers: the service worker and the .msg reader (blob:)');
  const scriptSrc = policy['script-src'];
  assert.ok(scriptSrc.includes("'self'") && scriptSrc.includes("'wasm-unsafe-eval'"));
  assert.ok(scriptSrc.some((s) => s.startsWith("'sha256-")), 'the loader is allowed by hash');
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:']) {
    assert.ok(!scriptSrc.includes(loose), `script-src without ${loose}`);
  }

  const browser = await launchBrowser();
  try {
    await watchCsp(browser);
    const { page, problems } = await openPage(browser, server.url);
    for (const file of SAMPLES.slice(0, 8)) await pasteHeaders(page, corpusMessage(file));
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation while in use');
    assert.deepEqual(problems.filter((p) => /Content Security Policy/i.test(p)), [], 'no CSP message in the console');
    assert.deepEqual(problems, []);

    // Enforced, not decorative: injected inline script and a foreign connection are refused.
    const blocked = await page.evaluate(async () => {
      window.__ran = false;
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.append(s);
      let fetched = true;
      try { await fetch('http://192.0.2.1/beacon', { mode: 'no-cors' }); } catch { fetched = false; }
      await new Promise((r) => setTimeout(r, 50));
      return { ran: window.__ran, fetched, violations: window.__cspViolations.length };
    });
    assert.equal(blocked.ran, false, 'an injected inline script does not run');
    assert.equal(blocked.fetched, false, 'a connection to another origin is refused');
    assert.ok(blocked.violations >= 2, 'both were reported as CSP violations');
  } finally {
    await browser.close();
  }
});

test('the hosted page works offline after one visit (service worker), and offers the offline file', async () => {
  const own = await startServer();
  const browser = await launchBrowser({ acceptDownloads: true });
  try {
    const { page, problems } = await openPage(browser, own.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.locator('textarea[data-testid=headers]').waitFor();
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the service worker controls the page');

    const link = page.locator('[data-testid=offline-download]');
    assert.match(await link.getAttribute('href'), /(^|\/)hoplock\.html$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = path.join(ARTIFACTS, 'downloaded-hoplock.html');
    await download.saveAs(saved);
    assert.ok(readFileSync(saved).equals(readFileSync(path.join(DIST, 'hoplock.html'))), 'the link downloads hoplock.html');
    // A .msg once online: the service worker keeps the reader it fetched.
    const readMsg = async () => {
      await dropFile(page, 'luxsci.msg', readFileSync(OUTLOOK_MSG), 'application/vnd.ms-outlook');
      await page.locator('[data-testid=file-note]', { hasText: 'Read the Internet headers stored in the Outlook file' }).waitFor();
    };
    await readMsg();

    await own.close(); // the server is gone: only the service worker's cache is left
    await page.reload();
    await assertLuxSci(page);
    await readMsg();
    assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length, '.msg read offline');
    const embedded = await browser.newPage();
    await embedded.goto(own.url + '?embed');
    await assertLuxSci(embedded);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await own.close().catch(() => {});
  }
});
