#!/usr/bin/env python3
"""Trunk post_build hook: finish a hoplock build in Trunk's staging directory.

Usage: postbuild.py [STAGING_DIR]   (Trunk.toml runs it with $TRUNK_STAGING_DIR set)

Trunk 0.21 writes index.html with an inline `<script type="module">` loader, hashed asset names,
SRI-tagged links and relative URLs (public_url "./"). This script then:

1. adds a strict Content-Security-Policy `<meta>` to index.html. The policy allows exactly the
   inline scripts present (by sha256), so nothing injected later can run:
       default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-…';
       worker-src 'self' blob:;
       style-src 'self'; img-src 'self' data:; connect-src 'self';
       base-uri 'none'; form-action 'none'
   (`connect-src 'self'` is needed only for the wasm fetches; `worker-src` for the service worker
   ('self', sw.js) and the engine worker (audit, exports, .msg reader; blob:, which the app makes from a blob:
   URL and which runs under this same policy); `frame-ancestors` cannot be set by a meta tag:
   hosts send it as a header, see README);
2. writes `sw.js`, a service worker whose cache name carries a hash of the assets it lists, so a
   new build replaces the old cache (the hosted page keeps working offline after one visit);
3. writes `hoplock-analyzer.js`, the `<hoplock-analyzer>` custom element for pages that allow a
   script tag (shadow DOM, our stylesheet inside it);
4. writes `hoplock.html`, ONE self-contained file (CSS, JS glue and the wasm as base64 inlined,
   `connect-src 'none'`) that works when opened from disk: browsers refuse module imports and
   fetch() on file:// URLs, so the normal multi-file build cannot work there. The Outlook .msg
   reader, the audit and the exports' engine (Trunk worker `hoplock-worker`: no-modules glue +
   wasm, not loaded with the page) is inlined too, as an inert
   `<script type="text/plain" id="…">` element from which the app makes its worker
   (src/ui/browser/mod.rs, `worker_loader`), and so is the audit module (`hoplock-audit`);
5. minifies what a visitor downloads first: the wasm-bindgen glue and the stylesheets with esbuild
   (npm, installed with the e2e tools: Trunk's own JS minifier fails on the glue and its HTML
   minifier writes unquoted attributes), with their `integrity` hashes updated, and the HTML
   comments of index.html. The readable originals go into hoplock.html (step 4), whose size is
   not part of the first-load budget;
6. before all that, shortens the names the wasm imports from its glue. wasm-bindgen names each
   import after its JS function plus a 16-digit hash (`__wbg_append_f59276caeca64f04`), written
   twice: in the wasm's import section and as a key of the glue's imports object. Hashes do not
   compress: ~120 of them cost ~4 kB gzip. Each becomes `a`, `b`, … `ba`, … in both files, for
   the page's wasm and the on-demand modules'; a name that is not exactly one key of the glue stops
   the build (a wasm-bindgen upgrade changed its output).

Standard library only. Fails loudly (exit 1) when Trunk's output does not look as expected, so a
Trunk upgrade cannot silently ship a page without its CSP.
"""

import base64
import hashlib
import html as html_lib
import os
import pathlib
import re
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
ESBUILD = REPO / "tests" / "e2e" / "node_modules" / ".bin" / "esbuild"
# The on-demand workers, Trunk's worker builds (unhashed names `NAME.js`, `NAME_bg.wasm`), and the
# id of the element that carries each in hoplock.html: the engine of the mailbox audit, the
# exports and the Outlook .msg reader (src/bin/hoplock-worker.rs, ui/browser/engine.rs).
# The engine's message loop is a script of its own (index.html copies it next to the glue).
WORKERS = [
    ("hoplock-worker", "hoplock-worker-engine", ["engine-worker.js"]),
]


def worker_files(name: str) -> list[str]:
    return [f"{name}.js", f"{name}_bg.wasm"]


# The audit module: the audit's views (src/bin/hoplock-audit.rs), a wasm loaded into the page
# itself when an audit starts (ui/browser/audit_module.rs). Its no-modules glue declares
# `let wasm_bindgen`, which a page cannot reach from outside the script: the glue is ended with
# a global the app looks for.
AUDIT_MODULE = "hoplock-audit"
AUDIT_GLOBAL = "self.hoplockAudit = wasm_bindgen;\n"
AUDIT_WASM_GLOBAL = "__hoplockAuditWasm"
# Its stylesheet (copied next to the app; the module adds it when it mounts).
AUDIT_CSS = "audit.css"


def on_demand_files() -> list[str]:
    return [f for name, _, scripts in WORKERS for f in worker_files(name) + scripts] + worker_files(AUDIT_MODULE) + [AUDIT_CSS]


def expose_audit_module(staging: pathlib.Path) -> None:
    path = local(staging, f"{AUDIT_MODULE}.js")
    glue = path.read_text("utf-8")
    if not glue.startswith("let wasm_bindgen"):
        fail(f"{AUDIT_MODULE}.js is not wasm-bindgen no-modules glue")
    if AUDIT_GLOBAL not in glue:
        path.write_text(glue.rstrip("\n") + "\n" + AUDIT_GLOBAL, "utf-8")


def offline_audit_module(staging: pathlib.Path) -> str:
    """The audit module for hoplock.html: its glue as an inline script (hashed in the CSP like
    the others), and a function giving its wasm's bytes, which the app passes to the glue's
    init (no fetch)."""
    js, wasm = worker_files(AUDIT_MODULE)
    glue = local(staging, js).read_text("utf-8")
    wasm_b64 = base64.b64encode(local(staging, wasm).read_bytes()).decode("ascii")
    script = (
        glue
        + f'self.{AUDIT_WASM_GLOBAL} = () => Uint8Array.from(atob("{wasm_b64}"), (c) => c.charCodeAt(0));\n'
    )
    if "</script" in script.lower():
        fail(f"{js} contains '</script': it cannot be inlined safely")
    return "<script>" + script + "</script>"

HOSTED_POLICY = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval' {script_hashes}",
    "worker-src 'self' blob:",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
]

OFFLINE_POLICY = [
    "default-src 'none'",
    "script-src 'wasm-unsafe-eval' {script_hashes}",
    "worker-src blob:",
    "style-src {style_hashes}",
    "img-src data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
]

# Elements of index.html that make no sense in the single file (the link to download itself).
OFFLINE_ONLY_STRIP = re.compile(r"<(\w+)\b[^>]*\bdata-hoplock-hosted-only\b[^>]*>.*?</\1>\s*", re.S)

SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


def fail(message: str) -> None:
    sys.exit(f"postbuild.py: {message}")


def sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def attr(tag: str, name: str) -> str | None:
    m = re.search(r"\b" + name + r"\s*=\s*\"([^\"]*)\"", tag)
    return html_lib.unescape(m.group(1)) if m else None


def local(staging: pathlib.Path, href: str) -> pathlib.Path:
    """The staged file a relative (or absolute, public_url "/") URL points to."""
    path = staging / re.sub(r"^(\./|/)", "", href.split("?")[0].split("#")[0])
    if not path.is_file():
        fail(f"{href} is referenced by index.html but not in {staging}")
    return path


def csp_meta(policy: list[str], **sources: str) -> str:
    content = "; ".join(p.format(**sources) for p in policy)
    content = re.sub(r"\s+", " ", content).strip()
    return f'<meta http-equiv="Content-Security-Policy" content="{html_lib.escape(content, quote=False)}">'


def insert_after_charset(page: str, markup: str) -> str:
    """A CSP meta tag only governs what comes after it: put it first in <head>."""
    m = re.search(r"<meta\s+charset=[^>]*>", page, re.I)
    if not m:
        fail("index.html has no <meta charset>: the CSP must come right after it")
    return page[: m.end()] + "\n    " + markup + page[m.end() :]


def find_loader(page: str) -> tuple[re.Match, str, str]:
    """Trunk's inline loader: `import init, * as bindings from './x.js'; … init({ module_or_path: './x_bg.wasm' })`."""
    for m in SCRIPT_RE.finditer(page):
        attrs, body = m.group(1), m.group(2)
        if 'type="module"' in attrs and "src=" not in attrs and ".wasm" in body:
            js = re.search(r"from\s+['\"]([^'\"]+\.js)['\"]", body)
            wasm = re.search(r"['\"]([^'\"]+\.wasm)['\"]", body)
            if js and wasm:
                return m, js.group(1), wasm.group(1)
    fail("no Trunk loader (<script type=module> importing the glue and its .wasm) in index.html")
    raise AssertionError  # unreachable


def stylesheets(page: str) -> list[str]:
    return [attr(m.group(0), "href") for m in re.finditer(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", page)]


def drop_preload_integrity(page: str) -> str:
    """Chromium ignores `integrity` on `<link rel=preload as=fetch>` and says so in the console on
    every load (crbug.com/981419); the wasm-bindgen glue's own fetch() carries none either, and a
    preload whose integrity differs from the fetch would not even be reused."""

    def strip(m: re.Match) -> str:
        return re.sub(r'\s+integrity="[^"]*"', "", m.group(0))

    return re.sub(r"<link\b[^>]*\brel=\"preload\"[^>]*>", strip, page)


def hosted_index(page: str) -> str:
    """index.html with the CSP meta tag; every inline script present is allowed by its hash."""
    page = drop_preload_integrity(page)
    if re.search(r"http-equiv=\"Content-Security-Policy\"", page, re.I):
        fail("index.html already has a CSP (hook ran twice?)")
    inline_scripts = [m.group(2) for m in SCRIPT_RE.finditer(page) if "src=" not in m.group(1)]
    hashes = " ".join(sha256_source(s) for s in inline_scripts)
    return insert_after_charset(page, csp_meta(HOSTED_POLICY, script_hashes=hashes))


def service_worker(staging: pathlib.Path, assets: list[str], on_demand: list[str]) -> str:
    """Cache-first for the hashed assets, network-first for the page itself (so a new build is
    picked up online); the cache name changes whenever an asset changes. `on_demand` files (the
    engine worker, the audit module) are not fetched at install, which would add them to every first visit: they
    are cached when the app first fetches them."""
    digest = hashlib.sha256()
    for name in assets + on_demand:
        digest.update(name.encode())
        digest.update(local(staging, name).read_bytes())
    version = digest.hexdigest()[:16]
    files = ["./", "./index.html"] + ["./" + re.sub(r"^(\./|/)", "", a) for a in assets]
    later = [re.sub(r"^(\./|/)", "", a) for a in on_demand]
    return f"""// hoplock service worker, generated by tools/postbuild.py: do not edit.
// Makes the hosted page work offline after one visit. Nothing is sent anywhere: it only caches
// this page's own files (same origin, GET) and never sees what you paste.
const CACHE = 'hoplock-{version}';
const FILES = {files!r};
// Fetched only when used (the engine worker, the audit module): cached then, for later offline use.
const ON_DEMAND = {later!r};

self.addEventListener('install', (event) => {{
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
}});

self.addEventListener('activate', (event) => {{
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('hoplock-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
}});

self.addEventListener('fetch', (event) => {{
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {{
    // Network first, so an online visit sees the newest build; the cached page when offline.
    event.respondWith(fetch(request).catch(() =>
      caches.match(request, {{ ignoreSearch: true }}).then((hit) => hit || caches.match('./index.html'))));
    return;
  }}
  const onDemand = ON_DEMAND.some((name) => new URL(request.url).pathname.endsWith('/' + name));
  event.respondWith(caches.match(request, {{ ignoreSearch: true }}).then((hit) => hit || fetch(request).then((response) => {{
    if (onDemand && response.ok) {{
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }}
    return response;
  }})));
}});
"""


def custom_element(js_href: str, wasm_href: str, css_hrefs: list[str]) -> str:
    rel = lambda h: "./" + re.sub(r"^(\./|/)", "", h)  # noqa: E731
    css_list = ", ".join(f"new URL({rel(h)!r}, import.meta.url).href" for h in css_hrefs)
    return f"""// <hoplock-analyzer>: hoplock in a shadow root, for pages that allow a script tag.
// Generated by tools/postbuild.py: do not edit. Load it as a module from where hoplock is hosted:
//   <script type="module" src="https://tools.example.org/hoplock/hoplock-analyzer.js"></script>
//   <hoplock-analyzer></hoplock-analyzer>
// The glue, the .wasm and the stylesheet are found next to this file (import.meta.url), so the
// build works under any path. Nothing you paste leaves the page.
import init, {{ mountInto }} from {rel(js_href)!r};

const WASM = new URL({rel(wasm_href)!r}, import.meta.url);
const STYLESHEETS = [{css_list}];
let started;

function start() {{
  // Tells the wasm's main() not to mount into the host page (there is no #app here).
  globalThis.__hoplockNoAutoMount = true;
  // Where the on-demand modules' files are (next to this file, not the host page).
  globalThis.__hoplockBase = new URL('./', import.meta.url).href;
  started ??= init({{ module_or_path: WASM }});
  return started;
}}

class HoplockAnalyzer extends HTMLElement {{
  async connectedCallback() {{
    if (this.shadowRoot) return; // moved within the page: already mounted
    const root = this.attachShadow({{ mode: 'open' }});
    for (const href of STYLESHEETS) {{
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      root.append(link);
    }}
    const mount = document.createElement('div');
    mount.className = 'hoplock-element';
    root.append(mount);
    await start();
    mountInto(mount);
  }}
}}

if (!customElements.get('hoplock-analyzer')) customElements.define('hoplock-analyzer', HoplockAnalyzer);
"""


def offline_single_file(staging: pathlib.Path, page: str) -> str:
    """index.html (before its CSP) with everything inlined; see module doc, item 4."""
    page = OFFLINE_ONLY_STRIP.sub("", page)
    styles: list[str] = []

    def inline_css(m: re.Match) -> str:
        css = local(staging, attr(m.group(0), "href") or fail("stylesheet without href")).read_text("utf-8")
        styles.append(css)
        return "<style>" + css + "</style>"

    page = re.sub(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", inline_css, page)
    # The audit module's stylesheet, which it would fetch when it mounts (it does not here).
    audit_css = local(staging, AUDIT_CSS).read_text("utf-8")
    styles.append(audit_css)
    page = page.replace("</head>", "<style>" + audit_css + "</style>\n  </head>", 1)
    # Preload hints would fetch over file:// and log CORS errors.
    page = re.sub(r"<link\b[^>]*\brel=\"(?:modulepreload|preload)\"[^>]*>\s*", "", page)
    loader, js_href, wasm_href = find_loader(page)
    glue = local(staging, js_href).read_text("utf-8")
    if re.search(r"^\s*import\b", glue, re.M):
        fail("the wasm-bindgen glue imports other modules (snippets); inline them first")
    # An inline module may not export; the names stay usable inside the one script.
    glue = re.sub(r"^export\s+(?=(?:async\s+)?(?:function|class|const|let|var)\b)", "", glue, flags=re.M)
    glue = re.sub(r"^export\s*\{[^}]*\};?[ \t]*$", "", glue, flags=re.M)
    glue = re.sub(r"^export\s+default\s+\w+;?[ \t]*$", "", glue, flags=re.M)
    if re.search(r"^\s*export\b", glue, re.M):
        fail("unexpected export left in the glue")
    if "__wbg_init" not in glue:
        fail("the glue has no __wbg_init (wasm-bindgen changed its output?)")
    wasm_b64 = base64.b64encode(local(staging, wasm_href).read_bytes()).decode("ascii")
    # `init` given bytes calls WebAssembly.instantiate(bytes): no fetch, so connect-src 'none'.
    script = (
        glue
        + '\nconst __hoplock_wasm_b64 = "' + wasm_b64 + '";\n'
        + "const __hoplock_wasm_bytes = Uint8Array.from(atob(__hoplock_wasm_b64), (c) => c.charCodeAt(0));\n"
        + "const __hoplock_wasm = await __wbg_init({ module_or_path: __hoplock_wasm_bytes });\n"
        + 'dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: __hoplock_wasm } }));\n'
    )
    if "</script" in script.lower():
        fail("the glue contains '</script': it cannot be inlined safely")
    page = page[: loader.start()] + '<script type="module">' + script + "</script>" + page[loader.end() :]
    workers = "".join(offline_worker(staging, *worker) for worker in WORKERS) + offline_audit_module(staging)
    page = page.replace("</body>", workers + "\n  </body>", 1)
    inline_scripts = [
        m.group(2) for m in SCRIPT_RE.finditer(page) if "src=" not in m.group(1) and "text/plain" not in m.group(1)
    ]
    meta = csp_meta(
        OFFLINE_POLICY,
        script_hashes=" ".join(sha256_source(s) for s in inline_scripts),
        style_hashes=" ".join(sha256_source(s) for s in styles) or "'none'",
    )
    return insert_after_charset(page, meta)


def offline_worker(staging: pathlib.Path, name: str, element_id: str, scripts: list[str]) -> str:
    """An on-demand worker for hoplock.html: its no-modules glue and its wasm (base64), as the
    loading part of the worker script the app makes (src/ui/browser/mod.rs, `worker_loader`,
    which then appends the worker's message handler). Inert text (`type="text/plain"`: never run
    in the page, not subject to the CSP); the worker it becomes runs under the page's policy
    (`worker-src blob:`, no fetch)."""
    js, wasm = worker_files(name)
    glue = local(staging, js).read_text("utf-8")
    if "let wasm_bindgen" not in glue and "wasm_bindgen =" not in glue:
        fail(f"{js} is not wasm-bindgen no-modules glue")
    wasm_b64 = base64.b64encode(local(staging, wasm).read_bytes()).decode("ascii")
    loader = (
        glue
        + '\nconst ready = wasm_bindgen({ module_or_path: Uint8Array.from(atob("'
        + wasm_b64
        + '"), (c) => c.charCodeAt(0)) });\n'
        + "".join(local(staging, script).read_text("utf-8") for script in scripts)
    )
    if "</script" in loader.lower():
        fail(f"{js} contains '</script': it cannot be inlined safely")
    return f'<script type="text/plain" id="{element_id}">' + loader + "</script>"


def read_leb128(data: bytes, at: int) -> tuple[int, int]:
    """An unsigned LEB128 number at `at`: (value, offset after it)."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def leb128(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


def read_wasm_name(data: bytes, at: int) -> tuple[str, int]:
    """`name ::= len:u32 bytes` (WebAssembly core spec 5.2.4): (the name, offset after it)."""
    length, at = read_leb128(data, at)
    return data[at : at + length].decode("utf-8"), at + length


def wasm_name(text: str) -> bytes:
    raw = text.encode("utf-8")
    return leb128(len(raw)) + raw


def skip_limits(data: bytes, at: int) -> int:
    """`limits ::= 0x00 min | 0x01 min max` (and the 64-bit/shared flags' same two shapes)."""
    flags = data[at]
    _, at = read_leb128(data, at + 1)
    if flags & 1:
        _, at = read_leb128(data, at)
    return at


def rename_imports(wasm: bytes, rename) -> bytes:
    """The module with each import's field renamed by `rename(module, field)`. Only the import
    section (id 2) is rewritten: `import ::= module:name field:name importdesc`, with
    `importdesc ::= 0x00 typeidx | 0x01 tabletype | 0x02 memtype | 0x03 globaltype`."""
    if wasm[:8] != b"\0asm\x01\0\0\0":
        fail("not a WebAssembly 1.0 module")
    out, at = bytearray(wasm[:8]), 8
    while at < len(wasm):
        section_id = wasm[at]
        size, start = read_leb128(wasm, at + 1)
        body, at = wasm[start : start + size], start + size
        if section_id == 2:
            count, pos = read_leb128(body, 0)
            renamed = bytearray(leb128(count))
            for _ in range(count):
                module, pos = read_wasm_name(body, pos)
                field, pos = read_wasm_name(body, pos)
                desc, pos = pos, pos + 1
                kind = body[desc]
                if kind == 0:
                    _, pos = read_leb128(body, pos)
                elif kind == 1:
                    pos = skip_limits(body, pos + 1)  # reftype, then limits
                elif kind == 2:
                    pos = skip_limits(body, pos)
                elif kind == 3:
                    pos += 2  # valtype, mutability
                else:
                    fail(f"unknown import kind {kind} in the wasm")
                renamed += wasm_name(module) + wasm_name(rename(module, field)) + body[desc:pos]
            if pos != len(body):
                fail("the wasm's import section has trailing bytes")
            body = bytes(renamed)
        out += bytes([section_id]) + leb128(len(body)) + body
    return bytes(out)


def short_name(index: int) -> str:
    """0 → `a`, 25 → `z`, 26 → `ba`, …: JS identifiers, never `__proto__`."""
    name = ""
    while True:
        name = "abcdefghijklmnopqrstuvwxyz"[index % 26] + name
        index //= 26
        if not index:
            return name


def shorten_import_names(staging: pathlib.Path, js_href: str, wasm_href: str) -> None:
    """Module doc, item 6: rewrites the glue and its wasm in place."""
    js_path, wasm_path = local(staging, js_href), local(staging, wasm_href)
    glue = js_path.read_text("utf-8")
    short: dict[str, str] = {}  # each import's field → its short name, in order of appearance

    def rename(_module: str, field: str) -> str:
        return short.setdefault(field, short_name(len(short)))

    wasm = rename_imports(wasm_path.read_bytes(), rename)
    for field in short:
        # The glue's imports object: `field: function(…) {…}` (or `field: …` for a value).
        keys = re.findall(r"(?<![\w$])" + re.escape(field) + r"(?=\s*:)", glue)
        mentions = re.findall(r"(?<![\w$])" + re.escape(field) + r"(?![\w$])", glue)
        if len(keys) != 1 or len(mentions) != 1:
            fail(f"{js_href}: the wasm import {field} is not exactly one key of the glue's imports object")
    glue = re.sub(
        r"(?<![\w$])(" + "|".join(map(re.escape, short)) + r")(?![\w$])",
        lambda m: short[m.group(1)],
        glue,
    )
    js_path.write_text(glue, "utf-8")
    wasm_path.write_bytes(wasm)


def minify(staging: pathlib.Path, page: str, hrefs: list[str]) -> str:
    """Minify each asset in place with esbuild (module doc, item 5); returns `page` with the
    `integrity` of each asset's `<link>` recomputed (the browser refuses a mismatching file)."""
    if not ESBUILD.is_file():
        fail(f"{ESBUILD} is missing: run scripts/serve or scripts/test, which install it (npm ci in tests/e2e)")
    for href in hrefs:
        path = local(staging, href)
        subprocess.run(
            [str(ESBUILD), str(path), "--minify", "--log-level=warning", f"--outfile={path}", "--allow-overwrite"],
            check=True,
        )
        digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode("ascii")
        link = re.compile(r"<link\b[^>]*\bhref=\"" + re.escape(href) + r"\"[^>]*>")
        tags = link.findall(page)
        if not tags:
            fail(f"no <link> for {href} in index.html")
        for tag in tags:
            page = page.replace(tag, re.sub(r'integrity="sha384-[^"]*"', f'integrity="sha384-{digest}"', tag))
    return page


def strip_comments(page: str) -> str:
    """HTML comments are notes for us, not for visitors (Trunk's loader script has none)."""
    return re.sub(r"[ \t]*<!--.*?-->[ \t]*\n?", "", page, flags=re.S)


def main() -> None:
    if len(sys.argv) > 2 or (len(sys.argv) == 1 and "TRUNK_STAGING_DIR" not in os.environ):
        fail("usage: postbuild.py [STAGING_DIR] (default: $TRUNK_STAGING_DIR)")
    staging = pathlib.Path(sys.argv[1] if len(sys.argv) == 2 else os.environ["TRUNK_STAGING_DIR"])
    index = staging / "index.html"
    page = index.read_text("utf-8")
    _, js_href, wasm_href = find_loader(page)
    css_hrefs = stylesheets(page)
    shorten_import_names(staging, js_href, wasm_href)
    for name, _, _ in WORKERS:
        shorten_import_names(staging, *worker_files(name))
    shorten_import_names(staging, *worker_files(AUDIT_MODULE))
    expose_audit_module(staging)

    (staging / "hoplock.html").write_text(offline_single_file(staging, page), "utf-8")
    page = strip_comments(minify(staging, page, [js_href, *css_hrefs]))
    (staging / "sw.js").write_text(
        service_worker(staging, [js_href, wasm_href, *css_hrefs], on_demand_files()), "utf-8"
    )
    (staging / "hoplock-analyzer.js").write_text(custom_element(js_href, wasm_href, css_hrefs), "utf-8")
    index.write_text(hosted_index(page), "utf-8")
    size = (staging / "hoplock.html").stat().st_size
    print(f"postbuild.py: CSP added to index.html; wasm import names shortened; glue and CSS minified; wrote sw.js, hoplock-analyzer.js, hoplock.html ({size} bytes)")


if __name__ == "__main__":
    main()
