#!/usr/bin/env python3
"""Score the issue-17 fixtures against today's report, without touching the test binary.

The fixtures of issue 17 (tests/data/messages/evidence/expected.jsonl and
tests/data/evidence-lines.jsonl) label behaviour the logic does not have yet, so they are not
part of `cargo test` (no test may be skipped or loosened to pass). This script runs the native
command line (`cargo run --release --quiet --bin hoplock -- --json FILE`) on each fixture and prints, per case,
every expected field that differs from today's report, then a per-field score table split into
fields of the current report contract and fields planned by issue 17.

Usage:  python3 tools/score_pending.py [--quiet]      (from the repository root)
        --quiet   only the score tables, not every mismatch

Comparison rules follow tests/core/check.rs and tests/core/messages.rs: a field absent from the
expectation is not compared; a field absent from the report counts as null; numbers compare by
value; per-hop `from_org` / `by_org` compare the organisation id, `broken_chain` whether
`chain_break` is set. Planned fields are looked up under the same name in the report (hop,
summary) or, for the Microsoft 365 route facts, in the report's top-level `microsoft_365` object
(the names the contract draft in tests/data/corpus/README.md gives them).
"""

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data")

# Fields of today's report contract (tests/data/corpus/README.md); everything else an
# expectation names is planned by issue 17.
CURRENT_HOP_FIELDS = {
    "received_index", "scope", "verdict", "tls", "tls_version", "cipher", "bits",
    "cert_verified", "from_host", "from_ip", "by_host", "with", "from_org", "by_org",
    "broken_chain", "id", "non_transfer",
}
CURRENT_SUMMARY_FIELDS = {"verdict", "hop"}
LINE_FIELDS = ["from_host", "from_ip", "by_host", "with", "tls", "tls_version", "cipher",
               "bits", "cert_verified"]


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip() and not l.startswith("//")]


def analyze(path):
    out = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--bin", "hoplock", "--", "--json", path],
        cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{path}: the command line failed:\n{out.stderr}")
    return json.loads(out.stdout)


def same(want, got):
    if isinstance(want, (int, float)) and isinstance(got, (int, float)) \
            and not isinstance(want, bool) and not isinstance(got, bool):
        return float(want) == float(got)
    return want == got


def org_id(value):
    return value.get("id") if isinstance(value, dict) else value


class Board:
    def __init__(self):
        self.fields = defaultdict(lambda: [0, 0])  # (group, field) -> [pass, total]
        self.mismatches = []

    def record(self, case, group, field, want, got):
        entry = self.fields[(group, field)]
        entry[1] += 1
        if same(want, got):
            entry[0] += 1
        else:
            self.mismatches.append(f"{case}: {field}: expected {json.dumps(want)}, "
                                   f"got {json.dumps(got)}")

    def table(self, title):
        lines = [f"\n{title}", f"{'group':<9} {'field':<28} {'pass':>5} {'total':>6} {'score':>7}"]
        totals = defaultdict(lambda: [0, 0])
        for (group, field), (p, t) in sorted(self.fields.items()):
            lines.append(f"{group:<9} {field:<28} {p:>5} {t:>6} {100.0 * p / t:>6.1f}%")
            totals[group][0] += p
            totals[group][1] += t
        for group, (p, t) in sorted(totals.items()):
            lines.append(f"{group:<9} {'ALL':<28} {p:>5} {t:>6} {100.0 * p / t:>6.1f}%")
        return "\n".join(lines)


def score_messages(board):
    cases = jsonl(os.path.join(DATA, "messages", "evidence", "expected.jsonl"))
    for case in cases:
        name = case["file"]
        report = analyze(os.path.join(DATA, name))
        hops = {h.get("index"): h for h in report.get("hops", [])}
        for want in case["hops"]:
            index = want["hop"]
            got = hops.get(index)
            cid = f"{name}#hop{index}"
            if got is None:
                board.mismatches.append(f"{cid}: hop missing")
                continue
            for field, value in want.items():
                if field == "hop":
                    continue
                group = "current" if field in CURRENT_HOP_FIELDS else "planned"
                if field in ("from_org", "by_org"):
                    actual = org_id(got.get(field))
                elif field == "broken_chain":
                    actual = isinstance(got.get("chain_break"), str)
                elif field == "text_must_not_name":
                    text = (got.get("reason") or "") + " " + report["summary"].get("text", "")
                    board.record(cid, group, field, True, value not in text)
                    continue
                else:
                    actual = got.get(field)
                board.record(cid, group, field, value, actual)
        for field, value in case["summary"].items():
            group = "current" if field in CURRENT_SUMMARY_FIELDS else "planned"
            board.record(f"{name}#summary", group, f"summary.{field}", value,
                         report["summary"].get(field))
        for field, value in case.get("m365", {}).items():
            facts = report.get("microsoft_365") or {}
            board.record(f"{name}#m365", "planned", f"microsoft_365.{field}", value,
                         facts.get(field))
    return len(cases)


def score_lines(board):
    cases = jsonl(os.path.join(DATA, "evidence-lines.jsonl"))
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            path = os.path.join(tmp, case["id"] + ".txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(case["raw"] + "\n")
            report = analyze(path)
            hops = report.get("hops", [])
            cid = f"line {case['id']}"
            if len(hops) != 1:
                board.mismatches.append(f"{cid}: {len(hops)} hops read from one Received field")
                continue
            got = hops[0]
            for field in LINE_FIELDS:
                if field in case["expect"]:
                    board.record(cid, "current", f"line.{field}", case["expect"][field],
                                 got.get(field))
            for field, value in case.get("expect_planned", {}).items():
                actual = got.get(field)
                if field in ("from_org", "by_org"):
                    actual = org_id(actual)
                group = "current" if field in ("scope", "non_transfer", "from_org",
                                               "by_org") else "planned"
                board.record(cid, group, f"line.{field}", value, actual)
    return len(cases)


def main():
    quiet = "--quiet" in sys.argv
    board = Board()
    messages = score_messages(board)
    lines = score_lines(board)
    if not quiet:
        for m in board.mismatches:
            print("  DIFFERS", m)
    print(board.table(f"issue 17 fixtures: {messages} messages, {lines} Received lines "
                      "(current = fields of today's contract; planned = issue 17 additions)"))


if __name__ == "__main__":
    main()
