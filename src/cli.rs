//! `hoplock [--json] FILE` — FILE may be `-` for standard input. Same core, same report as the page.
//! `hoplock audit PATH…` — the mailbox audit ([`audit`]).

mod audit;

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: hoplock [--json] FILE   (FILE may be - for standard input)\n       hoplock audit PATH...   (hoplock audit --help)";

pub fn run(args: Vec<String>) -> ExitCode {
    if args.first().is_some_and(|a| a == "audit") {
        return audit::run(args);
    }
    let mut json = false;
    let mut path = None;
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if path.is_none() => path = Some(arg),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = path else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let bytes = match read_input(&path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("hoplock: cannot read {path}: {err}");
            return ExitCode::from(1);
        }
    };
    let report = hoplock::analyze(&bytes);
    let out = if json {
        // The same writer as the page's "download JSON", so both give the same bytes.
        hoplock::core::export::to_json(&report, false)
    } else {
        text_table(&report)
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(stdout, "{out}");
    ExitCode::SUCCESS
}

fn read_input(path: &str) -> std::io::Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        Ok(buf)
    } else {
        std::fs::read(path)
    }
}

fn text_table(report: &hoplock::Report) -> String {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut out = format!(
        "{:>3}  {:<32} {:<32} {:<20} {:<8} {:<16} {}\n",
        "hop", "from", "by", "with", "tls", "scope", "verdict"
    );
    for hop in &report.hops {
        let line = &hop.line;
        let tls = match line.tls.tls {
            Some(true) => line.tls.tls_version.clone().unwrap_or_else(|| "yes".into()),
            Some(false) => "no".into(),
            None => "not stated".into(),
        };
        out += &format!(
            "{:>3}  {:<32} {:<32} {:<20} {:<8} {:<16} {}\n",
            hop.index,
            dash(&line.from_host),
            dash(&line.by_host),
            dash(&line.with),
            tls,
            hop.assessment.scope,
            hop.assessment.verdict
        );
    }
    out += &format!("\n{} ({})\n", report.summary.text, report.summary.verdict);
    for d in &report.diagnostics {
        out += &format!("note: {d}\n");
    }
    out
}
