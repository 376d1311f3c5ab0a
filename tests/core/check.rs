//! The shared `check` helper: compares expected JSON fields with the report's, by field name.
//!
//! Every data-driven test (corpus lines, corpus messages, our own messages) serialises what the
//! core produced with `serde_json` and hands it here together with the expectation, so a failure
//! always says which case and which field differed, and every test prints the same score table.

use serde_json::Value;
use std::collections::BTreeMap;

/// Compare `fields` of `expected` with the same-named fields of `actual`.
///
/// A field absent from `expected` is not compared (the expectation does not state it); a field
/// absent from `actual` counts as `null`. Numbers compare by value (`256` = `256.0`).
/// Returns one line per mismatch: `case_id: field: expected X, got Y`.
pub fn check(case_id: &str, expected: &Value, actual: &Value, fields: &[&str]) -> Vec<String> {
    let mut mismatches = Vec::new();
    for field in fields {
        let Some(want) = expected.get(*field) else {
            continue;
        };
        let got = actual.get(*field).unwrap_or(&Value::Null);
        if !same(want, got) {
            mismatches.push(format!("{case_id}: {field}: expected {want}, got {got}"));
        }
    }
    mismatches
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Per-field pass counts over many cases, plus every mismatch, for one score table.
#[derive(Default)]
pub struct Scoreboard {
    /// field → (passed, compared)
    per_field: BTreeMap<String, (usize, usize)>,
    pub mismatches: Vec<String>,
    /// Mismatches of cases that are explicitly disputed (listed with a reason by the caller).
    pub disputed: Vec<String>,
    cases: usize,
}

impl Scoreboard {
    /// Compare one case and record the outcome per field. `disputed`: the case is listed as a
    /// disputed label; its mismatches are reported separately and kept out of the pass count.
    pub fn record(
        &mut self,
        case_id: &str,
        expected: &Value,
        actual: &Value,
        fields: &[&str],
        disputed: bool,
    ) -> Vec<String> {
        self.cases += 1;
        let mismatches = check(case_id, expected, actual, fields);
        if disputed {
            self.disputed.extend(mismatches.iter().cloned());
            return mismatches;
        }
        for field in fields {
            if expected.get(*field).is_none() {
                continue;
            }
            let entry = self.per_field.entry((*field).to_string()).or_default();
            entry.1 += 1;
            let prefix = format!("{case_id}: {field}: ");
            if !mismatches.iter().any(|m| m.starts_with(&prefix)) {
                entry.0 += 1;
            }
        }
        self.mismatches.extend(mismatches.iter().cloned());
        mismatches
    }

    /// Record a mismatch found by a rule outside the field comparison (e.g. a false TLS claim).
    pub fn fail(&mut self, message: String) {
        self.mismatches.push(message);
    }

    /// (passed, compared) for one field.
    pub fn field(&self, field: &str) -> (usize, usize) {
        self.per_field.get(field).copied().unwrap_or((0, 0))
    }

    /// The score table as text: one row per field, then the mismatches.
    pub fn table(&self, title: &str) -> String {
        let mut out = format!("\n{title}: {} cases\n", self.cases);
        out.push_str(&format!(
            "{:<16} {:>7} {:>7} {:>8}\n",
            "field", "pass", "total", "score"
        ));
        let (mut pass_all, mut total_all) = (0, 0);
        for (field, (pass, total)) in &self.per_field {
            pass_all += pass;
            total_all += total;
            out.push_str(&format!(
                "{field:<16} {pass:>7} {total:>7} {:>7.1}%\n",
                percent(*pass, *total)
            ));
        }
        out.push_str(&format!(
            "{:<16} {pass_all:>7} {total_all:>7} {:>7.1}%\n",
            "ALL",
            percent(pass_all, total_all)
        ));
        for m in &self.mismatches {
            out.push_str(&format!("  MISMATCH {m}\n"));
        }
        for m in &self.disputed {
            out.push_str(&format!("  disputed (not counted) {m}\n"));
        }
        out
    }

    /// Print the table (visible with `cargo test -- --nocapture`, and on failure).
    pub fn print(&self, title: &str) {
        println!("{}", self.table(title));
    }

    pub fn all_pass(&self) -> bool {
        self.mismatches.is_empty()
    }
}

fn percent(pass: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        pass as f64 * 100.0 / total as f64
    }
}

#[test]
fn check_reports_each_differing_field_by_case_and_name() {
    let expected = serde_json::json!({"tls": true, "bits": 256, "cipher": null, "unlisted": 1});
    let actual = serde_json::json!({"tls": false, "bits": 256.0});
    let m = check(
        "case-1",
        &expected,
        &actual,
        &["tls", "bits", "cipher", "absent"],
    );
    assert_eq!(m, vec!["case-1: tls: expected true, got false".to_string()]);
    let m = check("case-2", &expected, &serde_json::json!({}), &["tls"]);
    assert_eq!(m.len(), 1, "a field missing from the report counts as null");
}
