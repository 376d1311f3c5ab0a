// The mailbox audit in headless Chromium, checked against the native command line
// (`hoplock audit --json/--csv`, the reference): a dropped mbox, the same mailbox gzipped, a
// folder of .eml files, cancelling a large mailbox, privacy on the hosted page, the offline
// single file, accessibility (light, dark, 360 px) and the CSV/JSON exports.
// The mailboxes are built here from the corpus (tests/data/corpus/messages) and
// tests/data/audit/regressions.mbox, under target/e2e/audit/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DIST, ARTIFACTS, startServer, launchBrowser, openPage, dropFile, screenshot, pasteHeaders,
  readHops, corpusMessage, corpusExpected, axeViolations,
} from './lib/harness.mjs';
import { SAMPLES, corpusMailbox, corpusEml, hoplockCli, writeRealisticMailbox } from './lib/mailbox.mjs';

const DIR = path.join(ARTIFACTS, 'audit');
const MBOX = 'corpus.mbox';
const MBOX_GZ = 'corpus.mbox.gz';
const FOLDER = 'eml-folder';
const LARGE = 'cancel-100MB.mbox';
const LUXSCI = 'seed-luxsci-hotmail-proofpoint.txt';
/** The files the page may fetch for an audit (the audit module, its stylesheet and the engine worker). */
const ON_DEMAND = ['/hoplock-audit.js', '/hoplock-audit_bg.wasm', '/audit.css', '/hoplock-worker.js',
  '/hoplock-worker_bg.wasm', '/engine-worker.js'];
const TILES = { messages: 'audit-messages', encrypted: 'audit-encrypted',
  'not-encrypted': 'audit-not-encrypted', unknown: 'audit-unknown' };

let server;
let mbox;
/** The command line's `--json` for MBOX, parsed. */
let reference;
let large;

before(async () => {
  rmSync(path.join(DIR, FOLDER), { recursive: true, force: true });
  mkdirSync(path.join(DIR, FOLDER), { recursive: true });
  mbox = corpusMailbox();
  writeFileSync(path.join(DIR, MBOX), mbox);
  writeFileSync(path.join(DIR, MBOX_GZ), gzipSync(mbox));
  // A folder as people have one: a message per .eml file, and one file that is not mail (the
  // audit skips it and says so, in the page as on the command line).
  for (const f of SAMPLES) writeFileSync(path.join(DIR, FOLDER, f.replace(/\.txt$/, '.eml')), corpusEml(f));
  writeFileSync(path.join(DIR, FOLDER, 'notes.md'), '# Not mail\n\nA file that is no message.\n');
  // benches/audit.rs's realistic mix (corpus headers, prose and base64 bodies), ~100 MB.
  large = writeRealisticMailbox(path.join(DIR, LARGE), 100_000_000);
  reference = JSON.parse(hoplockCli(['--json', MBOX], DIR));
  server = await startServer();
});

after(async () => {
  await server?.close();
});

/** Wait until the audit has ended ("Done." or "Cancelled…") and return the status text. */
async function auditEnded(page, timeout = 60_000) {
  const status = page.locator('[data-testid=audit-status]');
  await status.filter({ hasText: /^(Done\.|Cancelled)/ }).waitFor({ timeout });
  return (await status.textContent()).trim();
}

/** The four tiles, as numbers, named as the command line's totals. */
async function readTiles(page) {
  const totals = {};
  for (const [name, testid] of Object.entries(TILES)) {
    const text = (await page.locator(`[data-testid=${testid}]`).textContent()).trim();
    assert.match(text, /^\d+$/, `${testid} is a plain number`);
    totals[name] = Number(text);
  }
  return totals;
}

/** The command line's totals as the tiles show them. */
function tilesOf(json) {
  return Object.fromEntries(Object.keys(TILES).map((k) => [k, json.totals[k]]));
}

/** Audit the corpus mailbox by dropping it; wait for "Done.". */
async function auditCorpus(page) {
  await dropFile(page, MBOX, mbox, 'application/mbox');
  const status = await auditEnded(page);
  assert.match(status, /^Done\./, status);
}

/** The domain with the most messages in a `--json` (ties: the first by name). */
function biggestDomain(json) {
  return Object.entries(json.by_domain).sort(([a, x], [b, y]) => y.messages - x.messages || a.localeCompare(b))[0];
}

/** Storage of the page: all must be empty. */
function storage(page) {
  return page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    cookie: document.cookie,
    idb: (await indexedDB.databases?.())?.map((d) => d.name) ?? [],
  }));
}


test('(a) a dropped mbox: totals equal the command line\'s, regressions listed, a domain\'s message opens and the way back works', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    await auditCorpus(page);
    assert.equal(reference.totals.messages, SAMPLES.length + 7, 'the mailbox has every corpus sample and the 7 regression messages');
    assert.deepEqual(await readTiles(page), tilesOf(reference), 'tiles = hoplock audit --json totals');
    const regressions = await page.locator('[data-testid=audit-regressions] li').allTextContents();
    assert.ok(reference.regressions.length > 0, 'the fixture has regressions');
    assert.equal(regressions.length, reference.regressions.length, `regressions listed: ${regressions.join(' / ')}`);

    // A domain's messages: as many as the command line counts for it.
    const [domain, counts] = biggestDomain(reference);
    await page.locator(`[data-testid=audit-domains] [data-testid=audit-row][data-key="${domain}"] th button`).click();
    const rows = page.locator('[data-testid=audit-messages-list] [data-testid=audit-message]');
    await rows.nth(counts.messages - 1).waitFor();
    assert.equal(await rows.count(), counts.messages, `${domain}: its messages are listed`);
    await screenshot(page, 'audit-domain-listed');

    // Open the first: the message view shows its hops, as many as the list says.
    const listedHops = Number((await rows.first().locator('td').nth(3).textContent()).trim());
    await rows.first().locator('[data-testid=audit-open]').click();
    await page.locator('[data-testid=hop-row]').first().waitFor();
    assert.ok(listedHops > 0, 'the listed message has hops');
    assert.equal(await page.locator('[data-testid=hop-row]').count(), listedHops, 'hops shown = hops listed');
    assert.ok(await page.locator('[data-testid=audit]').isHidden(), 'the audit is out of the way');
    assert.match(await page.locator('textarea[data-testid=headers]').inputValue(), /^Received:|\nReceived:/m, 'the headers are in the box');

    await page.locator('[data-testid=back-to-audit]').click();
    await page.locator('[data-testid=audit]').waitFor({ state: 'visible' });
    assert.deepEqual(await readTiles(page), tilesOf(reference), 'the audit is as it was');
    assert.equal(await rows.count(), counts.messages, 'the listing is kept');
    assert.ok(await page.locator('[data-testid=hop-row]').first().isHidden(), 'the message view is hidden again');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(b) the same mailbox as .mbox.gz gives the same totals', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    await dropFile(page, MBOX_GZ, readFileSync(path.join(DIR, MBOX_GZ)), 'application/gzip');
    const status = await auditEnded(page);
    assert.match(status, /^Done\./, status);
    const cli = JSON.parse(hoplockCli(['--json', MBOX_GZ], DIR));
    assert.deepEqual(tilesOf(cli), tilesOf(reference), 'the command line: gzip or not, the same');
    assert.deepEqual(await readTiles(page), tilesOf(reference));
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(c) a folder of .eml files via the folder picker: totals equal the command line\'s for that folder', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    // Playwright hands a directory to a webkitdirectory input as the browser's picker would
    // (each File's webkitRelativePath is `eml-folder/NAME`).
    await page.locator('[data-testid=folder]').setInputFiles(path.join(DIR, FOLDER));
    const status = await auditEnded(page);
    assert.match(status, /^Done\./, status);
    const cli = JSON.parse(hoplockCli(['--json', FOLDER], DIR));
    assert.equal(cli.totals.messages, SAMPLES.length, 'one message per .eml');
    assert.deepEqual(await readTiles(page), tilesOf(cli));
    // The file that is not mail is skipped and said so, as the command line does.
    assert.ok(cli.diagnostics['skipped-file'], 'the command line skipped notes.md');
    const listed = await page.locator('[data-testid=audit-problems] li').allTextContents();
    assert.ok(listed.some((p) => p.includes(cli.diagnostics['skipped-file'].text)), `problems: ${listed.join(' / ')}`);
    // The whole JSON export agrees too (names: eml-folder/NAME on both sides).
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=audit-json]').click()]);
    assert.deepEqual(JSON.parse(readFileSync(await download.path(), 'utf8')), cli, 'audit-json = hoplock audit --json FOLDER');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(d) cancel a ~100 MB mailbox soon after the start: "Cancelled", part of it read, the page answers', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    await page.locator('[data-testid=file]').setInputFiles(path.join(DIR, LARGE));
    await page.locator('[data-testid=audit-cancel]').click();
    const status = await auditEnded(page);
    assert.match(status, /^Cancelled/, status);
    const { messages } = await readTiles(page);
    assert.ok(messages < large.messages, `${messages} of ${large.messages} messages audited before the cancel`);
    assert.equal(await page.locator('[data-testid=audit-cancel]').count(), 0, 'no cancel button once stopped');
    const progress = await page.locator('[data-testid=audit-progress]').evaluate((p) => [p.value, p.max]);
    console.log(`# cancelled after ${messages} of ${large.messages} messages: ${status}`);
    // The page still answers: a frame comes, and a pasted message is analysed.
    const frame = await page.evaluate(() => new Promise((resolve) => {
      const t = performance.now();
      requestAnimationFrame(() => resolve(performance.now() - t));
    }));
    assert.ok(frame < 500, `a frame within ${frame.toFixed(0)} ms`);
    await pasteHeaders(page, corpusMessage(LUXSCI));
    assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length, 'a pasted message is analysed');
    assert.ok(progress[1] > 0, `progress bar ${progress}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(d2) cancel in the middle of a 2 GB mailbox: the part read stays, the rest is not read', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    // 2 GB as one File of 16,000 copies of the corpus mailbox: the browser keeps one copy of a
    // repeated part, so the test costs no memory, and the worker still reads 2 GB of stream.
    const copies = 16_000;
    await page.locator('[data-testid=dropzone]').evaluate((zone, { text, copies }) => {
      const part = new Blob([text]);
      const file = new File(Array(copies).fill(part), 'big.mbox', { type: 'application/mbox' });
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(file);
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
    }, { text: mbox.toString('utf8'), copies });
    // Cancel once the audit has messages to show.
    const started = Date.now();
    const tile = page.locator('[data-testid=audit-messages]');
    await page.waitForFunction(() => {
      const root = document.querySelector('[data-testid=audit-messages]');
      return root && Number(root.textContent) > 0;
    }, null, { timeout: 60_000 });
    const showing = Date.now() - started;
    await page.locator('[data-testid=audit-cancel]').click();
    const status = await auditEnded(page);
    console.log(`# first messages shown after ${showing} ms, cancelled ${Date.now() - started - showing} ms later`);
    assert.match(status, /^Cancelled/, status);
    const read = Number((await tile.textContent()).trim());
    const total = reference.totals.messages * copies;
    assert.ok(read > 0 && read < total, `${read} of ${total} messages audited before the cancel`);
    const [value, max] = await page.locator('[data-testid=audit-progress]').evaluate((p) => [p.value, p.max]);
    assert.ok(value < max, `progress ${value} of ${max}: the rest was not read`);
    console.log(`# cancelled a 2 GB mailbox after ${read} messages: ${status}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(e) privacy: an audit fetches only the on-demand files (GET, same origin, no query) and stores nothing', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    // Past the load: the service worker has installed, the network is idle.
    await page.evaluate(() => navigator.serviceWorker?.ready);
    await page.waitForLoadState('networkidle');
    const seen = [];
    browser.on('request', (r) => seen.push({ url: r.url(), method: r.method(), body: r.postData() }));
    const fromServer = server.requests.length;
    const urlBefore = page.url();

    await auditCorpus(page);
    const [domain] = biggestDomain(reference);
    await page.locator(`[data-testid=audit-domains] [data-testid=audit-row][data-key="${domain}"] th button`).click();
    await page.locator('[data-testid=audit-open]').first().click();
    await page.locator('[data-testid=hop-row]').first().waitFor();
    await page.locator('[data-testid=back-to-audit]').click();
    for (const format of ['csv', 'json']) {
      await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=audit-${format}]`).click()]);
    }
    await page.waitForTimeout(500); // anything deferred would show now

    const network = seen.filter((r) => !/^(blob|data):/.test(r.url));
    assert.ok(network.length > 0, 'the audit module and the engine were fetched');
    for (const r of network) {
      const url = new URL(r.url);
      assert.equal(r.method, 'GET', r.url);
      assert.equal(r.body ?? null, null, `${r.url}: no request body`);
      assert.equal(url.origin, server.origin, `${r.url}: same origin`);
      assert.equal(url.search, '', `${r.url}: no query string`);
      assert.ok(ON_DEMAND.includes(url.pathname), `${r.url}: only the on-demand files`);
    }
    for (const line of server.requests.slice(fromServer)) {
      assert.ok(ON_DEMAND.some((p) => line === `GET ${p}`), `the server saw only on-demand GETs: ${line}`);
    }
    assert.equal(page.url(), urlBefore, 'the URL is unchanged');
    assert.deepEqual(await storage(page), { local: [], session: [], cookie: '', idb: [] }, 'nothing stored');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(f) hoplock.html from file:// with the network disabled audits a dropped mbox: same totals, no request, no CSP violation', async () => {
  const browser = await launchBrowser({ offline: true });
  try {
    await browser.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const requests = [];
    browser.on('request', (r) => requests.push(r.url()));
    const { page, problems } = await openPage(browser, pathToFileURL(path.join(DIST, 'hoplock.html')).href);
    await auditCorpus(page);
    assert.deepEqual(await readTiles(page), tilesOf(reference));
    // The engine worker is inlined as well: opening a message and exporting work offline.
    const [domain] = biggestDomain(reference);
    await page.locator(`[data-testid=audit-domains] [data-testid=audit-row][data-key="${domain}"] th button`).click();
    await page.locator('[data-testid=audit-open]').first().click();
    await page.locator('[data-testid=hop-row]').first().waitFor();
    await page.locator('[data-testid=back-to-audit]').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=audit-csv]').click()]);
    assert.equal(readFileSync(await download.path(), 'utf8'), hoplockCli(['--csv', MBOX], DIR), 'CSV offline');
    await screenshot(page, 'audit-offline-file');
    assert.deepEqual(requests.filter((u) => !/^(file|data|blob):/.test(u)), [], 'no network request');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(g) the audit view: axe-core 0 violations in light and dark, no sideways scrolling at 360 px', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    await auditCorpus(page);
    // Everything the view can show: a listing too.
    const [domain, counts] = biggestDomain(reference);
    await page.locator(`[data-testid=audit-domains] [data-testid=audit-row][data-key="${domain}"] th button`).click();
    await page.locator('[data-testid=audit-message]').nth(counts.messages - 1).waitFor();
    await page.locator('[data-testid=theme-light]').click();
    assert.deepEqual(await axeViolations(page), [], 'axe, light theme');
    await screenshot(page, 'audit-light');
    await page.locator('[data-testid=theme-dark]').click();
    assert.deepEqual(await axeViolations(page), [], 'axe, dark theme');
    await screenshot(page, 'audit-dark');

    await page.setViewportSize({ width: 360, height: 780 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px too wide)`);
    assert.deepEqual(await axeViolations(page), [], 'axe, 360 px');
    await screenshot(page, 'audit-mobile');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(h) exports: the CSV and the JSON equal hoplock audit --csv / --json of the same file', async () => {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    await auditCorpus(page);
    const save = async (format) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=audit-${format}]`).click()]);
      await page.locator('[data-testid=audit-export-status]', { hasText: 'Saved' }).waitFor();
      return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
    };
    const csv = await save('csv');
    assert.equal(csv.name, 'hoplock-audit.csv');
    assert.ok(csv.text.startsWith('domain,messages,encrypted,'), csv.text.slice(0, 80));
    assert.equal(csv.text, hoplockCli(['--csv', MBOX], DIR), 'CSV = hoplock audit --csv');

    // The CLI is run in the file's folder, so both name the input `corpus.mbox`: the whole JSON
    // (every `source`, offset and index included) must be the same.
    const json = await save('json');
    assert.equal(json.name, 'hoplock-audit.json');
    assert.deepEqual(JSON.parse(json.text), reference, 'JSON = hoplock audit --json');

    // Redacted: the command line's --redact.
    await page.locator('[data-testid=audit-redact]').check();
    const redacted = await save('json');
    assert.equal(redacted.name, 'hoplock-audit-redacted.json');
    assert.deepEqual(JSON.parse(redacted.text), JSON.parse(hoplockCli(['--json', '--redact', MBOX], DIR)), 'redacted JSON = --json --redact');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

test('(i) a folder dropped on the page: its entries are walked as the command line walks a Maildir', async () => {
  // A Maildir: cur/ and new/ are read, tmp/ (unfinished deliveries) is not; a file that is not
  // mail is skipped and said so.
  const maildir = path.join(DIR, 'maildir');
  rmSync(maildir, { recursive: true, force: true });
  const tree = { name: 'maildir', children: [] };
  for (const sub of ['cur', 'new', 'tmp']) {
    mkdirSync(path.join(maildir, sub), { recursive: true });
    tree.children.push({ name: sub, children: [] });
  }
  SAMPLES.forEach((f, i) => {
    const sub = ['cur', 'new', 'tmp'][i % 3];
    const name = `17000000${i}.M1P1.host:2,S`;
    const text = corpusEml(f);
    writeFileSync(path.join(maildir, sub, name), text);
    tree.children.find((c) => c.name === sub).children.push({ name, text });
  });
  const notes = '# Not mail\n\nA file that is no message.\n';
  writeFileSync(path.join(maildir, 'notes.md'), notes);
  tree.children.push({ name: 'notes.md', text: notes });
  const cli = JSON.parse(hoplockCli(['--json', 'maildir'], DIR));
  assert.ok(cli.totals.messages > 0 && cli.totals.messages < SAMPLES.length, 'tmp/ is not read');

  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server.url);
    // A drop of a real folder cannot be scripted; its DataTransfer is stood in for by one whose
    // item is a directory entry with the browser's callback API (createReader, readEntries in
    // batches then an empty one, file), over the same files.
    await page.locator('[data-testid=dropzone]').evaluate((zone, tree) => {
      const later = (fn) => setTimeout(fn, 0);
      const entry = (node, parent) => {
        const fullPath = `${parent}/${node.name}`;
        if (!node.children) {
          return { isFile: true, isDirectory: false, name: node.name, fullPath,
            file: (ok) => later(() => ok(new File([node.text], node.name))) };
        }
        const children = node.children.map((c) => entry(c, fullPath));
        return { isFile: false, isDirectory: true, name: node.name, fullPath,
          createReader: () => {
            const batches = [children.slice(0, 2), children.slice(2), []];
            return { readEntries: (ok) => later(() => ok(batches.shift() ?? [])) };
          } };
      };
      const root = entry(tree, '');
      const dataTransfer = { items: [{ webkitGetAsEntry: () => root }], files: [], getData: () => '' };
      const drop = new Event('drop', { bubbles: true, cancelable: true });
      Object.defineProperty(drop, 'dataTransfer', { value: dataTransfer });
      zone.dispatchEvent(drop);
    }, tree);
    const status = await auditEnded(page);
    assert.match(status, /^Done\./, status);
    assert.deepEqual(await readTiles(page), tilesOf(cli));
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=audit-json]').click()]);
    assert.deepEqual(JSON.parse(readFileSync(await download.path(), 'utf8')), cli, 'audit-json = hoplock audit --json maildir');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
