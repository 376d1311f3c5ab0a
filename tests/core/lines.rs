//! Every line of `tests/data/corpus/received.jsonl`, and every hop of the corpus messages, through
//! the shared `check` helper: the line-level fields (what one Received field says) must match the
//! labels 100 %, and no line the corpus calls plaintext or unknown may be called TLS.
//!
//! Path-reasoning fields of the messages (scope, internal, verdict) are checked in `messages.rs`.

use crate::check::Scoreboard;
use serde_json::Value;
use std::path::PathBuf;

/// The fields one Received line must get right (the report contract's line fields).
pub(crate) const LINE_FIELDS: &[&str] = &[
    "tls",
    "tls_version",
    "cipher",
    "bits",
    "cert_verified",
    "from_ip",
    "by_host",
    "from_host",
    "with",
];

/// Labels we are convinced are wrong: (case id, reason). Their mismatches are printed but kept out
/// of the pass count. This is the ONE place where a corpus case may be set aside.
const DISPUTED: &[(&str, &str)] = &[];

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus")
}

fn is_disputed(id: &str) -> bool {
    DISPUTED.iter().any(|(d, _)| *d == id)
}

/// `Some(true)` in the report where the label says false or null: the one error that matters most.
fn false_tls(case_id: &str, expected: &Value, actual: &Value) -> Option<String> {
    let claimed = actual.get("tls") == Some(&Value::Bool(true));
    let labelled = expected.get("tls") == Some(&Value::Bool(true));
    (claimed && !labelled).then(|| {
        format!(
            "{case_id}: FALSE TLS: labelled {}, reported true",
            expected.get("tls").unwrap_or(&Value::Null)
        )
    })
}

#[test]
fn every_corpus_line_matches_its_labels() {
    let text = std::fs::read_to_string(corpus_dir().join("received.jsonl"))
        .expect("tests/data/corpus/received.jsonl");
    let mut board = Scoreboard::default();
    let mut lines = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        lines += 1;
        let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {n}: {e}"));
        let id = case["id"].as_str().unwrap_or("?").to_string();
        let raw = case["raw"].as_str().unwrap_or_default();
        let expected = &case["expect"];
        let report = hoplock::analyze(raw.as_bytes());
        if report.hops.len() != 1 {
            board.fail(format!("{id}: expected 1 hop, got {}", report.hops.len()));
            continue;
        }
        let actual = serde_json::to_value(&report.hops[0]).expect("hop serialises");
        board.record(&id, expected, &actual, LINE_FIELDS, is_disputed(&id));
        if let Some(m) = false_tls(&id, expected, &actual) {
            board.fail(m);
        }
        for m in evidence_mismatches(&id, &actual) {
            board.fail(m);
        }
    }
    board.print("corpus lines (received.jsonl)");
    assert_eq!(lines, 204, "the corpus has 204 labelled lines");
    let compared = board.field("tls").1 + DISPUTED.len();
    assert_eq!(compared, 204, "every line states tls (true/false/null)");
    assert!(board.all_pass(), "{}", board.table("corpus lines"));
}

/// Every evidence span must lie inside `raw` and, for facts kept as written, cover exactly the
/// reported text (folding collapsed): the UI highlights these spans.
fn evidence_mismatches(case_id: &str, hop: &Value) -> Vec<String> {
    let raw = hop["raw"].as_str().unwrap_or_default();
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    for e in hop["evidence"].as_array().into_iter().flatten() {
        let fact = e["fact"].as_str().unwrap_or("?");
        let (start, end) = (
            e["span"]["start"].as_u64().unwrap_or(0) as usize,
            e["span"]["end"].as_u64().unwrap_or(0) as usize,
        );
        let Some(text) = raw.get(start..end) else {
            out.push(format!("{case_id}: evidence {fact}: span {start}..{end} outside raw or not on a char boundary"));
            continue;
        };
        let expected_text = match fact {
            "cipher" | "from_host" | "by_host" | "with" => hop[fact].as_str().map(str::to_string),
            "bits" => hop["bits"].as_u64().map(|b| b.to_string()),
            _ => None,
        };
        if let Some(want) = expected_text
            && collapse(text) != want
        {
            out.push(format!(
                "{case_id}: evidence {fact}: span text {text:?} is not {want:?}"
            ));
        }
    }
    out
}

/// Besides [`LINE_FIELDS`], what every hop of every corpus message must get right: its place in
/// the chain and whether it is a local hand-off.
const MESSAGE_HOP_FIELDS: &[&str] = &["index", "received_index", "non_transfer"];

#[test]
fn every_corpus_message_hop_has_the_labelled_line_fields() {
    let dir = corpus_dir().join("messages");
    let text = std::fs::read_to_string(dir.join("expected.jsonl")).expect("expected.jsonl");
    let mut board = Scoreboard::default();
    let mut messages = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("expected.jsonl line");
        let file = case["file"].as_str().unwrap_or("?");
        messages += 1;
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let report = hoplock::analyze(&bytes);
        let hops = case["hops"].as_array().cloned().unwrap_or_default();
        if report.hops.len() != hops.len() {
            board.fail(format!(
                "{file}: expected {} hops, got {}",
                hops.len(),
                report.hops.len()
            ));
        }
        for (i, expected) in hops.iter().enumerate() {
            let id = format!("{file}#hop{}", i + 1);
            let Some(hop) = report.hops.get(i) else {
                continue;
            };
            let mut expected = expected.clone();
            // `internal` is path reasoning (messages.rs); `hop` is our `index`.
            if let Some(map) = expected.as_object_mut()
                && let Some(h) = map.remove("hop")
            {
                map.insert("index".into(), h);
            }
            let actual = serde_json::to_value(hop).expect("hop serialises");
            let fields = [MESSAGE_HOP_FIELDS, LINE_FIELDS].concat();
            board.record(&id, &expected, &actual, &fields, is_disputed(&id));
            if let Some(m) = false_tls(&id, &expected, &actual) {
                board.fail(m);
            }
        }
    }
    board.print("corpus messages, line fields (messages/expected.jsonl)");
    assert_eq!(messages, 25, "the corpus has 25 header blocks");
    assert!(board.all_pass(), "{}", board.table("corpus messages"));
}

/// The cases of a `tests/data/*.jsonl` table (`//` lines are comments).
fn table(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
        .collect()
}

/// Every date shape of `docs/formats.md` §2.4 (`tests/data/timestamps.jsonl`), normalised to UTC
/// with the offset kept.
#[test]
fn timestamps_are_utc_with_the_written_offset() {
    let mut board = Scoreboard::default();
    let cases = table("timestamps.jsonl");
    assert!(cases.len() >= 10, "the timestamp table has its cases");
    for (n, case) in cases.iter().enumerate() {
        let expected = &case["expect"];
        let line = hoplock::core::received::parse(case["raw"].as_str().expect("raw"));
        let actual = serde_json::to_value(&line).expect("line serialises");
        let fields: Vec<&str> = expected
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        board.record(
            &format!("timestamp case {n}"),
            expected,
            &actual,
            &fields,
            false,
        );
    }
    board.print("timestamps");
    assert!(board.all_pass(), "{}", board.table("timestamps"));
}

/// Dialects of `docs/formats.md` that have no line in the corpus, and traps (host names
/// containing "tls"): `tests/data/dialects.jsonl`.
#[test]
fn dialects_beyond_the_corpus() {
    let mut board = Scoreboard::default();
    let cases = table("dialects.jsonl");
    assert!(cases.len() >= 17, "the dialect table has its cases");
    for case in &cases {
        let (id, expected) = (case["id"].as_str().expect("id"), &case["expect"]);
        let raw = case["raw"].as_str().expect("raw");
        let actual = serde_json::to_value(hoplock::core::received::parse(raw)).expect("json");
        let fields: Vec<&str> = expected
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        board.record(id, expected, &actual, &fields, false);
    }
    board.print("dialects beyond the corpus");
    assert!(board.all_pass(), "{}", board.table("dialects"));
}

/// The Received shapes of real mail's failure classes (`tests/data/evidence-lines.jsonl`): the
/// line fields of the corpus contract, and what the evidence rules add (`expect_planned`: the
/// login, real by-host, `via`, and the hop's scope and organisations read on its own).
#[test]
fn evidence_lines_match_their_labels() {
    let cases = table("evidence-lines.jsonl");
    assert!(cases.len() >= 30, "the evidence line table has its cases");
    let mut board = Scoreboard::default();
    for case in &cases {
        let id = case["id"].as_str().unwrap_or("?");
        let report = hoplock::analyze(case["raw"].as_str().unwrap_or("").as_bytes());
        let Some(hop) = report.hops.first() else {
            board.fail(format!("{id}: no hop"));
            continue;
        };
        let mut actual = serde_json::to_value(hop).expect("hop serialises");
        actual["from_org"] = actual["from_org"]["id"].clone();
        actual["by_org"] = actual["by_org"]["id"].clone();
        actual["date_parsed"] = Value::Bool(actual["timestamp"].is_string());
        board.record(id, &case["expect"], &actual, LINE_FIELDS, false);
        if let Some(m) = false_tls(id, &case["expect"], &actual) {
            board.fail(m);
        }
        let planned = &case["expect_planned"];
        let fields: Vec<&str> = planned
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        board.record(id, planned, &actual, &fields, false);
    }
    board.print("evidence lines (evidence-lines.jsonl)");
    assert!(board.all_pass(), "{}", board.table("evidence lines"));
}

/// The report's `timestamp` is `received::utc_rfc3339`: mail-parser's calendar with the digits
/// written in place, because `mail_parser::DateTime::to_rfc3339`'s `format!` costs 15 % of a line's
/// parse. Both texts are compared here with each other and with a days-from-civil inverse written
/// out below as an independent reference, on every day from 1 January 1899 to 31 December 3001
/// (the dates the core accepts, years 1900–3000, moved to UTC by at most a day) at a varying second
/// and at the last second before midnight, and on years the core never produces (1, 9999, 10000).
#[test]
fn utc_rfc3339_agrees_with_mail_parser_and_the_civil_calendar() {
    fn reference(unix: i64) -> String {
        let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
        let z = days + 719_468;
        let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }
    let library = |unix| mail_parser::DateTime::from_timestamp(unix).to_rfc3339();
    let text = |unix| {
        let ours = hoplock::core::received::utc_rfc3339(unix);
        assert_eq!(ours, library(unix), "unix {unix}");
        ours
    };
    // 1899-01-01T00:00:00Z and 3002-01-01T00:00:00Z.
    let (first, last) = (-2_240_524_800i64, 32_535_216_000i64);
    let mut checked = 0;
    for day in (first / 86_400)..(last / 86_400) {
        let unix = day * 86_400 + (day * 7_919).rem_euclid(86_400);
        assert_eq!(text(unix), reference(unix), "unix {unix}");
        assert_eq!(text(day * 86_400 - 1), reference(day * 86_400 - 1));
        checked += 1;
    }
    assert!(checked > 400_000, "every day of the range");
    for (unix, want) in [
        (-283_996_801, "1960-12-31T23:59:59Z"),
        (0, "1970-01-01T00:00:00Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (253_402_300_800, "10000-01-01T00:00:00Z"),
    ] {
        assert_eq!(text(unix), want);
        assert_eq!(reference(unix), want);
    }
}
