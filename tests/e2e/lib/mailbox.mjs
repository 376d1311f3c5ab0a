// Mailboxes for the audit tests and the audit benchmark, written under target/:
// - corpusMailbox(): every corpus sample as one mbox message (a From_ line, its headers, a short
//   body), then tests/data/audit/regressions.mbox (which has regressions);
// - writeRealisticMailbox(): the "realistic" mix of benches/audit.rs, byte for byte (same
//   xorshift64* generator, seed and recipe), so the page's figures compare with `cargo bench
//   --bench audit`'s on the same bytes;
// - hoplockCli(): the native command line (`hoplock audit --json/--csv`), the reference the page
//   must agree with.
import { readFileSync, readdirSync, existsSync, statSync, openSync, writeSync, closeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO, CORPUS } from './harness.mjs';

/** The From_ line of every corpus message in corpusMailbox(). */
export const FROM_LINE = 'From MAILER-DAEMON Fri Jul  8 12:08:34 2011';
export const SAMPLES = readdirSync(path.join(CORPUS, 'messages')).filter((f) => f.endsWith('.txt')).sort();
export const REGRESSIONS_MBOX = path.join(REPO, 'tests/data/audit/regressions.mbox');

/** A corpus sample as a whole message: its header block, a blank line, a short body (LF). */
export function corpusEml(file) {
  const headers = readFileSync(path.join(CORPUS, 'messages', file), 'utf8').trimEnd();
  return `${headers}\n\nA short body for ${file}.\n`;
}

/** The corpus samples as one mbox, followed by regressions.mbox (32 messages in all). */
export function corpusMailbox() {
  const messages = SAMPLES.map((f) => `${FROM_LINE}\n${corpusEml(f)}\n`).join('');
  return Buffer.concat([Buffer.from(messages, 'utf8'), readFileSync(REGRESSIONS_MBOX)]);
}

/**
 * The native command line, built by `cargo test` (scripts/test runs it before the e2e step):
 * $HOPLOCK_BIN, else $CARGO_TARGET_DIR/debug/hoplock, else target/debug/hoplock; built with
 * `cargo build` when none exists. It must be of the same source as dist/ (scripts/test builds
 * both from one checkout).
 */
export function hoplockBin() {
  const candidates = [
    process.env.HOPLOCK_BIN,
    process.env.CARGO_TARGET_DIR && path.join(path.resolve(REPO, process.env.CARGO_TARGET_DIR), 'debug/hoplock'),
    path.join(REPO, 'target/debug/hoplock'),
  ].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  execFileSync('cargo', ['build', '--quiet', '--bin', 'hoplock'], { cwd: REPO, stdio: 'inherit' });
  return candidates.find((c) => existsSync(c)) ?? path.join(REPO, 'target/debug/hoplock');
}

/**
 * `hoplock audit ARGS…` run in `cwd`, its standard output as text. Inputs are given by their
 * name relative to `cwd`, so the command line names them exactly as the browser names a picked
 * file (`name`) or a folder's file (`folder/name`).
 */
export function hoplockCli(args, cwd) {
  return execFileSync(hoplockBin(), ['audit', '--quiet', ...args], { cwd, maxBuffer: 256 << 20, encoding: 'utf8' });
}

// ---- benches/audit.rs's realistic mix ----------------------------------------------------

const MASK = (1n << 64n) - 1n;

/** xorshift64* as in benches/audit.rs (`Rng`). */
class Rng {
  constructor(seed) { this.s = BigInt(seed); }
  next() {
    let s = this.s;
    s ^= s >> 12n;
    s = (s ^ (s << 25n)) & MASK;
    s ^= s >> 27n;
    this.s = s;
    return (s * 0x2545F4914F6CDD1Dn) & MASK;
  }
  range(lo, hi) { return lo + Number(this.next() % BigInt(hi - lo)); }
}

/** The corpus header blocks of benches/audit.rs (`corpus_headers`), in its (path) order. */
function benchHeaders() {
  const root = path.join(REPO, 'tests/data');
  const files = ['corpus/messages', 'messages']
    .flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => path.join(root, dir, f)))
    .filter((p) => p.endsWith('.txt'))
    .sort();
  return files.map((f) => readFileSync(f, 'utf8').trimEnd().split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .map((l) => (l.startsWith('From ') ? `>${l}` : l))
    .join('\n'));
}

const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PROSE = 'Thank you for your message. The quarterly figures are attached; please note the '
  + 'changes to the delivery schedule from next month onwards, and let us know by Friday.\n';

/** 8 MB of base64 text in 76-column lines (`base64_pool`). */
function base64Pool(rng) {
  const lines = Math.ceil(8_000_000 / 77);
  const pool = Buffer.alloc(lines * 77);
  let at = 0;
  for (let line = 0; line < lines; line++) {
    for (let i = 0; i < 76; i++) pool[at++] = ALPHABET[Number(rng.next() >> 58n)];
    pool[at++] = 0x0a;
  }
  return pool;
}

/**
 * Write benches/audit.rs's realistic mailbox of about `target` bytes to `file` (kept and reused
 * while its size matches, as the Rust bench does). Returns { bytes, messages, reused }.
 */
export function writeRealisticMailbox(file, target) {
  const countOf = () => {
    // Reused file: count its messages (every From_ line; base64 and prose never hold one).
    const bytes = readFileSync(file);
    let messages = bytes.subarray(0, 5).toString() === 'From ' ? 1 : 0;
    for (let at = bytes.indexOf('\nFrom '); at >= 0; at = bytes.indexOf('\nFrom ', at + 1)) messages++;
    return messages;
  };
  if (existsSync(file) && statSync(file).size >= target && statSync(file).size < target + 6_000_000) {
    return { bytes: statSync(file).size, messages: countOf(), reused: true };
  }
  const headers = benchHeaders();
  const rng = new Rng(0x5eed0001);
  const pool = base64Pool(rng);
  const fd = openSync(file, 'w');
  const pending = [];
  let pendingBytes = 0;
  const write = (buf) => {
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes >= 1 << 20) flush();
  };
  const flush = () => {
    const all = Buffer.concat(pending);
    for (let at = 0; at < all.length;) at += writeSync(fd, all, at);
    pending.length = 0;
    pendingBytes = 0;
  };
  let written = 0;
  let n = 0;
  try {
    while (written < target) {
      const header = headers[rng.range(0, headers.length)];
      let message = `From sender${n}@example.org Mon Jan  1 00:00:00 2024\n${header}\nMessage-ID: <bench${n}@example.org>\n\n`;
      const pick = rng.range(0, 100);
      const bodyLen = pick < 85 ? rng.range(2_000, 10_000)
        : pick < 97 ? rng.range(20_000, 200_000) : rng.range(1_000_000, 5_000_000);
      if (bodyLen < 20_000) {
        message += PROSE.repeat(Math.floor(bodyLen / PROSE.length) + 1).slice(0, bodyLen);
        message += '>From the quoted line of an mboxrd body\n\n';
        const buf = Buffer.from(message, 'utf8');
        write(buf);
        written += buf.length;
      } else {
        message += '--b\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n';
        const buf = Buffer.from(message, 'utf8');
        write(buf);
        const start = rng.range(0, pool.length - bodyLen);
        write(pool.subarray(start, start + bodyLen));
        write(Buffer.from('\n--b--\n\n'));
        written += buf.length + bodyLen + 8;
      }
      n++;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { bytes: written, messages: n, reused: false };
}
