// (c) Embedding in a knowledge base, as the README tells a host to do it: a host page on another
// origin embeds the app (served under a sub-path) as an iframe with `?embed`, and one uses the
// <hoplock-analyzer> custom element; each host sends the CSP the README asks for. Both analyse
// the LuxSci sample.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, pasteHeaders, readHops, corpusMessage, corpusExpected,
  tlsWord, screenshot, dropFile, OUTLOOK_MSG,
} from './lib/harness.mjs';
import { readFileSync } from 'node:fs';

const LUXSCI = 'seed-luxsci-hotmail-proofpoint.txt';
const SUB_PATH = '/kb/tools/hoplock/';

let app; // the hoplock build, under a sub-path, CORS-enabled (module script + wasm from another origin)
let host; // the knowledge base
let browser;

function iframePage(appUrl, appOrigin) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>KB: is my mail encrypted?</title></head>
<body>
<h1>Check whether an email travelled encrypted</h1>
<iframe id="hoplock" src="${appUrl}?embed" title="Email TLS checker (hoplock)" loading="lazy"
  referrerpolicy="no-referrer" style="width:100%;height:300px;border:0"></iframe>
<script>
  window.__heights = [];
  addEventListener('message', (event) => {
    if (event.origin !== '${appOrigin}' || !event.data || event.data.type !== 'hoplock:height') return;
    window.__heights.push(event.data.height);
    document.getElementById('hoplock').style.height = event.data.height + 'px';
  });
</script>
<p>Article text after the tool.</p>
</body></html>`;
}

function elementPage(appUrl) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>KB: is my mail encrypted?</title>
<script type="module" src="${appUrl}hoplock-analyzer.js"></script></head>
<body>
<h1>Check whether an email travelled encrypted</h1>
<hoplock-analyzer></hoplock-analyzer>
<p>Article text after the tool.</p>
</body></html>`;
}

before(async () => {
  app = await startServer({ prefix: SUB_PATH, cors: true });
  const appUrl = app.url;
  host = await startServer({
    root: '/nonexistent',
    pages: {
      '/iframe.html': { body: iframePage(appUrl, app.origin), headers: { 'Content-Security-Policy': hostCsp('iframe') } },
      '/element.html': { body: elementPage(appUrl), headers: { 'Content-Security-Policy': hostCsp('element') } },
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await host?.close();
});

async function assertLuxSci(root) {
  await pasteHeaders(root, corpusMessage(LUXSCI));
  const expected = corpusExpected(LUXSCI).hops;
  const hops = await readHops(root);
  assert.equal(hops.length, expected.length, 'six hops');
  expected.forEach((want, i) => assert.ok(hops[i].tls.startsWith(tlsWord(want.tls)),
    `hop ${want.hop}: TLS ${JSON.stringify(hops[i].tls)} begins with ${tlsWord(want.tls)}`));
}

/** A host page's CSP as the README documents it, for the app's origin. */
function hostCsp(kind) {
  const o = app.origin;
  return kind === 'iframe'
    ? `default-src 'none'; frame-src ${o}; script-src 'unsafe-inline'; style-src 'unsafe-inline'`
    : `default-src 'none'; script-src ${o} 'wasm-unsafe-eval'; style-src ${o}; connect-src ${o}; worker-src blob:`;
}

test('(c1) iframe with ?embed under a sub-path: compact, analyses, reports its height', async () => {
  const { page, problems } = await openPage(browser, `${host.origin}/iframe.html`, { waitForApp: false });
  const frame = page.frameLocator('#hoplock');
  await frame.locator('textarea[data-testid=headers]').waitFor({ timeout: 20_000 });
  await assertLuxSci(frame);

  const inner = page.frames().find((f) => f.url().startsWith(app.url));
  assert.ok(inner, 'the app runs in the iframe');
  assert.equal(await inner.evaluate(() => document.documentElement.hasAttribute('data-embed')), true, 'embed mode');
  assert.equal(await frame.locator('[data-testid=offline-download]').isVisible(), false, 'no page chrome in embed mode');
  assert.equal(await inner.evaluate(async () => (await navigator.serviceWorker?.getRegistrations?.())?.length ?? 0), 0,
    'no service worker in embed mode');

  await page.waitForFunction(() => window.__heights.length > 0);
  await page.waitForTimeout(200);
  const { heights, iframeHeight } = await page.evaluate(() => ({
    heights: window.__heights,
    iframeHeight: document.getElementById('hoplock').getBoundingClientRect().height,
  }));
  const contentHeight = await inner.evaluate(() => document.body.getBoundingClientRect().height);
  assert.equal(heights.at(-1), Math.ceil(contentHeight), 'the last reported height is the content height');
  assert.equal(Math.round(iframeHeight), heights.at(-1), 'the host sized the iframe to it');
  assert.ok(heights.every((h) => Number.isFinite(h) && h > 0), 'heights are positive numbers');
  await screenshot(page, 'embed-iframe');
  assert.deepEqual(problems, []);
  await page.close();
});

test('(c2) <hoplock-analyzer> custom element: shadow DOM, styles inside, analyses', async () => {
  const { page, problems } = await openPage(browser, `${host.origin}/element.html`, { waitForApp: false });
  // Playwright's CSS locators pierce open shadow roots.
  const element = page.locator('hoplock-analyzer');
  await element.locator('textarea[data-testid=headers]').waitFor({ timeout: 20_000 });
  await assertLuxSci(element);

  const dom = await page.evaluate(async () => {
    const el = document.querySelector('hoplock-analyzer');
    const links = [...el.shadowRoot.querySelectorAll('link[rel=stylesheet]')];
    return {
      lightDomAppNodes: document.querySelectorAll('[data-testid]').length,
      shadowAppNodes: el.shadowRoot.querySelectorAll('[data-testid=hop-row]').length,
      stylesheetsLoaded: links.length > 0 && links.every((l) => l.sheet !== null),
      hostH1: document.querySelectorAll('h1').length,
      serviceWorkers: (await navigator.serviceWorker?.getRegistrations?.())?.length ?? 0,
    };
  });
  assert.equal(dom.lightDomAppNodes, 0, 'nothing of the app leaks into the host page');
  assert.ok(dom.shadowAppNodes > 0, 'the app lives in the shadow root');
  assert.ok(dom.stylesheetsLoaded, 'the stylesheet is loaded inside the shadow root');
  assert.equal(dom.hostH1, 1, "the host page's own content is untouched");
  assert.equal(dom.serviceWorkers, 0, 'no service worker registered on the host origin');
  await screenshot(page, 'embed-custom-element');
  // A .msg: the reader's worker loads its files from the app's origin, not the host's.
  await element.locator('[data-testid=clear]').click();
  await dropFile(element, 'luxsci.msg', readFileSync(OUTLOOK_MSG), 'application/vnd.ms-outlook');
  await element.locator('[data-testid=file-note]', { hasText: 'Read the Internet headers stored in the Outlook file' }).waitFor();
  assert.equal((await readHops(element)).length, corpusExpected(LUXSCI).hops.length, '.msg read in the element');
  // A mailbox: the audit module and its stylesheet come from the app's origin too, and the
  // audit is drawn inside the shadow root.
  const mbox = [LUXSCI, 'mha-gmail-to-outlook-ews.txt']
    .map((file) => `From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n${corpusMessage(file).trimEnd()}\n\nbody\n`)
    .join('');
  await dropFile(element, 'two.mbox', Buffer.from(mbox), 'application/mbox');
  await element.locator('[data-testid=audit-status]', { hasText: 'Done.' }).waitFor({ timeout: 20_000 });
  assert.equal(await element.locator('[data-testid=audit-messages]').textContent(), '2', 'two messages audited');
  const auditStyled = await page.evaluate(() => {
    const link = document.querySelector('hoplock-analyzer').shadowRoot.querySelector('.audit-pane link[rel=stylesheet]');
    return Boolean(link && link.sheet);
  });
  assert.ok(auditStyled, "the audit's stylesheet is loaded inside the shadow root");
  assert.deepEqual(problems, []);
  await page.close();
});
