// The thin vertical slice, end to end: paste the LuxSci example's six Received fields into the real
// release page in headless Chromium and read back the hop table. Expectations come from the
// corpus labels (tests/data/corpus/messages/expected.jsonl), not from this file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, pasteHeaders, readHops, readVerdict,
  corpusMessage, corpusExpected, tlsWord, screenshot,
} from './lib/harness.mjs';

const FILE = 'seed-luxsci-hotmail-proofpoint.txt';
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('LuxSci example: six hops, sender first, with the labelled TLS column', async () => {
  const text = corpusMessage(FILE);
  const expected = corpusExpected(FILE);
  assert.equal(expected.received_count, 6, 'the example has six Received fields');

  const { page, problems } = await openPage(browser, server.url);
  await pasteHeaders(page, text);
  const hops = await readHops(page);
  await screenshot(page, 'slice-luxsci');

  assert.equal(hops.length, expected.hops.length, 'one row per hop');
  assert.deepEqual(hops.map((h) => h.index), expected.hops.map((h) => h.hop), 'chronological order');
  expected.hops.forEach((want, i) => {
    const got = hops[i];
    assert.ok(got.by.includes(want.by_host), `hop ${want.hop}: by ${JSON.stringify(got.by)} names ${want.by_host}`);
    if (want.from_host) {
      assert.ok(got.from.includes(want.from_host), `hop ${want.hop}: from ${JSON.stringify(got.from)} names ${want.from_host}`);
    }
    assert.ok(
      got.tls.startsWith(tlsWord(want.tls)),
      `hop ${want.hop} (${want.by_host}): TLS cell ${JSON.stringify(got.tls)} should begin with "${tlsWord(want.tls)}"`,
    );
  });
  const verdict = await readVerdict(page);
  assert.ok(verdict.verdict && verdict.verdict !== 'no-hops', `verdict banner set (${verdict.verdict})`);
  assert.deepEqual(problems, [], 'no console errors, page errors or dialogs');
});
