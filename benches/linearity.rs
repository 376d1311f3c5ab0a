//! Linearity: time per MB of `analyze` on hostile inputs of 0.1 to 10 MB, in several shapes.
//!
//! Two runs per shape: with the product's limits (`analyze`: 1 MiB of header section, 5 000
//! fields, 500 Received fields, 16 KiB per Received field, so work stops growing past them), and
//! with every limit lifted (`analyze_with(bytes, &Limits::NONE)`), which shows that the analysis
//! itself has no hidden quadratic step. Linear work means a flat time per MB along a row; the
//! last column is the largest time per MB over the smallest (≈ 1 when linear, ≈ 100 when
//! quadratic over this range).
//!
//! Run: `cargo bench --bench linearity`. With `-- --check` (what `scripts/test` runs) only the
//! no-limits table is printed, and the run fails when a shape's time per MB grows more than
//! [`MAX_GROWTH`]× across the range: far above timing noise on a shared machine (≤ 2.5× seen),
//! far below what a quadratic step gives (≈ 100×).

/// Largest tolerated max/min ratio of time per MB in `--check` mode.
const MAX_GROWTH: f64 = 10.0;

use std::hint::black_box;
use std::time::{Duration, Instant};

use hoplock::core::{Limits, analyze_with};

/// Input sizes in MB (10⁶ bytes).
const SIZES_MB: [f64; 6] = [0.1, 0.5, 1.0, 2.0, 5.0, 10.0];

/// Builds an input of about `size` bytes.
type MakeInput = fn(usize) -> Vec<u8>;

/// A realistic Received field (Postfix with TLS), 214 bytes with its line end.
const POSTFIX: &str = "Received: from mail-ej1-f54.google.com (mail-ej1-f54.google.com [209.85.218.54])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\tby mx.example.org (Postfix) with ESMTPS id 4B1C2D3E4F; Mon,  7 Sep 2020 15:43:40 +0000\n";

/// Repeat `unit` until the input reaches `size` bytes.
fn repeat_to(unit: &str, size: usize) -> Vec<u8> {
    unit.repeat(size.div_ceil(unit.len())).into_bytes()
}

const SHAPES: [(&str, MakeInput); 9] = [
    ("many Received fields (214 B each)", |size| {
        repeat_to(POSTFIX, size)
    }),
    ("100 000 Received fields at 10 MB", |size| {
        // 100 bytes per field: 100 000 fields at 10 MB.
        repeat_to(
            "Received: from a.example (a.example [192.0.2.1]) by b.example with ESMTPS; 7 Sep 2020 15:43:40 Z\n",
            size,
        )
    }),
    ("one giant Received line", |size| {
        let mut line = String::from("Received: from a.example ([192.0.2.1]) ");
        let unit = "(using TLSv1.2 x) by b.example with ESMTP id 42 ";
        line.push_str(&unit.repeat(size.div_ceil(unit.len())));
        line.push_str("; Mon, 7 Sep 2020 15:43:40 +0000\n");
        line.into_bytes()
    }),
    ("deeply nested comments", |size| {
        let depth = size / 2;
        format!(
            "Received: from a {}{} by b; 7 Sep 2020 15:43:40 Z\n",
            "(".repeat(depth),
            ")".repeat(depth)
        )
        .into_bytes()
    }),
    ("unclosed comment to the end", |size| {
        format!("Received: from {}", "a(".repeat(size / 2)).into_bytes()
    }),
    ("one field folded over many lines", |size| {
        let mut text = String::from("Received: from a.example\n");
        text.push_str(&"\tby b.example (comment) with ESMTPS\n".repeat(size / 36));
        text.into_bytes()
    }),
    ("quoted with '>' (second pass)", |size| {
        repeat_to(
            &POSTFIX
                .replace('\n', "\n> ")
                .replacen("Received", "> Received", 1),
            size,
        )
    }),
    ("unclosed encoded words (Subject)", |size| {
        // `=?charset?q?` openings without the closing `?=`: a decoder that rescans from each
        // opening is quadratic here (mail-parser's took 41 s on 256 KiB).
        let mut text = String::from("Subject: ");
        text.push_str(&"=?ab?q?xxxx ".repeat(size / 12));
        text.push('\n');
        text.push_str(POSTFIX);
        text.into_bytes()
    }),
    ("huge body after a small header", |size| {
        let mut text = POSTFIX.repeat(3);
        text.push_str("Subject: hello\n\n");
        text.push_str(
            &"Received: from body-line (x [192.0.2.9]) by y; more body text here\n"
                .repeat(size / 70),
        );
        text.into_bytes()
    }),
];

/// Best time of `analyze_with` on `input` over at least two runs and about `budget`.
fn best_time(input: &[u8], limits: &Limits, budget: Duration) -> Duration {
    let mut best = Duration::MAX;
    let start = Instant::now();
    let mut runs = 0;
    while runs < 2 || start.elapsed() < budget {
        let t = Instant::now();
        black_box(analyze_with(black_box(input), limits));
        best = best.min(t.elapsed());
        runs += 1;
    }
    best
}

/// Prints one table; returns the shapes whose time per MB grew more than [`MAX_GROWTH`]×.
fn table(title: &str, limits: &Limits) -> Vec<&'static str> {
    let mut superlinear = Vec::new();
    println!("\n{title}");
    let mut header = format!("  {:<36}", "shape  (ms per MB at input size)");
    for mb in SIZES_MB {
        header.push_str(&format!(" {:>7}", format!("{mb} MB")));
    }
    header.push_str("  max/min");
    println!("{header}");
    for (name, make) in SHAPES {
        let mut row = format!("  {name:<36}");
        let (mut lo, mut hi) = (f64::MAX, 0f64);
        for mb in SIZES_MB {
            let input = make((mb * 1e6) as usize);
            let time = best_time(&input, limits, Duration::from_millis(300));
            let ms_per_mb = time.as_secs_f64() * 1e3 / (input.len() as f64 / 1e6);
            lo = lo.min(ms_per_mb);
            hi = hi.max(ms_per_mb);
            row.push_str(&format!(" {ms_per_mb:>7.2}"));
        }
        row.push_str(&format!("  {:>6.2}", hi / lo));
        println!("{row}");
        if hi / lo > MAX_GROWTH {
            superlinear.push(name);
        }
    }
    superlinear
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    if !check {
        let d = Limits::DEFAULT;
        table(
            &format!(
                "analyze (default limits: {} KiB header section, {} fields, {} Received fields, {} KiB per Received field)",
                d.header_bytes / 1024,
                d.fields,
                d.received,
                d.field_bytes / 1024
            ),
            &d,
        );
    }
    let superlinear = table(
        "analyze_with(Limits::NONE) (no limits: every byte and field analysed)",
        &Limits::NONE,
    );
    if superlinear.is_empty() {
        println!(
            "\nlinear: every shape's time per MB stays within {MAX_GROWTH}x from 0.1 to 10 MB"
        );
    } else {
        println!("\nSUPERLINEAR (time per MB grew more than {MAX_GROWTH}x): {superlinear:?}");
        if check {
            std::process::exit(1);
        }
    }
}
