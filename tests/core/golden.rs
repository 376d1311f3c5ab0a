//! Golden snapshots: the full `--json` report of every message in `tests/data/` (the corpus
//! messages, our own messages, the Outlook .msg fixture), compared byte for byte with
//! `tests/data/golden/<dir>__<file>.json`.
//!
//! The expectation tables name only the fields they state; these snapshots guard everything
//! else (reasons, caveats, inferences, strength texts, diagnostics …), so that every change of
//! the report is seen and reviewed in the commit that makes it. Rewrite them on purpose with
//! `UPDATE_GOLDEN=1 cargo test --test core golden`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::check::Scoreboard;

/// Every message file the snapshots cover, relative to `tests/data/`.
fn message_files(data: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for dir in ["corpus/messages", "messages", "messages/evidence", "ui"] {
        for entry in std::fs::read_dir(data.join(dir)).expect("message dir") {
            let path = entry.expect("dir entry").path();
            if path
                .extension()
                .is_some_and(|e| e == "txt" || e == "eml" || e == "msg")
            {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    files.sort();
    files
}

/// `corpus/messages/a.txt` → `corpus__messages__a.txt.json`.
fn golden_name(file: &str) -> String {
    format!("{}.json", file.replace('/', "__"))
}

#[test]
fn every_report_equals_its_golden_snapshot() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let golden = data.join("golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let files = message_files(&data);
    assert!(
        files.len() >= 45,
        "expected every message, found {}",
        files.len()
    );
    let mut board = Scoreboard::default();
    let mut written = 0;
    for file in &files {
        let bytes = std::fs::read(data.join(file)).expect("read message");
        // The bytes `hoplock --json FILE` prints (tests/core/cli.rs checks the binary agrees).
        let report = hoplock::core::export::to_json(&hoplock::analyze(&bytes), false) + "\n";
        let path = golden.join(golden_name(file));
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        if stored == report {
            continue;
        }
        if update {
            std::fs::create_dir_all(&golden).expect("golden dir");
            std::fs::write(&path, &report).expect("write golden");
            written += 1;
            continue;
        }
        let want: Value = serde_json::from_str(&stored).unwrap_or(Value::Null);
        let got: Value = serde_json::from_str(&report).expect("report is JSON");
        let mut paths = Vec::new();
        differing_paths("", &want, &got, &mut paths);
        if paths.is_empty() {
            board.fail(format!("{file}: same JSON, different bytes (formatting)"));
        }
        for p in paths.iter().take(12) {
            board.fail(format!("{file}: {p}"));
        }
    }
    // Snapshots of messages that no longer exist would silently stop guarding anything.
    let expected: Vec<String> = files.iter().map(|f| golden_name(f)).collect();
    for entry in std::fs::read_dir(&golden).into_iter().flatten() {
        let name = entry
            .expect("dir entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !expected.contains(&name) {
            board.fail(format!(
                "{name}: snapshot of a message that is not in tests/data"
            ));
        }
    }
    if update {
        println!("golden snapshots rewritten: {written}");
    }
    board.print("golden snapshots (UPDATE_GOLDEN=1 rewrites them)");
    assert!(board.all_pass(), "{}", board.table("golden snapshots"));
}

/// JSON paths where `want` and `got` differ, with both values (shortened).
fn differing_paths(at: &str, want: &Value, got: &Value, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let (x, y) = (
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                );
                differing_paths(&format!("{at}.{key}"), x, y, out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                differing_paths(&format!("{at}[{i}]"), x, y, out);
            }
        }
        (Value::String(a), Value::String(b)) if a != b => {
            // Long texts: show where they part, not only their (equal) starts.
            let common = a
                .char_indices()
                .zip(b.chars())
                .find(|((_, x), y)| x != y)
                .map_or(a.len().min(b.len()), |((i, _), _)| i);
            let from = a[..common]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(i, _)| i);
            let ellipsis = if from > 0 { "…" } else { "" };
            out.push(format!(
                "{at}: expected {ellipsis}{}, got {ellipsis}{}",
                short(&Value::String(a[from..].to_string())),
                short(&Value::String(b[from..].to_string()))
            ));
        }
        _ if want != got => out.push(format!(
            "{}: expected {}, got {}",
            if at.is_empty() { "." } else { at },
            short(want),
            short(got)
        )),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}
