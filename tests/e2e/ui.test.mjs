// The web app in headless Chromium: paste, drop (.eml, .msg), examples, exports (clipboard,
// redaction), keyboard-only use, dark mode, a 360 px phone, screenshots and axe-core.
// Expectations come from the corpus labels and the core's own report, not from this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  startServer, launchBrowser, openPage, pasteHeaders, readHops, readVerdict,
  corpusMessage, corpusExpected, tlsWord, dropFile, REPO, OUTLOOK_MSG, axeViolations,
} from './lib/harness.mjs';

const SHOTS = path.join(REPO, 'target/screenshots');
const LUXSCI = 'seed-luxsci-hotmail-proofpoint.txt';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}


test('paste: verdict banner and a route matching the corpus labels', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const expected = corpusExpected(LUXSCI);
  await pasteHeaders(page, corpusMessage(LUXSCI));
  const verdict = await readVerdict(page);
  assert.ok(['encrypted', 'not-encrypted', 'unknown'].includes(verdict.verdict), verdict.verdict);
  assert.ok(verdict.text.length > 20, 'the banner says something in words');
  const hops = await readHops(page);
  assert.equal(hops.length, expected.hops.length);
  expected.hops.forEach((want, i) => {
    assert.ok(hops[i].tls.startsWith(tlsWord(want.tls)), `hop ${i + 1}: ${hops[i].tls}`);
    assert.ok(hops[i].by.includes(want.by_host));
  });
  // Each row says what its receiving server recorded, without opening it: the labelled TLS
  // version, cipher and key bits, as text (`TLS 1.2 · ECDHE-RSA-AES256-GCM-SHA384 · 256-bit`).
  expected.hops.forEach((want, i) => {
    const parts = [want.tls_version?.replace('TLS1.', 'TLS 1.'), want.cipher, want.bits && `${want.bits}-bit`].filter(Boolean);
    if (parts.length === 0) {
      assert.equal(hops[i].recorded, null, `hop ${i + 1} recorded nothing`);
    } else {
      assert.equal(hops[i].recorded, parts.join(' · '), `hop ${i + 1}: what was recorded`);
    }
  });
  assert.ok(hops.some((h) => h.recorded), 'the sample has hops with a recorded cipher');
  // Icon and words: each row has an svg icon and a verdict badge with text.
  const badges = await page.locator('[data-testid=hop-row] [data-testid=hop-verdict]').allTextContents();
  assert.ok(badges.every((b) => b.trim().length > 0));
  assert.equal(await page.locator('[data-testid=hop-row] svg.icon').count(), hops.length);
  // A hop opens its detail with the raw header and highlighted evidence.
  await page.locator('[data-testid=hop-row] button.hop-main').first().click();
  const detail = page.locator('[data-testid=hop-detail]');
  await detail.waitFor();
  assert.ok((await detail.locator('mark').count()) > 0, 'evidence spans are highlighted');
  const raw = (await detail.locator('[data-testid=raw-header]').textContent()).trim();
  assert.ok(raw.startsWith('Received:'), raw.slice(0, 40));
  // Typing below the headers re-renders (one more header) and keeps that detail open: the hop
  // still joins the same two servers. A different message closes it.
  const openIndex = await page.locator('[data-testid=hop-row]:has([data-testid=hop-detail])').getAttribute('data-hop-index');
  const headerCount = () => page.locator('[data-testid=headers-panel] > summary').textContent();
  const countBefore = await headerCount();
  const box = page.locator('textarea[data-testid=headers]');
  await box.focus();
  await box.press('Control+End');
  // (A line of its own: after an empty line it would be body, not a header.)
  const endsWithNewline = await box.evaluate((b) => b.value.endsWith('\n'));
  await page.keyboard.type(`${endsWithNewline ? '' : '\n'}X-Typed: yes`);
  await page.waitForFunction((before) => {
    const summary = document.querySelector('[data-testid=headers-panel] > summary');
    return summary && summary.textContent !== before;
  }, countBefore);
  assert.notEqual(await headerCount(), countBefore);
  assert.equal(await page.locator('[data-testid=hop-detail]').count(), 1, 'the detail stays open while typing');
  assert.equal(await page.locator('[data-testid=hop-row]:has([data-testid=hop-detail])').getAttribute('data-hop-index'), openIndex);
  assert.equal(await box.evaluate((b) => document.activeElement === b), true, 'focus stays in the box');
  await pasteHeaders(page, corpusMessage('vger-opensmtpd-kernelorg.txt'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=hop-detail]').length === 0);
  await pasteHeaders(page, corpusMessage(LUXSCI));
  // Sortable table: sorting by "#" descending reverses the order.
  await page.locator('[data-testid=hops-table-panel] > summary').click();
  assert.equal(await page.locator('[data-testid=table-hop-row]').count(), hops.length);
  await page.locator('[data-testid=sort-0]').click();
  const order = await page.locator('[data-testid=table-hop-row]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.hopIndex)));
  assert.deepEqual(order, [...order].sort((a, b) => b - a));
  assert.deepEqual(problems, []);
});

test('drop an .eml: only the header part is read, also from a 50 MB file', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const headers = corpusMessage(LUXSCI).replace(/\s+$/, '');
  const big = Buffer.alloc(50 * 1024 * 1024, 'A');
  const message = Buffer.concat([Buffer.from(`${headers}\r\n\r\nbody\r\n`), big]);
  const started = Date.now();
  // The page reads the file through Blob.slice: pass it as a Blob built in the page.
  await page.locator('[data-testid=dropzone]').evaluate((zone, { head, size }) => {
    const filler = new Uint8Array(size).fill(65);
    const dt = new DataTransfer();
    dt.items.add(new File([head, filler], 'big.eml', { type: 'message/rfc822' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { head: `${headers}\r\n\r\nbody\r\n`, size: big.length });
  await page.locator('[data-testid=hop-row]').nth(corpusExpected(LUXSCI).hops.length - 1).waitFor();
  const note = await page.locator('[data-testid=file-note]').textContent();
  assert.match(note, /only its first/, note);
  assert.ok(Date.now() - started < 10_000, 'the page stayed responsive');
  const box = await page.locator('textarea[data-testid=headers]').inputValue();
  assert.ok(box.length < 64 * 1024, 'only the header part is in the box');
  assert.ok(message.length > 50e6);
  // A small .eml too.
  await dropFile(page, 'small.eml', Buffer.from(`${headers}\r\n\r\nhello\r\n`), 'message/rfc822');
  await page.locator('[data-testid=file-note]', { hasText: 'Read the header part of small.eml' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a dropped .txt that begins with empty lines loads its headers (the core intake rule)', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const headers = corpusMessage(LUXSCI).replace(/\s+$/, '');
  for (const [name, leading] of [['blank-first.txt', '\r\n\r\n'], ['blank-first.eml', '\n  \n\n']]) {
    await page.locator('[data-testid=clear]').click();
    await dropFile(page, name, Buffer.from(`${leading}${headers}\r\n\r\nthe body\r\n`), 'text/plain');
    await page.locator('[data-testid=file-note]', { hasText: `Read the header part of ${name}` }).waitFor();
    const box = await page.locator('textarea[data-testid=headers]').inputValue();
    assert.ok(box.includes('Received:'), `${name}: the headers are in the box`);
    assert.ok(!box.includes('the body'), `${name}: the body is not`);
    assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length, `${name}: every hop`);
  }
  assert.deepEqual(problems, []);
});

test('drop an Outlook .msg: the transport headers are read from the compound file', async () => {
  const requests = [];
  const record = (r) => requests.push(new URL(r.url()).pathname);
  browser.on('request', record);
  const { page, problems } = await openPage(browser, server.url);
  const reader = () => requests.filter((p) => /hoplock-worker|engine-worker/.test(p));
  assert.deepEqual(reader(), [], 'the .msg reader (the engine worker) is not part of the first load');
  const msg = readFileSync(OUTLOOK_MSG);
  await dropFile(page, 'luxsci.msg', msg, 'application/vnd.ms-outlook');
  await page.locator('[data-testid=file-note]', { hasText: 'Read the Internet headers stored in the Outlook file luxsci.msg' }).waitFor();
  assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length);
  assert.deepEqual([...new Set(reader())].sort(), ['/engine-worker.js', '/hoplock-worker.js', '/hoplock-worker_bg.wasm'],
    'fetched on the first .msg');
  // Recognised by its content, not its name: a .msg saved as .eml is read the same way.
  await page.locator('[data-testid=clear]').click();
  await dropFile(page, 'renamed.eml', msg, 'message/rfc822');
  await page.locator('[data-testid=file-note]', { hasText: 'Outlook file renamed.eml' }).waitFor();
  assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length);
  browser.off('request', record);
  assert.deepEqual(problems, []);
});

test('an Outlook .msg when its reader cannot be loaded: a plain note, the page keeps working', async () => {
  // A browser of its own: in the shared one the service worker has cached the reader by now.
  const fresh = await launchBrowser();
  await fresh.route('**/hoplock-worker*', (route) => route.abort());
  try {
    const { page, problems } = await openPage(fresh, server.url);
    await dropFile(page, 'luxsci.msg', readFileSync(OUTLOOK_MSG), 'application/vnd.ms-outlook');
    await page.locator('[data-testid=file-note]', { hasText: 'the Outlook reader could not be loaded' }).waitFor();
    assert.equal(await page.locator('textarea[data-testid=headers]').inputValue(), '', 'nothing half-read in the box');
    await pasteHeaders(page, corpusMessage(LUXSCI));
    assert.equal((await readHops(page)).length, corpusExpected(LUXSCI).hops.length, 'pasting still works');
    assert.deepEqual(problems.filter((p) => !/hoplock-worker/.test(p)), [], 'no problem but the blocked reader');
  } finally {
    await fresh.close();
  }
});

test('example menu loads real messages', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const options = await page.locator('[data-testid=examples] option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(options.length >= 3 && options.length <= 4, `${options.length} examples`);
  for (const value of options) {
    await page.locator('[data-testid=examples]').selectOption(value);
    await page.locator('[data-testid=verdict]').waitFor();
    assert.ok((await page.locator('[data-testid=hop-row]').count()) > 0, `${value} shows hops`);
  }
  await page.locator('[data-testid=clear]').click();
  assert.equal(await page.locator('textarea[data-testid=headers]').inputValue(), '');
  assert.equal(await page.locator('[data-testid=hop-row]').count(), 0);
  assert.deepEqual(problems, []);
});

test('copy as Markdown, read back from the clipboard; redaction masks addresses and IPs', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await pasteHeaders(page, corpusMessage(LUXSCI));
  await page.locator('[data-testid=copy-markdown]').click();
  await page.locator('[data-testid=export-status]', { hasText: 'Copied' }).waitFor();
  const plain = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(plain, /^# hoplock report/);
  const rows = plain.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  assert.equal(rows.length, corpusExpected(LUXSCI).hops.length);
  assert.match(plain, /\d+\.\d+\.\d+\.\d+/, 'unredacted keeps IPs');

  await page.locator('[data-testid=redact]').check();
  await page.locator('[data-testid=copy-markdown]').click();
  await page.locator('[data-testid=export-status]', { hasText: 'redacted' }).waitFor();
  const redacted = await page.evaluate(() => navigator.clipboard.readText());
  assert.doesNotMatch(redacted, /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
  assert.match(redacted, /\[IPv4\]/);
  assert.match(redacted, /redacted\./, 'says it is redacted');
  // The JSON download: full without redaction, masked with it.
  const downloadJson = async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=download-json]').click(),
    ]);
    return readFileSync(await download.path(), 'utf8');
  };
  const redactedJson = JSON.parse(await downloadJson());
  assert.equal(redactedJson.hops.length, corpusExpected(LUXSCI).hops.length);
  assert.doesNotMatch(JSON.stringify(redactedJson), /someone@/);
  assert.match(JSON.stringify(redactedJson), /redacted@/);
  await page.locator('[data-testid=redact]').uncheck();
  assert.match(await downloadJson(), /someone@/, 'unredacted JSON keeps addresses');
  assert.deepEqual(problems, []);
});

test('keyboard only: example, open a hop, theme, with visible focus', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const focusOn = async (testid, limit = 40) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.className);
      if (id === testid) return;
    }
    throw new Error(`Tab never reached ${testid}`);
  };
  await focusOn('examples');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('ArrowDown'); // first real example
  await page.locator('[data-testid=hop-row]').first().waitFor();
  await focusOn('hop-main');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=hop-detail]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), 'true');
  // Enter again closes it; the focus stays on the same button.
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('[data-testid=hop-detail]').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), 'false');
  assert.deepEqual(problems, []);
});

test('themes, 360 px phone, screenshots and axe-core with 0 violations', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await pasteHeaders(page, corpusMessage(LUXSCI));
  await page.locator('[data-testid=hop-row] button.hop-main').nth(2).click();
  await page.locator('[data-testid=theme-light]').click();
  assert.deepEqual(await axeViolations(page), [], 'axe, light theme');
  await shot(page, 'desktop-light');

  await page.locator('[data-testid=theme-dark]').click();
  const bg = await page.locator('.hoplock').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(18, 20, 23)', 'dark background');
  assert.deepEqual(await axeViolations(page), [], 'axe, dark theme');
  await shot(page, 'desktop-dark');

  // System preference: dark without the toggle.
  await page.locator('[data-testid=theme-system]').click();
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await page.locator('.hoplock').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(18, 20, 23)');
  await page.emulateMedia({ colorScheme: 'light' });

  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 360 px (${overflow} px too wide)`);
  assert.deepEqual(await axeViolations(page), [], 'axe, 360 px');
  await shot(page, 'mobile');
  assert.deepEqual(problems, []);
});

test('typing does not move the input (no layout shift while typing)', async () => {
  const { page } = await openPage(browser, server.url);
  const box = page.locator('textarea[data-testid=headers]');
  const before = await box.boundingBox();
  await pasteHeaders(page, corpusMessage(LUXSCI));
  await box.press('End');
  await box.type(' x');
  const afterBox = await box.boundingBox();
  assert.deepEqual([afterBox.x, afterBox.y, afterBox.width, afterBox.height], [before.x, before.y, before.width, before.height]);
});

test('an edit re-renders only the rows whose hop changed (keyed rows)', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const text = corpusMessage(LUXSCI);
  await pasteHeaders(page, text);
  // Tag every rendered row element; a row that is rebuilt loses its tag.
  const tag = () => page.locator('[data-testid=hop-row]').evaluateAll((rows) => rows.forEach((r) => { r.hoplockTag = r.dataset.hopIndex; }));
  const untagged = () => page.locator('[data-testid=hop-row]').evaluateAll((rows) => rows.filter((r) => r.hoplockTag !== r.dataset.hopIndex).map((r) => Number(r.dataset.hopIndex)));
  await tag();
  // A header that is not a hop: no row changes.
  await pasteHeaders(page, `${text.replace(/\s+$/, '')}\r\nX-Typed: yes\r\n`);
  assert.deepEqual(await untagged(), [], 'no row rebuilt for an edit outside the hops');
  // One Received field's id changes: exactly that hop's row is rebuilt.
  const id = text.match(/\bid ([A-Za-z0-9]{4,})/);
  assert.ok(id, 'the sample has a Received id');
  await pasteHeaders(page, text.replace(id[0], `${id[0]}Z`));
  const rebuilt = await untagged();
  assert.equal(rebuilt.length, 1, `one row rebuilt (${rebuilt})`);
  assert.equal(await page.locator('[data-testid=hop-row]').count(), corpusExpected(LUXSCI).hops.length);
  assert.deepEqual(problems, []);
});

test('an oversized paste keeps only the header part up to the limit, and says so', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const LIMIT = 1024 * 1024; // the core's header-section limit (src/core/intake.rs MAX_HEADER_BYTES)
  const headers = corpusMessage(LUXSCI).replace(/\s+$/, '');
  const paste = (text) => page.locator('textarea[data-testid=headers]').evaluate((box, text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    box.focus();
    const started = performance.now();
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    return performance.now() - started;
  }, text);
  const note = () => page.locator('[data-testid=file-note]').textContent();
  const boxLength = () => page.locator('textarea[data-testid=headers]').evaluate((b) => b.value.length);

  // A whole message with a 3 MB body: the header part is kept, the body never reaches the box.
  const withBody = `${headers}\r\n\r\n${'body line\r\n'.repeat(300_000)}`;
  assert.ok(withBody.length > 3 * LIMIT);
  await paste(withBody);
  await page.locator('[data-testid=hop-row]').nth(corpusExpected(LUXSCI).hops.length - 1).waitFor();
  assert.match(await note(), /^Pasted 3\.\d MB; kept the header part \(\d+ KB\)/, await note());
  assert.ok((await boxLength()) < 4096, 'only the header part is in the box');

  // Headers alone larger than the limit: the first 1 MB (whole lines) is kept.
  // (LF line ends: a textarea's value turns CRLF into LF, which would blur the length check.)
  const filler = Array.from({ length: 40_000 }, (_, i) => `X-Filler-${i}: ${'x'.repeat(40)}`).join('\n');
  const huge = `${headers.replace(/\r\n/g, '\n')}\n${filler}\n`;
  assert.ok(huge.length > LIMIT);
  await paste(huge);
  await page.locator('[data-testid=file-note]', { hasText: 'the header section limit' }).waitFor();
  assert.match(await note(), /^Pasted \d\.\d MB; kept the first 1\.0 MB — the header section limit/, await note());
  const kept = await boxLength();
  assert.ok(kept <= LIMIT && kept > LIMIT - 100, `kept ${kept} characters`);
  assert.equal(await page.locator('[data-testid=hop-row]').count(), corpusExpected(LUXSCI).hops.length);

  // Dropped text (not a file) gets the same treatment.
  await page.locator('[data-testid=dropzone]').evaluate((zone, text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, withBody);
  await page.locator('[data-testid=file-note]', { hasText: 'kept the header part' }).waitFor();
  assert.ok((await boxLength()) < 4096, 'only the header part of the dropped text is in the box');

  // A normal paste is left to the browser (no note, nothing cut).
  const before = await boxLength();
  await paste('Received: from a.example by b.example; Mon, 1 Jan 2024 00:00:00 +0000');
  assert.equal(await boxLength(), before, 'a small paste is not intercepted');
  assert.deepEqual(problems, []);
});

test('a new input patches the results into exactly what a fresh render shows', async () => {
  const { page, problems } = await openPage(browser, server.url);
  const files = ['seed-luxsci-hotmail-proofpoint.txt', 'mha-gmail-to-outlook-ews.txt',
    'vger-opensmtpd-kernelorg.txt', 'sa-postfix-domino-2008.txt'];
  const results = async () => {
    // Past the deferred part (exports, tables, notes) too.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
    return page.locator('section.results').innerHTML();
  };
  for (const from of files) {
    for (const to of files.filter((f) => f !== from)) {
      await pasteHeaders(page, corpusMessage(from));
      await results();
      await pasteHeaders(page, corpusMessage(to));
      const patched = await results();
      await pasteHeaders(page, '');
      await results();
      await pasteHeaders(page, corpusMessage(to));
      assert.equal(patched, await results(), `${from} → ${to}`);
    }
  }
  assert.deepEqual(problems, []);
});
