#!/usr/bin/env python3
"""Size report of the release build: what a visitor downloads (wasm, JS glue, CSS, index.html),
raw and gzip -9, and the total gzip transfer against the budget. Exit 1 when over budget.

Usage: size_report.py [DIST_DIR] [--budget BYTES] [--json OUT]
The extras (offline single file, service worker, custom element loader, the on-demand modules)
are listed too, but they are not part of the first-load budget: the offline file is only
downloaded on request, the engine worker (audit, exports, .msg reader) when an audit or an export
starts or a .msg is dropped, the audit module when an audit starts.
"""

import argparse
import gzip
import json
import pathlib
import sys

BUDGET_BYTES = 240_000  # gzip, first load (wasm + js + css + html): the goal (README, "Size")
# Files not fetched with the page: the post-build hook's extras and the on-demand modules (the
# engine worker: audit, exports, .msg reader; the audit module and its stylesheet). Everything else that is .js is the
# wasm-bindgen glue.
EXTRAS = ("hoplock.html", "sw.js", "hoplock-analyzer.js", "hoplock-worker.js", "hoplock-worker_bg.wasm", "engine-worker.js",
          "hoplock-audit.js", "hoplock-audit_bg.wasm", "audit.css")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dist", nargs="?", default="dist")
    parser.add_argument("--budget", type=int, default=BUDGET_BYTES)
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args()
    dist = pathlib.Path(args.dist)
    if not (dist / "index.html").is_file():
        print(f"size_report.py: no build in {dist} (run trunk build --release)", file=sys.stderr)
        return 1

    def kind(path: pathlib.Path) -> str | None:
        if path.name in EXTRAS:
            return None
        if path.name == "index.html":
            return "html"
        return {".wasm": "wasm", ".js": "js", ".css": "css"}.get(path.suffix)

    first_load = []
    for path in sorted(dist.iterdir()):
        k = kind(path)
        if k and path.is_file():
            data = path.read_bytes()
            first_load.append({"kind": k, "file": path.name, "raw": len(data), "gzip": gz(data)})
    extras = []
    for name in EXTRAS:
        path = dist / name
        if path.is_file():
            data = path.read_bytes()
            extras.append({"kind": "extra", "file": name, "raw": len(data), "gzip": gz(data)})

    order = {"wasm": 0, "js": 1, "css": 2, "html": 3}
    first_load.sort(key=lambda r: (order[r["kind"]], r["file"]))
    total_raw = sum(r["raw"] for r in first_load)
    total_gz = sum(r["gzip"] for r in first_load)

    width = max(len(r["file"]) for r in first_load + extras)
    line = f"{'kind':<5} {'file':<{width}} {'raw bytes':>11} {'gzip -9':>11}"
    print("size report (release build, " + str(dist) + ")")
    print(line)
    print("-" * len(line))
    for r in first_load:
        print(f"{r['kind']:<5} {r['file']:<{width}} {r['raw']:>11,} {r['gzip']:>11,}")
    print("-" * len(line))
    print(f"{'total':<5} {'first load':<{width}} {total_raw:>11,} {total_gz:>11,}")
    for r in extras:
        print(f"{'extra':<5} {r['file']:<{width}} {r['raw']:>11,} {r['gzip']:>11,}")
    verdict = "within" if total_gz <= args.budget else "OVER"
    print(f"budget: total gzip {total_gz:,} bytes of {args.budget:,} ({100 * total_gz / args.budget:.0f}%): {verdict} budget")

    if args.json:
        out = pathlib.Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"first_load": first_load, "extras": extras, "total_raw": total_raw,
                                   "total_gzip": total_gz, "budget_gzip": args.budget}, indent=2) + "\n")
    return 0 if total_gz <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
