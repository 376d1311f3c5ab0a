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

/// Timestamps: every date shape of formats.md §2.4, normalised to UTC with the offset kept.
/// (raw field, expected fields)
const TIMESTAMPS: &[(&str, &str)] = &[
    (
        "Received: from a by b; Mon, 19 Aug 2019 09:41:19 -0500",
        r#"{"timestamp": "2019-08-19T14:41:19Z", "timestamp_offset": "-0500", "unix_time": 1566225679}"#,
    ),
    (
        "Received: from source ([12.158.40.254]) by x.postini.com with SMTP; Wed, 08 Jan 2007 12:47:24 PST",
        r#"{"timestamp": "2007-01-08T20:47:24Z", "timestamp_offset": "-0800", "unix_time": 1168289244}"#,
    ),
    (
        "Received: by filter0652p1las1.sendgrid.net with SMTP id f-25\n        2018-04-22 02:54:17.028704749 +0000 UTC",
        r#"{"timestamp": "2018-04-22T02:54:17Z", "timestamp_offset": "+0000", "unix_time": 1524365657}"#,
    ),
    (
        "Received: from unknown (HELO x) (213.199.4.210) by y with SMTP; 1 Nov 2003 07:05:19 -0000",
        r#"{"timestamp": "2003-11-01T07:05:19Z", "timestamp_offset": "-0000", "unix_time": 1067670319}"#,
    ),
    (
        "Received: by x (SG) with ESMTP id 1 for <a@b>; Sun, 22 Apr 2018 02:54:16.987 +0000 (UTC)",
        r#"{"timestamp": "2018-04-22T02:54:16Z", "timestamp_offset": "+0000"}"#,
    ),
    (
        "Received: from a by webmail.upv.es (Horde Framework) with HTTPS; Fri, 03\n Jul 2020 09:59:04 +0200",
        r#"{"timestamp": "2020-07-03T07:59:04Z", "timestamp_offset": "+0200"}"#,
    ),
    (
        "Received: from a by smtp.drzeus.cx with esmtp; Wed, 06 Aug 2008 22:52:45 +0200\n  id 0000000000130003.00000000489A0F1E.000058A8",
        r#"{"timestamp": "2008-08-06T20:52:45Z", "id": "0000000000130003.00000000489A0F1E.000058A8"}"#,
    ),
    (
        "Received: from a by mx2 (Postfix) with ESMTPS id 5;\n\tMon,  7 Sep 2020 15:43:40 +0000 (UTC)\n\t(envelope-from owner@freebsd.org)",
        r#"{"timestamp": "2020-09-07T15:43:40Z", "envelope_from": "owner@freebsd.org"}"#,
    ),
    (
        "Received: from a by b with ESMTP id 1CJic5-00067m-U7",
        r#"{"timestamp": null, "unix_time": null, "notes": ["no date could be read; the field looks truncated or malformed."]}"#,
    ),
    (
        "Received: from a by b; Sat, 31 Dec 1960 23:59:59 +0000",
        r#"{"timestamp": "1960-12-31T23:59:59Z", "unix_time": -283996801}"#,
    ),
];

#[test]
fn timestamps_are_utc_with_the_written_offset() {
    let mut board = Scoreboard::default();
    for (n, (raw, expected)) in TIMESTAMPS.iter().enumerate() {
        let expected: Value = serde_json::from_str(expected).expect("fixture JSON");
        let line = hoplock::core::received::parse(raw);
        let actual = serde_json::to_value(&line).expect("line serialises");
        let fields: Vec<&str> = expected
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        board.record(
            &format!("timestamp case {n}"),
            &expected,
            &actual,
            &fields,
            false,
        );
    }
    board.print("timestamps");
    assert!(board.all_pass(), "{}", board.table("timestamps"));
}

/// Dialects of formats.md that have no line in the corpus, and traps (host names containing
/// "tls"). (id, raw field, expected fields)
const DIALECTS: &[(&str, &str, &str)] = &[
    (
        // A space after the parenthesis (hand-edited or relayed copies): the greeting is still
        // `relay.example.net`, and the `(HELO …) (ip)` pair still marks qmail.
        "qmail-helo-comment-leading-space",
        "Received: from unknown ( HELO relay.example.net) (192.0.2.7)\n  by mx.example.org with SMTP; 7 Sep 2020 15:43:40 +0000",
        r#"{"from_helo": "relay.example.net", "from_ip": "192.0.2.7", "writer": "qmail"}"#,
    ),
    (
        "opensmtpd-2013-bare-tls-words",
        "Received: from a.example (a.example [192.0.2.1])\n\tby b.example (OpenSMTPD) with ESMTPS id 1a2b3c4d\n\tTLS version=TLSv1.2 cipher=ECDHE-RSA-AES256-GCM-SHA384 bits=256 verify=YES;\n\tMon, 2 Sep 2013 10:00:00 +0200",
        r#"{"tls": true, "tls_version": "TLS1.2", "cipher": "ECDHE-RSA-AES256-GCM-SHA384", "bits": 256, "cert_verified": true, "with": "ESMTPS"}"#,
    ),
    (
        "opensmtpd-2012-own-semicolon",
        "Received: from a.example (a.example [192.0.2.1]) by b.example (OpenSMTPD) with ESMTP id 1a2b3c4d;\n\tTLS version=TLSv1/SSLv3 cipher=DHE-RSA-AES256-SHA bits=256 verify=NO;\n\tMon, 3 Dec 2012 10:00:00 +0100",
        r#"{"tls": true, "tls_version": "TLS (version unknown)", "cipher": "DHE-RSA-AES256-SHA", "bits": 256, "cert_verified": null, "timestamp": "2012-12-03T09:00:00Z"}"#,
    ),
    (
        "opensmtpd-2016-colon-fail",
        "Received: from a (a [192.0.2.1]) by b (OpenSMTPD) with ESMTPS id 96f08978 (TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256:FAIL); Fri, 26 Jan 2018 20:51:12 +1100",
        r#"{"tls": true, "tls_version": "TLS1.2", "bits": 256, "cert_verified": false}"#,
    ),
    (
        "opensmtpd-plain-esmtp",
        "Received: from a (a [192.0.2.1]) by b (OpenSMTPD) with ESMTP id 96f08978; Fri, 26 Jan 2018 20:51:12 +1100",
        r#"{"tls": false}"#,
    ),
    (
        "haraka-2014-verify-no-means-failed",
        "Received: from a (a [192.0.2.1]) by b (Haraka/2.5.0) with ESMTPS id X.1 envelope-from <x@a> (version=TLSv1/SSLv3 cipher=ECDHE-RSA-AES128-GCM-SHA256 verify=NO); Mon, 1 Jun 2015 10:00:00 +0000",
        r#"{"tls": true, "tls_version": "TLS (version unknown)", "cipher": "ECDHE-RSA-AES128-GCM-SHA256", "bits": null, "cert_verified": false, "envelope_from": "x@a"}"#,
    ),
    (
        "haraka-2019-cipher-only",
        "Received: from a (a [192.0.2.1]) by b (Haraka/2.8.25) with ESMTPS id X.1 envelope-from <x@a> (cipher=ECDHE-RSA-AES256-GCM-SHA384 verify=OK); Mon, 1 Jul 2019 10:00:00 +0000",
        r#"{"tls": true, "tls_version": null, "cipher": "ECDHE-RSA-AES256-GCM-SHA384", "cert_verified": true}"#,
    ),
    (
        "exim-4.30-esmtp-cannot-tell",
        "Received: from a ([192.0.2.1] helo=a) by b with esmtp (Exim 4.30) id 1CIlfc-0003Pa-8W; Sat, 16 Oct 2004 03:20:18 -0700",
        r#"{"tls": null, "with": "esmtp", "from_ip": "192.0.2.1", "from_helo": "a"}"#,
    ),
    (
        "exim-4.50-esmtp-plaintext",
        "Received: from a ([192.0.2.1] helo=a) by b with esmtp (Exim 4.50) id 1CIlfc-0003Pa-8W; Sat, 16 Oct 2006 03:20:18 -0700",
        r#"{"tls": false}"#,
    ),
    (
        "host-names-containing-tls-are-not-tls",
        "Received: from tls.example.com (smtps.tls-relay.example [192.0.2.7]) by mx.tls.example.org (Postfix) with ESMTP id 4AB; Mon, 7 Sep 2020 15:43:40 +0000",
        r#"{"tls": false, "from_host": "tls.example.com", "by_host": "mx.tls.example.org", "from_rdns": "smtps.tls-relay.example"}"#,
    ),
    (
        "by-host-named-tls",
        "Received: from a (a [192.0.2.1]) by tls with SMTP; Mon, 7 Sep 2020 15:43:40 +0000",
        r#"{"tls": null, "by_host": "tls", "with": "SMTP", "cipher": null}"#,
    ),
    (
        "lmtps-and-utf8smtpsa",
        "Received: from a (a [192.0.2.1]) by b (Cyrus v3) with LMTPS; Mon, 7 Sep 2020 15:43:40 +0000",
        r#"{"tls": true, "tls_rule": "protocol-tls-s"}"#,
    ),
    (
        "utf8smtpsa",
        "Received: from a (a [IPv6:2001:DB8:0:0::1]) by b (Postfix) with UTF8SMTPSA id 1; Mon, 7 Sep 2020 15:43:40 +0000",
        r#"{"tls": true, "from_ip": "2001:db8::1", "with": "UTF8SMTPSA"}"#,
    ),
    (
        "gmail-tls1_3",
        "Received: from a (a. [192.0.2.1]) by mx.google.com with ESMTPS id x for <y@z> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Mon, 7 Sep 2024 15:43:40 -0700 (PDT)",
        r#"{"tls": true, "tls_version": "TLS1.3", "bits": 256, "for_addr": "y@z"}"#,
    ),
    (
        "postfix-3.4-key-exchange-and-signature",
        "Received: from a (a [192.0.2.1])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n\t key-exchange ECDHE (P-384) server-signature RSA-PSS (2048 bits) server-digest SHA256)\n\tby b (Postfix) with ESMTPS id 1; Mon, 7 Sep 2020 15:43:40 +0000",
        r#"{"tls": true, "key_exchange": "ECDHE (P-384)", "signature": "RSA-PSS (2048 bits)", "tls_rule": "postfix-using-comment"}"#,
    ),
    (
        "sendmail-verify-trusted",
        "Received: from a (a [192.0.2.1]) by b (8.17.1/8.17.1) with ESMTPS id 1 (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=TRUSTED); Mon, 7 Sep 2020 15:43:40 +0000",
        r#"{"tls": true, "cert_verified": true, "cert_verification_raw": "verify=TRUSTED", "writer": "sendmail"}"#,
    ),
    (
        "ipv4-mapped-and-zone",
        "Received: from a ([::FFFF:192.0.2.9]) by b ([fe80::1%9]) with mapi id 15.20.1; Mon, 7 Sep 2020 15:43:40 +0000",
        r#"{"from_ip": "::ffff:192.0.2.9", "by_ip": "fe80::1", "tls": null}"#,
    ),
];

#[test]
fn dialects_beyond_the_corpus() {
    let mut board = Scoreboard::default();
    for (id, raw, expected) in DIALECTS {
        let expected: Value = serde_json::from_str(expected).expect("fixture JSON");
        let actual = serde_json::to_value(hoplock::core::received::parse(raw)).expect("json");
        let fields: Vec<&str> = expected
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        board.record(id, &expected, &actual, &fields, false);
    }
    board.print("dialects beyond the corpus");
    assert!(board.all_pass(), "{}", board.table("dialects"));
}
