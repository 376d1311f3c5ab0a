//! Properties of the whole `analyze` path on arbitrary and hostile input: it never panics, every
//! evidence span lies inside its raw field, text gives the same report through `analyze_text`
//! (the web app's entry point), the caps on work hold (hops, fields, bytes), and the
//! report grows at most linearly with the input. Timing is measured by the benchmark
//! (`cargo bench --bench received` prints throughput for growing hostile inputs), never asserted
//! here, so these tests cannot flake.

use hoplock::core::DiagnosticCode::{self, *};
use hoplock::core::limits::{MAX_FIELD_BYTES, MAX_FIELDS, MAX_HEADER_BYTES, MAX_RECEIVED};

/// Deterministic xorshift64* generator: the same cases on every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces of the Received grammar and of its dialects, so random input reaches deep paths.
const PIECES: &[&str] = &[
    // Headers other than Received that the analysis reads (second witnesses, Microsoft 365).
    "\nX-Pm-Transfer-Encryption: ",
    "\nAuthentication-Results: mx.example; x-tls=pass smtp.version=",
    "\nX-Spamd-Result: RCVD_NO_TLS_LAST ",
    "\nX-Rspamd-Queue-Id: ",
    "\nX-MS-Exchange-Organization-AuthAs: ",
    "é€",
    "Received: ",
    "Received:",
    "from ",
    "by ",
    "with ",
    "id ",
    "for ",
    "via ",
    "tls ",
    "envelope-from ",
    "(",
    ")",
    "((",
    "))",
    "[",
    "]",
    "<",
    ">",
    "\"",
    ";",
    ":",
    "=",
    ",",
    "/",
    "\\",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\n ",
    "\n\t",
    "\n\n",
    "ESMTPS",
    "esmtpsa",
    "Microsoft SMTP Server",
    "SMTPSVC(6.0)",
    "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
    "version=TLS1_2",
    "cipher=",
    "bits=128/128",
    "verify=OK",
    "(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256:NO)",
    "(TLS1.3)",
    "TLS: TLSv1/SSLv3,256bits,AES256-SHA",
    "ESMTP/TLS/",
    " encrypted SMTP",
    "over TLS secured channel",
    "STARTTLS",
    "(Client CN \"x\", Issuer \"y\" (verified OK))",
    "[IPv6:2001:db8::1]",
    "[127.0.0.1]",
    "::ffff:1.2.3.4",
    "1.2.3.4:25",
    "%9",
    "helo=",
    "(HELO x)",
    "Mon, 7 Sep 2020 15:43:40 +0000",
    "2018-04-22 02:54:17.028 +0000 UTC",
    "=?utf-8?q?caf=C3=A9?=",
    "=?utf-8?b?",
    "From sender Mon Jan 1",
    "X-Received: ",
    "Subject: ",
    "é",
    "\u{FFFD}",
    "🙂",
    "\0",
    "(Postfix)",
    "(8.14.4/8.13.8)",
    "(Exim 4.41)",
    "(qmail 1 invoked by uid 89)",
    "(from u@localhost)",
];

fn random_input(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    let parts = rng.below(200);
    for _ in 0..parts {
        if rng.below(5) == 0 {
            // raw bytes, including invalid UTF-8
            for _ in 0..rng.below(16) {
                out.push(rng.next() as u8);
            }
        } else {
            out.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes());
        }
    }
    out
}

/// What must hold for every report, whatever the input.
fn assert_sane(input: &[u8], case: &str) {
    let report = hoplock::analyze(input);
    assert!(report.hops.len() <= MAX_RECEIVED, "{case}: hop cap");
    for (i, hop) in report.hops.iter().enumerate() {
        assert_eq!(hop.index, i + 1, "{case}: chronological index");
        for e in &hop.line.evidence {
            assert!(
                hop.line.raw.get(e.span.start..e.span.end).is_some(),
                "{case}: evidence {} span {}..{} outside raw",
                e.fact,
                e.span.start,
                e.span.end
            );
        }
        if hop.line.tls.tls == Some(true) {
            assert!(
                hop.line.tls.tls_rule.is_some(),
                "{case}: TLS without the rule that found it"
            );
        }
    }
    let json = serde_json::to_string(&report).expect("report serialises");
    // The paste box's entry point (no .msg probe) gives the same report for any text.
    if let Ok(text) = std::str::from_utf8(input) {
        let pasted = hoplock::core::analyze_text(
            text,
            &hoplock::core::Limits::DEFAULT,
            hoplock::core::encoded_word::DEFAULT_CHARSETS,
        );
        assert_eq!(
            serde_json::to_string(&pasted).expect("report serialises"),
            json,
            "{case}: analyze_text differs from analyze"
        );
    }
    // Linear growth: the report holds each input byte a bounded number of times (raw, value,
    // JSON escapes) plus a bounded amount per hop.
    let bound = 16 * input.len().min(MAX_HEADER_BYTES) + 8 * 1024 * (report.hops.len() + 1);
    assert!(
        json.len() <= bound,
        "{case}: report {} bytes for {} bytes of input",
        json.len(),
        input.len()
    );
}

#[test]
fn arbitrary_bytes_never_panic_and_reports_stay_consistent() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for n in 0..3000 {
        let input = random_input(&mut rng);
        assert_sane(&input, &format!("random case {n}"));
    }
}

#[test]
fn every_prefix_of_a_real_header_block_is_handled() {
    // Cutting a block anywhere (a truncated paste) must never panic, also mid-UTF-8 character.
    let block = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/corpus/messages/rspamd-outlook-freebsd-arcbad.txt"),
    )
    .expect("corpus message");
    for cut in (0..block.len()).step_by(17) {
        assert_sane(&block[..cut], &format!("prefix {cut}"));
    }
}

/// Hostile inputs: each must finish (bounded by the caps) and say what limit was hit.
#[test]
fn hostile_inputs_hit_their_limits_with_a_plain_diagnostic() {
    let cases: Vec<(&str, Vec<u8>, DiagnosticCode)> = vec![
        (
            "1 MB single line",
            format!("Received: from {}", "a".repeat(1_000_000)).into_bytes(),
            FieldTooLong,
        ),
        (
            "100 000 Received fields",
            "Received: from a by b with ESMTP; Mon, 7 Sep 2020 15:43:40 +0000\n"
                .repeat(100_000)
                .into_bytes(),
            TooManyReceived,
        ),
        (
            "deeply nested comments",
            format!("Received: from a {}by b", "(".repeat(500_000)).into_bytes(),
            FieldTooLong,
        ),
        (
            "unclosed comment",
            b"Received: from a (b [1.2.3.4] by c with ESMTPS".to_vec(),
            UnclosedComment,
        ),
        (
            "5 MB body after the headers",
            format!(
                "Received: from a by b; Mon, 7 Sep 2020 15:43:40 +0000\n\n{}",
                "x".repeat(5_000_000)
            )
            .into_bytes(),
            BodyNotRead,
        ),
        (
            "not headers at all",
            b"hello world\nthis is text".to_vec(),
            NoHeaderFields,
        ),
        ("empty", Vec::new(), NoHeaderFields),
    ];
    for (name, input, code) in cases {
        assert_sane(&input, name);
        let report = hoplock::analyze(&input);
        assert!(
            report.diagnostics.iter().any(|d| d.code == code),
            "{name}: expected a diagnostic {code:?}, got {:?}",
            report.diagnostics
        );
    }
}

/// `analyze` is `analyze_with(Limits::DEFAULT)`, and each cap is what bounds its input: with the
/// caps lifted (`Limits::NONE`, used by `cargo bench --bench linearity`) the same input is
/// analysed in full, with no limit diagnostic.
#[test]
fn limits_bound_the_work_and_lifting_them_analyses_everything() {
    use hoplock::core::{Limits, analyze_with};
    let line = "Received: from a by b with ESMTP; Mon, 7 Sep 2020 15:43:40 +0000\n";
    // (case, input, diagnostic with the default limits, hops by default, hops without limits)
    let cases: Vec<(&str, String, DiagnosticCode, usize, usize)> = vec![
        (
            "Received fields",
            line.repeat(MAX_RECEIVED + 7),
            TooManyReceived,
            MAX_RECEIVED,
            MAX_RECEIVED + 7,
        ),
        (
            "header bytes",
            format!("X-Pad: {}\n{line}", "x".repeat(MAX_HEADER_BYTES)),
            InputTooLarge,
            0,
            1,
        ),
        (
            "header fields",
            format!("{}{line}", "X-A: b\n".repeat(MAX_FIELDS)),
            TooManyFields,
            0,
            1,
        ),
        (
            "bytes of one Received field",
            format!(
                "Received: from a {}by b with ESMTPS; Mon, 7 Sep 2020 15:43:40 +0000\n",
                "(x) ".repeat(MAX_FIELD_BYTES / 4)
            ),
            FieldTooLong,
            1,
            1,
        ),
    ];
    for (case, input, code, hops, unlimited_hops) in cases {
        let default = hoplock::analyze(input.as_bytes());
        assert_eq!(
            default,
            analyze_with(input.as_bytes(), &Limits::DEFAULT),
            "{case}"
        );
        assert_eq!(
            default.hops.len(),
            hops,
            "{case}: hops with the default limits"
        );
        assert!(
            default.diagnostics.iter().any(|d| d.code == code),
            "{case}: {:?}",
            default.diagnostics
        );
        let unlimited = analyze_with(input.as_bytes(), &Limits::NONE);
        assert_eq!(
            unlimited.hops.len(),
            unlimited_hops,
            "{case}: hops without limits"
        );
        let notes = unlimited
            .diagnostics
            .iter()
            .chain(unlimited.hops.iter().flat_map(|h| &h.line.notes));
        assert!(
            !notes.clone().any(|d| d.code == code),
            "{case}: no limit was hit: {:?}",
            notes.collect::<Vec<_>>()
        );
    }
}

/// The forgiving intake: the same Received field pasted in the ways people paste it must give the
/// same hop.
#[test]
fn intake_forms_give_the_same_hop() {
    let canonical = "Received: from mx1.freebsd.org (mx1.freebsd.org [96.47.72.80])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\tby mx2.freebsd.org (Postfix) with ESMTPS id 515996EBC0;\n\tMon,  7 Sep 2020 15:43:40 +0000 (UTC)\n";
    let forms: Vec<(&str, String)> = vec![
        ("LF", canonical.to_string()),
        ("CRLF", canonical.replace('\n', "\r\n")),
        (
            "lone CR (old Mac line ends; str::lines would not split)",
            canonical.replace('\n', "\r"),
        ),
        (
            "mbox",
            format!("From MAILER-DAEMON Mon Sep  7 15:43:40 2020\n{canonical}"),
        ),
        (
            "leading junk",
            format!("\n\nShow original\n  copied text\n{canonical}"),
        ),
        ("lost folding", canonical.replace("\n\t", "\n")),
        (
            "whole .eml",
            format!("{canonical}Subject: hi\n\nReceived: from evil (forged [6.6.6.6]) by x\n"),
        ),
        ("BOM", format!("\u{FEFF}{canonical}")),
        (
            "quoted in a reply",
            canonical
                .lines()
                .map(|l| format!("> {l}\n"))
                .collect::<String>(),
        ),
        (
            "indented as a whole",
            canonical
                .lines()
                .map(|l| format!("    {l}\n"))
                .collect::<String>(),
        ),
    ];
    // The line fields of the corpus check, and the date.
    let fields = [crate::lines::LINE_FIELDS, &["timestamp"]].concat();
    let reference =
        serde_json::to_value(&hoplock::analyze(canonical.as_bytes()).hops).expect("json");
    assert_eq!(reference.as_array().map(Vec::len), Some(1));
    for (name, input) in forms {
        let hops = serde_json::to_value(&hoplock::analyze(input.as_bytes()).hops).expect("json");
        assert_eq!(hops.as_array().map(Vec::len), Some(1), "{name}: one hop");
        let m = crate::check::check(name, &reference[0], &hops[0], &fields);
        assert!(m.is_empty(), "{m:?}");
    }
}

#[test]
fn encoded_words_are_decoded_in_header_values() {
    let report = hoplock::analyze(b"Subject: =?utf-8?q?caf=C3=A9_ol=C3=A9?=\nReceived: from a by b; Mon, 7 Sep 2020 15:43:40 +0000\n");
    let subject = report
        .headers
        .iter()
        .find(|h| h.name == "Subject")
        .map(|h| h.value.as_str());
    assert_eq!(subject, Some("café olé"));
}

#[test]
fn every_message_file_is_sane_and_the_same_through_analyze_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut seen = 0;
    for dir in ["corpus/messages", "messages"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("message directory")
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x != "jsonl" && x != "md"))
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).expect("message file");
            assert_sane(&bytes, &file.display().to_string());
            seen += 1;
        }
    }
    assert!(seen >= 40, "{seen} message files: the corpus and our own");
}

/// `intake::header_section` (what the web app keeps of a dropped file) holds exactly the fields
/// `intake::read` finds in the whole input: for every message file as it is, with a body after an
/// empty line, and with empty lines (LF, CRLF, spaces) before it; a body never survives the cut.
#[test]
fn the_header_section_holds_the_fields_read_from_the_whole_input() {
    use hoplock::core::intake::{header_section, read};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut seen = 0;
    for dir in ["corpus/messages", "messages", "messages/evidence"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("message directory") {
            let file = entry.expect("directory entry").path();
            if !file.is_file() || file.extension().is_some_and(|x| x == "jsonl" || x == "md") {
                continue;
            }
            let bytes = std::fs::read(&file).expect("message file");
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue; // not text (an Outlook .msg): the app's .msg reader handles it
            };
            let body = "\r\n\r\nBODY-MUST-NOT-SURVIVE: x\r\n";
            for leading in ["", "\n\n", "\r\n\r\n", "  \n\t\n"] {
                let input = format!("{leading}{}{body}", text.trim_end());
                let section = header_section(&input);
                let case = format!("{} with {leading:?} before", file.display());
                assert_eq!(
                    read(section.as_bytes()).fields,
                    read(input.as_bytes()).fields,
                    "{case}"
                );
                assert!(
                    !section.contains("BODY-MUST-NOT-SURVIVE"),
                    "{case}: the body was cut off"
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 40, "{seen} message files");
}
