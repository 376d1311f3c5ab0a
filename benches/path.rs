//! Path-reasoning cost per hop, on every corpus message and every message of our own.
//!
//! Three figures, each the best of alternating rounds (the machine is shared, so a burst of
//! someone else's load cannot inflate one of them):
//!
//! * `path reasoning` — `path::assess_line` on each already-parsed hop (scope rules, provider
//!   and registrable-domain lookups, verdict, strength): the part this bench is about;
//! * `path` stage — the same plus chain trust, summary and caveats, per hop
//!   (`path::assess_hops`, `summarise`, `caveats`, measured on clones of the parsed chain; the
//!   cloning is timed apart and subtracted);
//! * `analyze` — the whole pipeline from bytes, per hop, for scale.
//!
//! Run: `cargo bench --bench path`

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use hoplock::core::{analyze, chain, intake, path, providers};

/// Seconds per call of `f`, run repeatedly for about `budget` (after one warm-up call).
fn seconds_per_call(budget: Duration, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < budget {
        f();
        calls += 1;
    }
    start.elapsed().as_secs_f64() / calls as f64
}

const ROUNDS: u32 = 6;

/// Passes in `--count` mode.
const COUNTED: usize = 200;

fn messages() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    for dir in ["corpus/messages", "messages"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("message directory")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        out.extend(files.iter().map(|f| std::fs::read(f).expect("message")));
    }
    out
}

fn main() {
    // The two indexes are built on first use (in the browser: on the first paste).
    let start = Instant::now();
    black_box(providers::provider_for_host(black_box("mx.example.com")));
    let provider_index = start.elapsed().as_secs_f64();
    let start = Instant::now();
    black_box(providers::registrable_domain(black_box("mx.example.co.uk")));
    let psl_tree = start.elapsed().as_secs_f64();
    let messages = messages();
    let parsed: Vec<(intake::HeaderBlock, chain::Chain)> = messages
        .iter()
        .map(|m| {
            let block = intake::read(m);
            let chain = chain::build(&block);
            (block, chain)
        })
        .collect();
    let hops: usize = parsed.iter().map(|(_, c)| c.hops.len()).sum();
    // The first pass also builds the provider index and the Public Suffix List tree (once per
    // process; in the browser, on the first paste).
    let start = Instant::now();
    for (_, chain) in &parsed {
        for hop in &chain.hops {
            black_box(path::assess_line(black_box(&hop.line)));
        }
    }
    let first_pass = start.elapsed().as_secs_f64();
    // `--count MODE`: a fixed amount of work and no timing, for an instruction counter on a
    // shared machine (`perf stat -e instructions:u`): `setup` (the above only), `lines`
    // (setup + COUNTED passes of assess_line), `analyze` (setup + COUNTED passes of analyze).
    // Per hop: (count(MODE) − count(setup)) / (COUNTED × hops).
    let args: Vec<String> = std::env::args().collect();
    if let Some(mode) = args
        .iter()
        .position(|a| a == "--count")
        .and_then(|i| args.get(i + 1))
    {
        for _ in 0..COUNTED {
            match mode.as_str() {
                "lines" => parsed.iter().flat_map(|(_, c)| &c.hops).for_each(|hop| {
                    black_box(path::assess_line(black_box(&hop.line)));
                }),
                "analyze" => messages.iter().for_each(|m| {
                    black_box(analyze(black_box(m)));
                }),
                _ => {}
            }
        }
        println!("{hops} hops, {COUNTED} passes of {mode}");
        return;
    }
    let budget = Duration::from_secs(3) / ROUNDS;

    let (mut lines, mut clone, mut assess, mut whole) = (f64::MAX, f64::MAX, f64::MAX, f64::MAX);
    for _ in 0..ROUNDS {
        lines = lines.min(seconds_per_call(budget, || {
            for (_, chain) in &parsed {
                for hop in &chain.hops {
                    black_box(path::assess_line(black_box(&hop.line)));
                }
            }
        }));
        clone = clone.min(seconds_per_call(budget, || {
            for (_, chain) in &parsed {
                black_box(black_box(chain).clone());
            }
        }));
        assess = assess.min(seconds_per_call(budget, || {
            for (_, chain) in &parsed {
                let hops = path::assess_hops(black_box(chain).clone().hops);
                black_box((path::summarise(&hops), path::caveats(&hops, false)));
            }
        }));
        whole = whole.min(seconds_per_call(budget, || {
            for m in &messages {
                black_box(analyze(black_box(m)));
            }
        }));
    }
    let per_hop = |s: f64| s * 1e6 / hops as f64;
    println!(
        "{} messages, {hops} hops (tests/data/corpus/messages + tests/data/messages)",
        messages.len()
    );
    println!(
        "path reasoning (assess_line): {:8.2} µs/hop",
        per_hop(lines)
    );
    println!(
        "first pass, indexes built:    {:8.2} µs for all {hops} hops",
        first_pass * 1e6
    );
    println!(
        "index build, once:            {:8.2} µs provider table, {:.2} µs PSL (top index + uk)",
        provider_index * 1e6,
        psl_tree * 1e6
    );
    println!(
        "path stage (whole route):     {:8.2} µs/hop",
        per_hop((assess - clone).max(0.0))
    );
    println!(
        "analyze (bytes → report):     {:8.2} µs/hop",
        per_hop(whole)
    );
}
