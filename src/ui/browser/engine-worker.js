// The engine worker's message loop (src/bin/hoplock-worker.rs is its wasm). The loading part
// before it (ui/browser/engine.rs) has defined `ready` (the module's instantiation promise) and
// `wasm_bindgen` (the module's exports).
//
// From the page:
//   {audit: {files: [File], folder: bool}}  → {progress, digest} about twice a second, then once
//                                             with progress.final = true; {failed} if it broke
//   {cancel: true}                          → the audit stops after the chunk in hand
//   {id, call: 'report', text, format, redact}       the single message's export
//   {id, call: 'msg', file}                          an Outlook .msg's transport headers ('' if none)
//   {id, call: 'export', format, redact}             the audit as CSV or JSON
//   {id, call: 'list', group, key, limit}            a domain's or organisation's messages
//   {id, call: 'open', input, offset}                a message's header text, read again
//                                             → {id, reply} or {id, error}
// Files are read as streams (Blob.stream(); gzip through DecompressionStream), so a mailbox of
// several GB never sits in memory; only the audit's tables and its index of messages grow.

let audit = null;
let files = [];
let cancelled = false;

// Bytes read from the header part of a message when it is opened again (the audit keeps 256 KiB).
const OPEN_MAX = 512 * 1024;
const PROGRESS_EVERY_MS = 400;

function nameOf(file) {
  return file.webkitRelativePath || file.name;
}

// A stream whose data is at hand resolves every read as a microtask, so the worker would never
// get to its messages (Cancel, the page's questions) before the file's end: it yields to them
// (a task of its own, through a MessageChannel: no timer clamping) every YIELD_EVERY_MS.
const YIELD_EVERY_MS = 50;
const turn = new MessageChannel();
function yieldToMessages() {
  return new Promise((resolve) => {
    turn.port1.onmessage = resolve;
    turn.port2.postMessage(0);
  });
}

async function pump(stream, onChunk) {
  const reader = stream.getReader();
  let yielded = performance.now();
  for (;;) {
    if (performance.now() - yielded > YIELD_EVERY_MS) {
      await yieldToMessages();
      yielded = performance.now();
    }
    if (cancelled) {
      await reader.cancel();
      return;
    }
    const { done, value } = await reader.read();
    if (done) return;
    onChunk(value);
  }
}

function counting(onBytes) {
  return new TransformStream({
    transform(chunk, controller) {
      onBytes(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
}

async function runAudit(list, folder) {
  // Before waiting for the module: a cancel that comes while it loads must hold.
  cancelled = false;
  await ready;
  audit = new wasm_bindgen.Audit();
  files = list;
  const total = list.reduce((n, f) => n + f.size, 0);
  const started = performance.now();
  let read = 0;
  let last = 0;
  let current = '';
  const progress = (final) => {
    const now = performance.now();
    if (!final && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    postMessage({
      progress: { read, total, messages: audit.messages(), elapsed: now - started, file: current, final, cancelled },
      digest: audit.digest(),
    });
  };
  for (const file of list) {
    if (cancelled) break;
    current = nameOf(file);
    const first = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
    const kind = audit.begin(current, first, folder);
    if (kind === 'skipped') {
      read += file.size;
      continue;
    }
    let stream = file.stream().pipeThrough(counting((n) => { read += n; }));
    if (kind === 'gzip') stream = stream.pipeThrough(new DecompressionStream('gzip'));
    try {
      await pump(stream, (chunk) => {
        audit.feed(chunk);
        progress(false);
      });
      audit.end();
    } catch (_) {
      audit.fail(kind === 'gzip');
    }
  }
  // Files that could not be read to their end count as read once the audit is over.
  if (!cancelled) read = total;
  progress(true);
}

/** The bytes [from, from + length) of a gzip file's decompressed stream. */
async function gunzipRange(file, from, length) {
  const out = new Uint8Array(length);
  let at = 0;
  let filled = 0;
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  while (filled < length) {
    const { done, value } = await reader.read();
    if (done) break;
    const start = Math.max(0, from - at);
    if (start < value.length) {
      const piece = value.subarray(start, start + (length - filled));
      out.set(piece, filled);
      filled += piece.length;
    }
    at += value.length;
  }
  await reader.cancel();
  return out.subarray(0, filled);
}

async function openMessage(input, offset) {
  const at = JSON.parse(audit.locate(input, offset));
  const file = files[input];
  if (!at || !file) throw new Error('the message is no longer in the audit');
  const length = Math.min(at.length, OPEN_MAX);
  let bytes;
  if (at.kind === 'gzip') bytes = await gunzipRange(file, at.offset, length);
  else if (at.kind === 'outlook-msg') bytes = new Uint8Array(await file.arrayBuffer());
  else bytes = new Uint8Array(await file.slice(at.offset, at.offset + length).arrayBuffer());
  return wasm_bindgen.header_text(bytes);
}

async function answer(m) {
  await ready;
  if (m.call === 'report') return wasm_bindgen.export_report(m.text, m.format, m.redact);
  if (m.call === 'msg') return wasm_bindgen.transport_headers(new Uint8Array(await m.file.arrayBuffer())) ?? '';
  if (!audit) throw new Error('no audit has run');
  if (m.call === 'export') return audit.export(m.format, m.redact);
  if (m.call === 'list') return audit.list(m.group, m.key, m.limit);
  if (m.call === 'open') return openMessage(m.input, m.offset);
  throw new Error('unknown request');
}

onmessage = (e) => {
  const m = e.data;
  if (m.audit) {
    runAudit(m.audit.files, m.audit.folder).catch((x) => postMessage({ failed: String(x) }));
  } else if (m.cancel) {
    cancelled = true;
  } else {
    answer(m).then((reply) => postMessage({ id: m.id, reply }), (x) => postMessage({ id: m.id, error: String(x) }));
  }
};
