// Shared harness for the end-to-end tests: a static server for dist/, headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core; no browser download), and helpers that
// speak the DOM contract (data-testid=headers, hop-row, hop-tls, …).
//
// Usage (node --test):
//   import { startServer, launchBrowser, openPage, pasteHeaders, readHops } from './lib/harness.mjs';
//   const server = await startServer();              // serves dist/ on a free loopback port
//   const browser = await launchBrowser();           // fresh profile, closed by browser.close()
//   const { page, problems } = await openPage(browser, server.url);
//   await pasteHeaders(page, text); const hops = await readHops(page);
//   assert.deepEqual(problems, []);                  // console errors, page errors, dialogs
import { createServer } from 'node:http';
import { readFileSync, existsSync, mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const { chromium } = createRequire(import.meta.url)('playwright-core');

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = process.env.HOPLOCK_DIST ? path.resolve(process.env.HOPLOCK_DIST) : path.join(REPO, 'dist');
export const CORPUS = path.join(REPO, 'tests/data/corpus');
/** Screenshots and other test output (git-ignored). */
export const ARTIFACTS = path.join(REPO, 'target/e2e');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', // so the glue can use instantiateStreaming
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/** Fail early with a clear message when the release build is missing. */
export function requireDist() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`no release build in ${DIST}: run \`trunk build --release\` (scripts/test does)`);
  }
}

/**
 * Serve a directory (default dist/) on 127.0.0.1 and a free port.
 * options.root      directory to serve
 * options.pages     { '/path': 'html' | { body, headers } } extra in-memory pages (embedding hosts)
 * options.headers   extra response headers for every response (e.g. a CSP header)
 * options.cors      add `Access-Control-Allow-Origin: *` (cross-origin module script / wasm)
 * options.prefix    serve the directory under this sub-path (e.g. '/kb/tools/hoplock/')
 * options.gzip      send files gzip-compressed (-9) to a client that accepts it, as a real host
 *                   does (`Content-Encoding: gzip`); the benchmark's throttled load uses it
 * Returns { url, origin, port, requests, close() }; `url` is the directory's URL (with the
 * prefix); `requests` lists every request seen.
 */
export async function startServer(options = {}) {
  const root = path.resolve(options.root ?? DIST);
  if (!options.root) requireDist();
  const pages = options.pages ?? {};
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const headers = { 'Cache-Control': 'no-store', ...(options.headers ?? {}) };
    if (options.cors) headers['Access-Control-Allow-Origin'] = '*';
    if (Object.hasOwn(pages, url.pathname)) {
      const page = pages[url.pathname];
      const body = typeof page === 'string' ? page : page.body;
      res.writeHead(200, { ...headers, 'Content-Type': MIME['.html'], ...(page.headers ?? {}) });
      res.end(body);
      return;
    }
    const prefix = options.prefix ?? '/';
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const relative = url.pathname.slice(prefix.length);
    let file = path.normalize(path.join(root, decodeURIComponent(relative)));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = MIME[path.extname(file)] ?? 'application/octet-stream';
    let body = readFileSync(file);
    if (options.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body, { level: 9 });
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${options.prefix ?? '/'}`,
    origin,
    port,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Headless Chromium with a fresh, empty profile (a persistent context: `--user-data-dir` must not
 * be passed in args). `browser.close()` also deletes the profile.
 */
export async function launchBrowser(options = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'hoplock-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 900 },
    ...options,
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(profile, { recursive: true, force: true });
  };
  return context;
}

/**
 * Open a new page that records every problem: console errors and warnings (CSP violations are
 * console errors), uncaught page errors, and dialogs (alert/confirm/prompt are dismissed and
 * recorded: hostile input must never open one).
 * Returns { page, problems, messages }.
 */
export async function openPage(context, url, { waitForApp = true } = {}) {
  const page = await context.newPage();
  const problems = [];
  const messages = [];
  page.on('console', (msg) => {
    const line = `${msg.type()}: ${msg.text()}`;
    messages.push(line);
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${line}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('dialog', async (dialog) => {
    problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  if (url) {
    await page.goto(url);
    if (waitForApp) await waitForApp_(page);
  }
  return { page, problems, messages };
}

async function waitForApp_(page, root = page) {
  await root.locator('textarea[data-testid=headers]').waitFor({ state: 'visible', timeout: 20_000 });
}
/** Wait until the app has mounted (its paste box is visible). `root` may be a frame locator. */
export const waitForApp = waitForApp_;

/**
 * Put text into the paste box the way a paste does (sets the value, fires `input`), then wait
 * until the page has re-rendered for it. `root` may be a page, frame locator or locator.
 */
export async function pasteHeaders(root, text) {
  const box = root.locator('textarea[data-testid=headers]');
  // What a paste does: the value changes at once and one `input` event fires. (Playwright's
  // fill() types through the editor and takes seconds for a 17 kB header block.)
  await box.evaluate((el, value) => {
    el.focus();
    el.value = value;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
  // The app re-renders synchronously on `input`; one frame more covers anything scheduled.
  await box.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/** Number of `Received:` fields in a header text (a rough count for waiting, not a parser). */
export function countReceived(text) {
  return (text.match(/^Received:/gim) ?? []).length;
}

/** The rendered hop table, in DOM order, as plain objects. */
export async function readHops(root) {
  return root.locator('[data-testid=hop-row]').evaluateAll((rows) => rows.map((row) => {
    const cell = (id) => row.querySelector(`[data-testid=${id}]`);
    const text = (id) => (cell(id)?.textContent ?? '').trim();
    return {
      index: Number(row.getAttribute('data-hop-index')),
      from: text('hop-from'),
      by: text('hop-by'),
      with: text('hop-with'),
      tls: text('hop-tls'),
      // What the receiving server recorded (TLS version · cipher · key bits); null when nothing.
      recorded: cell('hop-recorded') ? text('hop-recorded') : null,
      verdict: cell('hop-verdict')?.getAttribute('data-verdict') ?? null,
    };
  }));
}

/** The overall verdict banner: { verdict, text }. */
export async function readVerdict(root) {
  const banner = root.locator('[data-testid=verdict]');
  return { verdict: await banner.getAttribute('data-verdict'), text: (await banner.textContent()).trim() };
}

/** A corpus message file's text. */
export function corpusMessage(file) {
  return readFileSync(path.join(CORPUS, 'messages', file), 'utf8');
}

/** The labelled expectation for a corpus message (a line of messages/expected.jsonl). */
export function corpusExpected(file) {
  const lines = readFileSync(path.join(CORPUS, 'messages/expected.jsonl'), 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line);
    if (entry.file === file) return entry;
  }
  throw new Error(`${file} is not in messages/expected.jsonl`);
}

/** How the hop-tls cell must begin for a corpus `tls` label (true / false / null). */
export function tlsWord(tls) {
  return tls === true ? 'yes' : tls === false ? 'no' : 'not stated';
}

/** Save a full-page screenshot as target/e2e/NAME.png and return its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The Outlook .msg fixture: a real compound file holding the LuxSci sample's headers. */
export const OUTLOOK_MSG = path.join(REPO, 'tests/data/ui/luxsci-outlook.msg');

/**
 * Drop a file on the drop zone the way a browser does (a DataTransfer with a File). `root` may
 * be a page or a locator (a custom element: locators pierce its open shadow root).
 */
export async function dropFile(root, name, bytes, type) {
  const data = Array.from(bytes);
  await root.locator('[data-testid=dropzone]').evaluate((zone, { name, data, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], name, { type }));
    zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { name, data, type });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page, every disclosure opened first so hidden content is checked
 * too: one line per rule (id, help, count, the first three elements).
 */
export async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    document.querySelectorAll('details').forEach((d) => { d.open = true; });
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}
