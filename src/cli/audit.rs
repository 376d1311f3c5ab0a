//! `hoplock audit PATH… [--json|--csv|--jsonl] [--redact]`, `hoplock audit --merge A.json B.json…`
//!
//! The output formats and the JSON contract are documented in `docs/audit.md`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use hoplock::audit::aggregate::{Aggregate, Counts, Group, percent};
use hoplock::audit::native::{self, Options};
use hoplock::audit::record::{TlsVersion, date_of};

/// Audit whole mailboxes: which senders and organisations still deliver without TLS, since
/// when, and through which provider.
#[derive(Parser, Debug)]
#[command(name = "hoplock audit", bin_name = "hoplock audit", version)]
struct Args {
    /// mbox files (also .mbox.gz), .eml/.msg files, Maildir or other folders, `-` for standard
    /// input; with --merge, `--json` audits to merge.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The whole audit as JSON (the contract in docs/audit.md).
    #[arg(long, group = "format")]
    json: bool,
    /// The per-domain table as CSV.
    #[arg(long, group = "format")]
    csv: bool,
    /// One JSON record per message (load it into DuckDB, pandas, jq …).
    #[arg(long, group = "format")]
    jsonl: bool,
    /// Mask local parts of addresses and IP addresses (as the single-message export does).
    #[arg(long)]
    redact: bool,
    /// PATHs are `hoplock audit --json` outputs of parts of an archive: print their merge.
    #[arg(long, conflicts_with_all = ["jsonl", "redact"])]
    merge: bool,
    /// No progress line on stderr (it is drawn only when stderr is a terminal anyway).
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: Vec<String>) -> ExitCode {
    let args = match Args::try_parse_from(args) {
        Ok(args) => args,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    // A path that cannot be read is said at once; the others are audited, and the exit code
    // says that something was missing.
    let mut status = ExitCode::SUCCESS;
    for path in args.paths.iter().filter(|p| p.as_os_str() != "-") {
        if let Err(err) = std::fs::metadata(path) {
            eprintln!("hoplock audit: cannot read {}: {err}", path.display());
            status = ExitCode::from(1);
        }
    }
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    let mut aggregate = if args.merge {
        match merge_files(&args.paths) {
            Ok(aggregate) => aggregate,
            Err(message) => {
                eprintln!("hoplock audit: {message}");
                return ExitCode::from(1);
            }
        }
    } else {
        let mut found = Aggregate::new();
        let sources = native::collect_sources(&args.paths, &mut found);
        let options = Options {
            redact: args.redact,
            progress: !args.quiet && native::stderr_is_terminal(),
        };
        let mut write_failed = false;
        let mut write_line = |record: &hoplock::audit::Record| {
            if !write_failed {
                let line = serde_json::to_string(record).unwrap_or_default();
                // A closed pipe (`| head`) ends the output, not the audit.
                write_failed = writeln!(out, "{line}").is_err();
            }
        };
        let on_record: Option<&mut dyn FnMut(&hoplock::audit::Record)> = if args.jsonl {
            Some(&mut write_line)
        } else {
            None
        };
        let mut audited = native::audit(&sources, options, on_record);
        audited.merge(&found);
        audited
    };
    aggregate.finish();
    let text = if args.jsonl {
        String::new()
    } else if args.json {
        serde_json::to_string_pretty(&aggregate).unwrap_or_default() + "\n"
    } else if args.csv {
        aggregate.domain_csv()
    } else {
        tables(&aggregate)
    };
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    status
}

fn merge_files(paths: &[PathBuf]) -> Result<Aggregate, String> {
    let mut merged = Aggregate::new();
    for path in paths {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let part: Aggregate = serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "{} is not a `hoplock audit --json` output: {e}",
                path.display()
            )
        })?;
        if part.format != hoplock::audit::aggregate::FORMAT {
            return Err(format!(
                "{} has format {:?}; this hoplock reads {:?}",
                path.display(),
                part.format,
                hoplock::audit::aggregate::FORMAT
            ));
        }
        merged.merge(&part);
    }
    Ok(merged)
}

/// `12 (34%)`: a count and its share of `total`.
fn share(count: u64, total: u64) -> String {
    match percent(count, total) {
        Some(p) => format!("{count} ({p}%)"),
        None => count.to_string(),
    }
}

fn day(unix: Option<i64>) -> String {
    unix.map(date_of).unwrap_or_else(|| "-".into())
}

fn versions(group: &Group) -> String {
    let mix: Vec<String> = TlsVersion::ALL
        .iter()
        .rev()
        .filter_map(|v| {
            group
                .tls_versions
                .get(v)
                .map(|n| format!("{} {n}", v.name()))
        })
        .collect();
    if mix.is_empty() {
        "-".into()
    } else {
        mix.join(", ")
    }
}

fn counts_line(c: &Counts) -> String {
    format!(
        "{} messages: encrypted {}, not encrypted {}, not stated {}, no hops {}, unreadable {}",
        c.messages,
        share(c.encrypted, c.messages),
        share(c.not_encrypted, c.messages),
        share(c.unknown, c.messages),
        share(c.no_hops, c.messages),
        share(c.unreadable, c.messages)
    )
}

/// Rows most messages first (then by key), at most `limit`.
fn top(groups: &std::collections::BTreeMap<String, Group>, limit: usize) -> Vec<(&String, &Group)> {
    let mut rows: Vec<(&String, &Group)> = groups.iter().collect();
    rows.sort_by(|a, b| {
        b.1.counts
            .messages
            .cmp(&a.1.counts.messages)
            .then(a.0.cmp(b.0))
    });
    rows.truncate(limit);
    rows
}

fn group_table(title: &str, groups: &std::collections::BTreeMap<String, Group>) -> String {
    const LIMIT: usize = 40;
    let mut out = format!(
        "\n{title} ({} in all{})\n{:<36} {:>8} {:>14} {:>14} {:>14} {:>5}  {:<10} {:<10} {}\n",
        groups.len(),
        if groups.len() > LIMIT {
            ", the 40 largest"
        } else {
            ""
        },
        "",
        "messages",
        "encrypted",
        "not encrypted",
        "not stated",
        "weak",
        "first",
        "last",
        "TLS versions"
    );
    for (key, g) in top(groups, LIMIT) {
        let c = &g.counts;
        let label = if g.name != *key && !g.name.is_empty() {
            format!("{} ({key})", g.name)
        } else {
            key.clone()
        };
        out += &format!(
            "{:<36} {:>8} {:>14} {:>14} {:>14} {:>5}  {:<10} {:<10} {}\n",
            label,
            c.messages,
            share(c.encrypted, c.messages),
            share(c.not_encrypted, c.messages),
            share(c.unknown + c.no_hops + c.unreadable, c.messages),
            g.weak,
            day(g.first_seen),
            day(g.last_seen),
            versions(g)
        );
    }
    out
}

/// The default output: totals, regressions, the two tables, the timeline, the diagnostics.
fn tables(a: &Aggregate) -> String {
    let mut out = format!(
        "hoplock audit: {} input(s), {:.1} MB\n{}\n",
        a.inputs,
        a.bytes as f64 / 1e6,
        counts_line(&a.totals)
    );
    if !a.regressions.is_empty() {
        out += &format!("\nRegressions ({})\n", a.regressions.len());
        for r in &a.regressions {
            let versions = match (r.from_version, r.to_version) {
                (Some(f), Some(t)) => format!(" ({} → {})", f.name(), t.name()),
                _ => String::new(),
            };
            out += &format!(
                "  {} {}: {}{} in {}: first {} #{} {}\n",
                r.group.name(),
                r.name,
                r.kind.text(),
                versions,
                r.month,
                r.message.source,
                r.message.index,
                r.message.message_id.as_deref().unwrap_or("")
            );
        }
    }
    out += &group_table("By sender domain", &a.by_domain);
    out += &group_table("By sending organisation", &a.by_organisation);
    if !a.timeline.is_empty() || a.undated.messages > 0 {
        out += "\nBy month\n";
        for (month, c) in &a.timeline {
            out += &format!("  {month}  {}\n", counts_line(c));
        }
        if a.undated.messages > 0 {
            out += &format!("  undated  {}\n", counts_line(&a.undated));
        }
    }
    if !a.diagnostics.is_empty() {
        out += "\nInput problems\n";
        for (code, d) in &a.diagnostics {
            out += &format!(
                "  {} × {} ({}){}\n",
                d.count,
                code.name(),
                d.text,
                d.first
                    .as_ref()
                    .map(|f| format!(" first: {} #{}", f.source, f.index))
                    .unwrap_or_default()
            );
        }
    }
    out
}
