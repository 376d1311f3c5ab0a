//! Whole messages through the core, checked with the shared `check` helper:
//!
//! * every corpus message (`tests/data/corpus/messages/expected.jsonl`): each hop's `internal`
//!   label must match the hop's scope (`internal`, or `local` for non-transfer lines) and its
//!   `non_transfer` label must match scope `local`;
//! * our own multi-hop messages (`tests/data/messages/expected.jsonl`): per-hop scope/verdict
//!   (and any other report field the expectation names) plus the summary verdict and the hop it
//!   names.

use serde_json::{Value, json};
use std::path::Path;

use crate::check::Scoreboard;

fn data(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn analyze_file(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(hoplock::core::analyze(&bytes)).expect("report serialises")
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}: {l}", path.display())))
        .collect()
}

/// The hop of the report with this chronological index.
fn hop(report: &Value, index: u64) -> Option<&Value> {
    report["hops"]
        .as_array()?
        .iter()
        .find(|h| h["index"].as_u64() == Some(index))
}

#[test]
fn corpus_messages_scope_matches_internal_and_non_transfer_labels() {
    let mut board = Scoreboard::default();
    let messages = jsonl(&data("corpus/messages/expected.jsonl"));
    assert!(messages.len() >= 25, "the corpus has 25 messages");
    for m in &messages {
        let file = m["file"].as_str().unwrap();
        let report = analyze_file(&data(&format!("corpus/messages/{file}")));
        let want_hops = m["hops"].as_array().unwrap();
        let got_count = report["hops"].as_array().map_or(0, |h| h.len());
        if got_count != want_hops.len() {
            board.fail(format!(
                "{file}: {} hops expected, got {got_count}",
                want_hops.len()
            ));
        }
        for want in want_hops {
            let index = want["hop"].as_u64().unwrap();
            let case = format!("{file}#hop{index}");
            let Some(got) = hop(&report, index) else {
                board.fail(format!("{case}: hop missing"));
                continue;
            };
            let scope = got["scope"].as_str().unwrap_or("");
            let mut expected = json!({
                "received_index": want["received_index"],
                "local": want["non_transfer"],
            });
            // `internal: null` (garbage lines) states nothing about the scope.
            if !want["internal"].is_null() {
                expected["internal"] = want["internal"].clone();
            }
            let actual = json!({
                "received_index": got["received_index"],
                "internal": scope == "internal" || scope == "local",
                "local": scope == "local",
            });
            board.record(
                &case,
                &expected,
                &actual,
                &["received_index", "internal", "local"],
                false,
            );
            // The contract: every hop carries scope, verdict and reason.
            for field in ["scope", "verdict", "reason"] {
                if got[field].as_str().is_none_or(str::is_empty) {
                    board.fail(format!("{case}: {field} is empty"));
                }
            }
        }
        let verdict = report["summary"]["verdict"].as_str().unwrap_or("");
        if !["encrypted", "not-encrypted", "unknown", "no-hops"].contains(&verdict) {
            board.fail(format!("{file}: summary verdict {verdict:?}"));
        }
    }
    board.print("corpus messages: scope vs internal / non_transfer labels");
    assert!(board.all_pass(), "{}", board.table("corpus messages"));
}

/// Our own messages (`tests/data/messages/expected.jsonl`) and the evidence fixtures of real
/// mail's failure classes (`tests/data/messages/evidence/expected.jsonl`: trust boundary,
/// second witnesses, Microsoft 365 route facts, claimed names).
#[test]
fn own_messages_match_expected_hops_and_summary() {
    let mut board = Scoreboard::default();
    let own = jsonl(&data("messages/expected.jsonl"));
    let evidence = jsonl(&data("messages/evidence/expected.jsonl"));
    assert!(own.len() >= 16, "at least 15 own messages plus the seed");
    assert!(evidence.len() >= 15, "a fixture for each failure class");
    let cases: Vec<Value> = own.into_iter().chain(evidence).collect();
    for case in &cases {
        let file = case["file"].as_str().unwrap();
        let report = analyze_file(&data(file));
        let want_hops = case["hops"].as_array().unwrap();
        let got_count = report["hops"].as_array().map_or(0, |h| h.len());
        if got_count != want_hops.len() && case["hops_partial"] != Value::Bool(true) {
            board.fail(format!(
                "{file}: {} hops expected, got {got_count}",
                want_hops.len()
            ));
        }
        for want in want_hops {
            let index = want["hop"].as_u64().unwrap();
            let id = format!("{file}#hop{index}");
            let Some(got) = hop(&report, index) else {
                board.fail(format!("{id}: hop missing"));
                continue;
            };
            let mut actual = got.clone();
            // Derived facts an expectation may name.
            actual["inference"] = got["inferences"][0]["rule"].clone();
            actual["strength"] = got["strength"]["grade"].clone();
            actual["from_org"] = got["from_org"]["id"].clone();
            actual["by_org"] = got["by_org"]["id"].clone();
            actual["broken_chain"] = Value::Bool(got["chain_break"].is_string());
            // A name the text must not repeat (a claim the evidence refutes).
            if let Some(name) = want["text_must_not_name"].as_str() {
                let said = [&got["reason"], &report["summary"]["text"]]
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| t.contains(name)));
                actual["text_must_not_name"] = if said {
                    Value::String(format!("{name} (named)"))
                } else {
                    Value::String(name.to_string())
                };
            }
            let fields: Vec<&str> = want
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "hop")
                .collect();
            board.record(&id, want, &actual, &fields, false);
        }
        let want_summary = &case["summary"];
        let fields: Vec<&str> = want_summary
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        board.record(
            &format!("{file}#summary"),
            want_summary,
            &report["summary"],
            &fields,
            false,
        );
        // Microsoft 365's route facts, when the case states them.
        if let Some(m365) = case["m365"].as_object() {
            let fields: Vec<&str> = m365.keys().map(String::as_str).collect();
            board.record(
                &format!("{file}#m365"),
                &case["m365"],
                &report["microsoft_365"],
                &fields,
                false,
            );
        }
        if let Some(caveats) = case["caveats"].as_array() {
            let got: Vec<&str> = report["caveats"]
                .as_array()
                .map(|c| c.iter().filter_map(|c| c["id"].as_str()).collect())
                .unwrap_or_default();
            for c in caveats {
                let c = c.as_str().unwrap();
                if !got.contains(&c) {
                    board.fail(format!("{file}: caveat {c} missing (got {got:?})"));
                }
            }
        }
    }
    board.print("own messages: per-hop scope/verdict and summary");
    assert!(board.all_pass(), "{}", board.table("own messages"));
}
