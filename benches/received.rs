//! Received-parser throughput: hoplock's scanner against mail-parser's own Received parser on
//! the 204 corpus lines, in the same run, plus whole-report throughput on the corpus messages and
//! on growing hostile inputs (to show that work grows linearly with input size).
//!
//! Run: `cargo bench --bench received`. `cargo bench --bench received -- --rounds N` only parses
//! the corpus lines N times with hoplock (`--mail-parser`: with mail-parser's `parse_headers`), no
//! timing: a fixed amount of work for `valgrind --tool=callgrind`, whose instruction counts do not
//! depend on the machine's load (ARCHITECTURE.md, "Why hand-written").

use std::hint::black_box;
use std::time::{Duration, Instant};

use mail_parser::{HeaderValue, MessageParser};

/// Run `f` (which processes `items` items) repeatedly for about `budget`; items per second.
fn rate(budget: Duration, items: usize, mut f: impl FnMut()) -> f64 {
    f(); // warm-up
    let start = Instant::now();
    let mut rounds = 0u64;
    while start.elapsed() < budget {
        f();
        rounds += 1;
    }
    (rounds as f64 * items as f64) / start.elapsed().as_secs_f64()
}

/// Alternating measurement rounds per parser.
const ROUNDS: u32 = 8;

/// Builds a hostile input of about the given size.
type MakeInput = fn(usize) -> Vec<u8>;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus");
    let corpus = std::fs::read_to_string(root.join("received.jsonl")).expect("corpus");
    let lines: Vec<String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["raw"].as_str().map(|s| format!("{s}\n")))
        .collect();
    let budget = Duration::from_secs(4);
    let n = lines.len();
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--rounds") {
        let rounds: usize = args.get(at + 1).and_then(|r| r.parse().ok()).unwrap_or(200);
        let with_mail_parser = args.iter().any(|a| a == "--mail-parser");
        for _ in 0..rounds {
            for raw in &lines {
                if with_mail_parser {
                    let msg = MessageParser::default().parse_headers(black_box(raw.as_bytes()));
                    black_box(msg.as_ref().and_then(|m| m.header("Received").cloned()));
                } else {
                    black_box(hoplock::core::received::parse(black_box(raw.trim_end())));
                }
            }
        }
        let parser = if with_mail_parser {
            "mail-parser"
        } else {
            "hoplock"
        };
        println!("{parser} parsed {n} corpus lines {rounds} times");
        return;
    }

    // What each parser finds, once, so the comparison says what the speed buys.
    let mut mp_tls = 0;
    let mut ours_tls = 0;
    for raw in &lines {
        if let Some(msg) = MessageParser::default().parse_headers(raw.as_bytes())
            && let Some(HeaderValue::Received(r)) = msg.header("Received")
            && r.tls_version.is_some() | r.tls_cipher.is_some()
        {
            mp_tls += 1;
        }
        if hoplock::core::received::parse(raw.trim_end()).tls.tls == Some(true) {
            ours_tls += 1;
        }
    }

    // The machine is shared, so the three parsers are measured in alternating short rounds and
    // each keeps its best round: a burst of someone else's load cannot favour one of them.
    let values: Vec<&str> = lines
        .iter()
        .map(|l| l.split_once(':').map(|(_, v)| v).unwrap_or(l))
        .collect();
    let (mut ours, mut mail_parser_headers, mut mail_parser_direct) = (0f64, 0f64, 0f64);
    let round = budget / ROUNDS;
    for _ in 0..ROUNDS {
        ours = ours.max(rate(round, n, || {
            for raw in &lines {
                black_box(hoplock::core::received::parse(black_box(raw.trim_end())));
            }
        }));
        mail_parser_headers = mail_parser_headers.max(rate(round, n, || {
            for raw in &lines {
                let msg = MessageParser::default().parse_headers(black_box(raw.as_bytes()));
                black_box(msg.as_ref().and_then(|m| m.header("Received").cloned()));
            }
        }));
        mail_parser_direct = mail_parser_direct.max(rate(round, n, || {
            for v in &values {
                black_box(
                    mail_parser::parsers::MessageStream::new(black_box(v.as_bytes()))
                        .parse_received(),
                );
            }
        }));
    }

    println!(
        "Received lines: {n} corpus fields, best of {ROUNDS} alternating rounds of {:.2} s",
        (budget / ROUNDS).as_secs_f64()
    );
    println!(
        "  hoplock received::parse (fields, TLS facts, date, evidence): {ours:>12.0} lines/s  (TLS found on {ours_tls} lines)"
    );
    println!(
        "  mail-parser parse_headers → HeaderValue::Received:          {mail_parser_headers:>12.0} lines/s  (TLS found on {mp_tls} lines)"
    );
    println!(
        "  mail-parser MessageStream::parse_received (value only):      {mail_parser_direct:>12.0} lines/s"
    );
    println!(
        "  ratio hoplock / mail-parser parse_headers:   {:.2}x",
        ours / mail_parser_headers
    );
    println!(
        "  ratio hoplock / mail-parser parse_received:  {:.2}x",
        ours / mail_parser_direct
    );

    // Whole reports on the corpus messages (intake → chain → path → report).
    let dir = root.join("messages");
    let mut messages = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("messages dir").flatten() {
        if entry.path().extension().is_some_and(|e| e == "txt") {
            messages.push(std::fs::read(entry.path()).expect("message"));
        }
    }
    let bytes: usize = messages.iter().map(Vec::len).sum();
    let reports = rate(budget, messages.len(), || {
        for m in &messages {
            black_box(hoplock::analyze(black_box(m)));
        }
    });
    println!(
        "Whole reports: {} corpus messages, {reports:.0} messages/s ({:.1} MB/s)",
        messages.len(),
        reports * bytes as f64 / messages.len() as f64 / 1e6
    );

    // Hostile inputs of growing size: time per byte should stay flat (linear work).
    println!("Hostile inputs (MB/s should stay roughly flat as size grows):");
    let shapes: [(&str, MakeInput); 3] = [
        ("many Received fields", |size| {
            "Received: from a (b [1.2.3.4]) by c with ESMTPS; Mon, 7 Sep 2020 15:43:40 +0000\n"
                .repeat(size / 80)
                .into_bytes()
        }),
        ("one long line", |size| {
            format!("Received: from {}", "a(".repeat(size / 2)).into_bytes()
        }),
        ("nested comments", |size| {
            format!("Received: from {}", "(".repeat(size)).into_bytes()
        }),
    ];
    for (name, make) in shapes {
        let mut row = format!("  {name:<22}");
        for size in [64 * 1024, 256 * 1024, 1024 * 1024] {
            let input = make(size);
            let r = rate(Duration::from_millis(700), 1, || {
                black_box(hoplock::analyze(black_box(&input)));
            });
            row.push_str(&format!(
                "  {:>5} KiB: {:>7.1} MB/s",
                size / 1024,
                r * input.len() as f64 / 1e6
            ));
        }
        println!("{row}");
    }
}
