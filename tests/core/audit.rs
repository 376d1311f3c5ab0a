//! The mailbox audit (`src/audit`): the splitter keeps every message's verdict, merging any
//! split equals the whole, regressions are found, bad input is counted and named, and the
//! command line reads folders, Maildir, `.mbox.gz` and `.msg`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use hoplock::audit::aggregate::Aggregate;
use hoplock::audit::aggregate::GroupKind;
use hoplock::audit::mbox::{MAX_HEADER_BYTES, MessageHead, split_in_chunks};
use hoplock::audit::record::Record;
use hoplock::audit::session::{Digest, Kind as SessionKind, Listing, Session, header_text};
use serde_json::{Value, json};

use crate::check::Scoreboard;
use crate::cli::message_files;

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// A scratch folder of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// The corpus mbox and the regressions fixture gzipped, written into `dir`: the inputs the
/// browser-path tests compare with the command line.
fn mbox_and_gzip(dir: &Path) -> (PathBuf, PathBuf) {
    let (mbox, _) = corpus_mbox();
    let mbox_path = dir.join("corpus.mbox");
    std::fs::write(&mbox_path, &mbox).unwrap();
    let gz_path = dir.join("regressions.mbox.gz");
    let fixture = std::fs::read(data("audit/regressions.mbox")).unwrap();
    std::fs::write(&gz_path, gzip(&fixture)).unwrap();
    (mbox_path, gz_path)
}

fn split(bytes: &[u8], chunk: usize) -> Vec<MessageHead> {
    split_in_chunks(bytes, chunk, MAX_HEADER_BYTES).0
}

/// A deterministic body of `len` bytes of base64-looking text (76-column lines).
fn base64_body(len: usize, seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut out = String::with_capacity(len + len / 76);
    for i in 0..len {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push(ALPHABET[(state >> 58) as usize] as char);
        if i % 76 == 75 {
            out.push('\n');
        }
    }
    out
}

/// Every corpus and own message, embedded in one mbox in the shapes real exports have:
/// LF and CRLF line ends, `From ` lines of mboxrd, Thunderbird and Google Takeout, bodies with
/// `>From ` quoting and base64 attachments, and a final message without a final newline.
fn corpus_mbox() -> (Vec<u8>, Vec<PathBuf>) {
    let files = message_files();
    let mut mbox = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let message = std::fs::read_to_string(file).expect("read message");
        let from_line = match i % 3 {
            0 => "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
            1 => "From - Mon Jan 01 00:00:00 2024",
            _ => "From 1781992010432164310@xxx Wed Oct 05 12:10:03 +0000 2023",
        };
        let body = match i % 4 {
            0 => "Hello.\n>From the quoted body line of mboxrd\n".to_string(),
            1 => format!(
                "--b\nContent-Transfer-Encoding: base64\n\n{}\n--b--\n",
                base64_body(20_000, i as u64)
            ),
            2 => String::new(),
            _ => "From:the colon makes this line no separator\n".to_string(),
        };
        let mut text = format!("{from_line}\n{}\n\n{body}\n", message.trim_end());
        if i % 5 == 1 {
            text = text.replace('\n', "\r\n");
        }
        if i + 1 == files.len() {
            text.truncate(text.trim_end().len());
        }
        mbox.extend_from_slice(text.as_bytes());
    }
    (mbox, files)
}

fn verdict_of(record: &Record) -> Value {
    serde_json::to_value(record.verdict).expect("verdict to JSON")
}

#[test]
fn every_corpus_message_in_an_mbox_keeps_the_verdict_of_analyze() {
    let (mbox, files) = corpus_mbox();
    let mut board = Scoreboard::default();
    for chunk in [mbox.len(), 65_536, 997, 7] {
        let heads = split(&mbox, chunk);
        assert_eq!(heads.len(), files.len(), "chunk {chunk}: message count");
        for (head, file) in heads.iter().zip(&files) {
            let id = format!(
                "{} (chunk {chunk})",
                file.file_name().unwrap().to_string_lossy()
            );
            let alone = hoplock::analyze(&std::fs::read(file).expect("read message"));
            let record = Record::of(head, "corpus.mbox");
            let want = json!({"verdict": alone.summary.verdict, "unreadable": false, "hops": alone.hops.len()});
            let got = json!({"verdict": verdict_of(&record), "unreadable": record.unreadable, "hops": record.hops});
            board.record(&id, &want, &got, &["verdict", "unreadable", "hops"], false);
            assert!(head.diagnostics.is_empty(), "{id}: {:?}", head.diagnostics);
        }
    }
    board.print("audit record verdict vs analyze of the message alone");
    assert!(board.all_pass(), "{}", board.mismatches.join("\n"));

    // The command line's --jsonl says the same, message by message.
    let dir = scratch("audit-corpus");
    let path = dir.join("corpus.mbox");
    std::fs::write(&path, &mbox).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_hoplock"))
        .args(["audit", "--jsonl"])
        .arg(&path)
        .output()
        .expect("run hoplock audit");
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), files.len());
    for (line, file) in lines.iter().zip(&files) {
        let alone = hoplock::analyze(&std::fs::read(file).unwrap());
        assert_eq!(
            line["verdict"],
            alone.summary.verdict.as_str(),
            "{}",
            file.display()
        );
        let offset = line["offset"].as_u64().unwrap() as usize;
        assert!(mbox[offset..].starts_with(b"From "), "{}", file.display());
    }
}

/// Random mailboxes made of the pieces that matter to the splitter: chunking never changes the
/// messages, they are in order and inside the input, mbox messages start at their `From ` line,
/// header sections stay within the cap. (The same properties as `fuzz/fuzz_targets/mbox.rs`, on
/// a fixed sample so that `cargo test` checks them too.)
#[test]
fn chunking_never_changes_the_messages_of_random_mailboxes() {
    const PIECES: [&[u8]; 14] = [
        b"From ",
        b"From a@b Mon Jan  1 00:00:00 2024\n",
        b"\n",
        b"\r\n",
        b"\r",
        b">From ",
        b">>From x\n",
        b"Received: from a by b with ESMTPS; 1 Jan 2024 00:00:00 +0000\n",
        b"Subject: x\n",
        b" folded\n",
        b"\0",
        b"\xEF\xBB\xBF",
        b"body text ",
        b"\nFrom",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for case in 0..400 {
        let pieces = (next() % 40) as usize;
        let input: Vec<u8> = (0..pieces)
            .flat_map(|_| {
                PIECES[(next() % PIECES.len() as u64) as usize]
                    .iter()
                    .copied()
            })
            .collect();
        let cap = 8 + (next() % 200) as usize;
        let split_with = |chunk: usize| split_in_chunks(&input, chunk, cap);
        let (whole, mbox) = split_with(input.len().max(1));
        for chunk in [1, 2, 3, 5, 13] {
            assert_eq!(
                split_with(chunk).0,
                whole,
                "case {case}, chunk {chunk}: {:?}",
                String::from_utf8_lossy(&input)
            );
        }
        let mut end = 0;
        for (i, m) in whole.iter().enumerate() {
            let id = format!(
                "case {case}, message {i}: {:?}",
                String::from_utf8_lossy(&input)
            );
            assert_eq!(m.index, i as u64, "{id}");
            assert!(m.header.len() <= cap, "{id}");
            assert!(m.offset >= end, "{id}: overlap");
            end = m.offset + m.length;
            assert!(end <= input.len() as u64, "{id}");
            if mbox == Some(true) {
                assert!(input[m.offset as usize..].starts_with(b"From "), "{id}");
            }
        }
    }
}

/// Records of the corpus mbox and the regressions fixture, in input order.
fn audit_records() -> Vec<Record> {
    let (mbox, _) = corpus_mbox();
    let fixture = std::fs::read(data("audit/regressions.mbox")).unwrap();
    let mut records: Vec<Record> = split(&mbox, 65_536)
        .iter()
        .map(|h| Record::of(h, "corpus.mbox"))
        .collect();
    records.extend(
        split(&fixture, 4096)
            .iter()
            .map(|h| Record::of(h, "regressions.mbox")),
    );
    records
}

fn aggregate_of<'a>(records: impl IntoIterator<Item = &'a Record>) -> Aggregate {
    let mut aggregate = Aggregate::new();
    for r in records {
        aggregate.add(r);
    }
    aggregate
}

#[test]
fn merging_any_split_equals_auditing_the_whole() {
    let records = audit_records();
    let n = records.len();
    let mut whole = aggregate_of(&records);
    whole.finish();
    assert!(!whole.regressions.is_empty(), "the fixture has regressions");
    // Contiguous cuts, three shards, and interleaved (non-contiguous) shards.
    let splits: Vec<Vec<Vec<&Record>>> = vec![
        vec![
            records.iter().take(1).collect(),
            records.iter().skip(1).collect(),
        ],
        vec![
            records.iter().take(n / 2).collect(),
            records.iter().skip(n / 2).collect(),
        ],
        vec![
            records.iter().take(n / 3).collect(),
            records.iter().skip(n / 3).take(n / 3).collect(),
            records.iter().skip(2 * (n / 3)).collect(),
        ],
        vec![
            records.iter().step_by(2).collect(),
            records.iter().skip(1).step_by(2).collect(),
        ],
        vec![
            records.iter().rev().take(5).collect(),
            records.iter().rev().skip(5).collect(),
        ],
        vec![records.iter().collect(), vec![]],
    ];
    for (s, shards) in splits.iter().enumerate() {
        let parts: Vec<Aggregate> = shards
            .iter()
            .map(|shard| aggregate_of(shard.iter().copied()))
            .collect();
        // In order, in reverse order, and through the JSON a shard's `--json` prints.
        let mut forward = Aggregate::new();
        parts.iter().for_each(|p| forward.merge(p));
        forward.finish();
        assert_eq!(forward, whole, "split {s}: merged in order");
        let mut backward = Aggregate::new();
        parts.iter().rev().for_each(|p| backward.merge(p));
        backward.finish();
        assert_eq!(backward, whole, "split {s}: merged in reverse");
        let mut through_json = Aggregate::new();
        for p in &parts {
            let mut printed = p.clone();
            printed.finish();
            let text = serde_json::to_string_pretty(&printed).unwrap();
            through_json.merge(&serde_json::from_str(&text).expect("the JSON reads back"));
        }
        through_json.finish();
        assert_eq!(through_json, whole, "split {s}: merged from JSON");
    }
}

#[test]
fn the_browser_json_writer_gives_the_audit_json_of_serde_json() {
    let mut whole = aggregate_of(&audit_records());
    whole.finish();
    let tree = hoplock::core::export::json::to_tree(&whole).expect("no floats in the audit");
    assert_eq!(
        hoplock::core::export::json::to_string_pretty(&tree),
        serde_json::to_string_pretty(&serde_json::to_value(&whole).unwrap()).unwrap()
    );
}

#[test]
fn regressions_are_found_with_their_first_message() {
    let fixture = std::fs::read(data("audit/regressions.mbox")).unwrap();
    let mut aggregate = aggregate_of(
        &split(&fixture, 4096)
            .iter()
            .map(|h| Record::of(h, "regressions.mbox"))
            .collect::<Vec<_>>(),
    );
    aggregate.finish();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(data("audit/regressions.expected.json")).unwrap())
            .unwrap();
    let got = serde_json::to_value(&aggregate).unwrap();
    let mut board = Scoreboard::default();
    board.record(
        "totals",
        &expected["totals"],
        &got["totals"],
        &[
            "messages",
            "encrypted",
            "not-encrypted",
            "unknown",
            "no-hops",
            "unreadable",
        ],
        false,
    );
    let found: Vec<Value> = got["regressions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            json!({"group": r["group"], "key": r["key"], "kind": r["kind"], "month": r["month"],
                   "message": r["message"]["message_id"], "before": r["before"]["message_id"],
                   "from_version": r["from_version"], "to_version": r["to_version"]})
        })
        .collect();
    board.record(
        "regressions",
        &json!({"list": expected["regressions"]}),
        &json!({"list": found}),
        &["list"],
        false,
    );
    board.print("audit regressions fixture");
    assert!(board.all_pass(), "{}", board.mismatches.join("\n"));
}

#[test]
fn the_sending_organisation_is_the_sender_side_of_the_first_hand_off() {
    let mbox = std::fs::read(data("audit/organisations.mbox")).unwrap();
    let expected: Value =
        serde_json::from_slice(&std::fs::read(data("audit/organisations.expected.json")).unwrap())
            .unwrap();
    let mut board = Scoreboard::default();
    let records: Vec<Record> = split(&mbox, 4096)
        .iter()
        .map(|h| Record::of(h, "organisations.mbox"))
        .collect();
    assert_eq!(
        records.len(),
        expected["organisations"].as_object().unwrap().len()
    );
    for record in &records {
        let id = record.message_id.clone().unwrap_or_default();
        board.record(
            &id,
            &json!({"organisation": expected["organisations"][&id]}),
            &json!({"organisation": record.organisation}),
            &["organisation"],
            false,
        );
    }
    board.print("audit sending organisation");
    assert!(board.all_pass(), "{}", board.mismatches.join("\n"));
}

/// Deterministic bytes with NULs, but no `:` and no line end: no header field can be read.
fn binary_blob(len: usize) -> Vec<u8> {
    let mut state = 0x2545F4914F6CDD1Du64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            match (state >> 56) as u8 {
                b':' | b'\n' | b'\r' => 0,
                b => b,
            }
        })
        .collect()
}

#[test]
fn bad_input_is_counted_and_named_never_a_panic() {
    const FROM_LINE: &str = "From a@b Mon Sep  7 15:43:40 2020";
    let received = "Received: from mail.a.example (mail.a.example [192.0.2.1]) by mx.b.example (Postfix) with ESMTP id 1; Mon, 7 Sep 2020 15:43:40 +0000\n";
    let huge_body = format!(
        "From a@b Mon Sep  7 15:43:40 2020\n{received}Subject: big\n\n{}",
        base64_body(16 << 20, 7)
    );
    let huge_header = format!(
        "{FROM_LINE}\nX-Junk: {}\n{received}\nbody\n",
        "a".repeat(MAX_HEADER_BYTES + 10)
    );
    let tiny: String = (0..20_000)
        .map(|i| format!("{FROM_LINE}\nSubject: {i}\n\nhi\n"))
        .collect();
    // (case, input, expected totals and diagnostic counts)
    let cases: Vec<(&str, Vec<u8>, Value)> = vec![
        (
            "empty input",
            vec![],
            json!({"messages": 0, "diagnostics": {}}),
        ),
        (
            "corrupt message",
            b"From x@y Mon Jan  1 00:00:00 2024\n@@@ \x01\x02 not a header\n\x7f\x7f\n\nbody\n"
                .to_vec(),
            json!({"messages": 1, "unreadable": 1, "diagnostics": {"not-a-message": 1}}),
        ),
        (
            "binary blob",
            binary_blob(1 << 20),
            json!({"messages": 1, "unreadable": 1, "diagnostics": {"header-truncated": 1, "binary-header": 1, "not-a-message": 1}}),
        ),
        (
            "not a mailbox (PNG)",
            [&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], &binary_blob(4096)].concat(),
            json!({"messages": 1, "unreadable": 1, "diagnostics": {"binary-header": 1, "not-a-message": 1}}),
        ),
        (
            "huge single message",
            huge_body.into_bytes(),
            json!({"messages": 1, "not-encrypted": 1, "diagnostics": {}}),
        ),
        (
            "huge header",
            huge_header.into_bytes(),
            json!({"messages": 1, "no-hops": 1, "diagnostics": {"header-truncated": 1}}),
        ),
        (
            "many tiny messages",
            tiny.into_bytes(),
            json!({"messages": 20_000, "no-hops": 20_000, "diagnostics": {}}),
        ),
        (
            "cut-off final message",
            format!("{FROM_LINE}\n{received}\nbody\n{FROM_LINE}\n{received}Subj").into_bytes(),
            json!({"messages": 2, "not-encrypted": 2, "diagnostics": {"header-unterminated": 1}}),
        ),
        (
            "separator with nothing after it",
            format!("{FROM_LINE}\n{received}\nbody\n{FROM_LINE}\n").into_bytes(),
            json!({"messages": 2, "not-encrypted": 1, "unreadable": 1, "diagnostics": {"empty-message": 1, "not-a-message": 1}}),
        ),
        (
            "unquoted From body lines (mboxcl2)",
            format!("{FROM_LINE}\n{received}\nFrom the team, with thanks\n\nFrom 9:30 to 10:00\n")
                .into_bytes(),
            json!({"messages": 1, "not-encrypted": 1, "diagnostics": {}}),
        ),
    ];
    let mut board = Scoreboard::default();
    for (case, input, expected) in &cases {
        let heads = split(input, 1 << 20);
        for head in &heads {
            assert!(
                head.header.len() <= MAX_HEADER_BYTES,
                "{case}: header kept {}",
                head.header.len()
            );
        }
        let records: Vec<Record> = heads.iter().map(|h| Record::of(h, case)).collect();
        let aggregate = aggregate_of(&records);
        let mut got = serde_json::to_value(&aggregate.totals).unwrap();
        let diagnostics: serde_json::Map<String, Value> = aggregate
            .diagnostics
            .iter()
            .map(|(code, d)| (code.name().to_string(), json!(d.count)))
            .collect();
        got["diagnostics"] = Value::Object(diagnostics);
        let fields: Vec<&str> = expected
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        board.record(case, expected, &got, &fields, false);
    }
    board.print("audit bad input");
    assert!(board.all_pass(), "{}", board.mismatches.join("\n"));
}

fn run_audit(args: &[&str], paths: &[&Path]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_hoplock"))
        .arg("audit")
        .args(args)
        .args(paths)
        .output()
        .expect("run hoplock audit");
    assert!(
        output.status.success(),
        "hoplock audit {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn the_command_line_audits_folders_maildir_gzip_and_msg_and_merges() {
    let dir = scratch("audit-tree");
    let messages = message_files();
    // A Maildir: cur/ and new/ are read, tmp/ (unfinished deliveries) is not.
    let maildir = dir.join("mail/Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    for (i, file) in messages.iter().take(6).enumerate() {
        let sub = ["cur", "new", "tmp"][i % 3];
        std::fs::copy(
            file,
            maildir.join(sub).join(format!("17000000{i}.M1P1.host:2,S")),
        )
        .unwrap();
    }
    // A tree of .eml and .msg, a gzip mbox and a file that is neither.
    std::fs::create_dir_all(dir.join("mail/saved")).unwrap();
    std::fs::copy(&messages[10], dir.join("mail/saved/one.eml")).unwrap();
    std::fs::copy(
        data("ui/luxsci-outlook.msg"),
        dir.join("mail/saved/two.msg"),
    )
    .unwrap();
    std::fs::write(
        dir.join("mail/saved/notes.pdf"),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    )
    .unwrap();
    let gz = dir.join("archive.mbox.gz");
    std::fs::write(
        &gz,
        gzip(&std::fs::read(data("audit/regressions.mbox")).unwrap()),
    )
    .unwrap();

    let json = |paths: &[&Path]| -> Value {
        serde_json::from_slice(&run_audit(&["--json"], paths)).expect("--json is JSON")
    };
    let folder = dir.join("mail");
    let whole = json(&[&folder, &gz]);
    // 4 Maildir files (2 in tmp/ skipped), one .eml, one .msg, 7 in the gzip mbox.
    let mut board = Scoreboard::default();
    let expected = json!({"messages": 13, "unreadable": 0, "inputs": 7, "skipped": 1});
    let got = json!({
        "messages": whole["totals"]["messages"],
        "unreadable": whole["totals"]["unreadable"],
        "inputs": whole["inputs"],
        "skipped": whole["diagnostics"]["skipped-file"]["count"],
    });
    board.record(
        "folder + gzip",
        &expected,
        &got,
        &["messages", "unreadable", "inputs", "skipped"],
        false,
    );
    board.print("audit command line");
    assert!(board.all_pass(), "{}", board.mismatches.join("\n"));
    assert_eq!(whole["regressions"].as_array().map(Vec::len), Some(6));

    // The two parts audited apart and merged are the audit of both.
    let part_a = dir.join("a.json");
    let part_b = dir.join("b.json");
    std::fs::write(&part_a, run_audit(&["--json"], &[&folder])).unwrap();
    std::fs::write(&part_b, run_audit(&["--json"], &[&gz])).unwrap();
    let merged: Value =
        serde_json::from_slice(&run_audit(&["--merge", "--json"], &[&part_b, &part_a])).unwrap();
    assert_eq!(merged, whole);

    // --jsonl: one record per message; --redact masks the local parts of Message-IDs.
    let lines = String::from_utf8(run_audit(&["--jsonl", "--redact"], &[&gz])).unwrap();
    assert_eq!(lines.lines().count(), 7);
    assert!(!lines.contains("<jan@acme.example>") && lines.contains("acme.example"));
    // --csv: a header and one row per sender domain.
    let csv = String::from_utf8(run_audit(&["--csv"], &[&gz])).unwrap();
    assert!(csv.starts_with("domain,messages,encrypted,not_encrypted,"));
    assert_eq!(csv.lines().count(), 3, "{csv}");
    // The tables name the regressions.
    let tables = String::from_utf8(run_audit(&[], &[&gz])).unwrap();
    assert!(tables.contains("Regressions (6)"), "{tables}");
    // A gzip file cut in half: what was decompressed is audited, and the damage is named.
    let whole_gz = std::fs::read(&gz).unwrap();
    let cut = dir.join("cut.mbox.gz");
    std::fs::write(&cut, &whole_gz[..whole_gz.len() / 2]).unwrap();
    let damaged: Value = serde_json::from_slice(&run_audit(&["--json"], &[&cut])).unwrap();
    assert_eq!(damaged["diagnostics"]["decompress-error"]["count"], 1);
    let audited = damaged["totals"]["messages"].as_u64().unwrap();
    assert!(
        (1..7).contains(&audited),
        "{audited} messages before the cut"
    );
    // Standard input: the same audit as the file.
    let mut child = Command::new(env!("CARGO_BIN_EXE_hoplock"))
        .args(["audit", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mbox = std::fs::read(data("audit/regressions.mbox")).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || stdin.write_all(&mbox));
    let from_stdin: Value =
        serde_json::from_slice(&child.wait_with_output().unwrap().stdout).unwrap();
    let from_file: Value =
        serde_json::from_slice(&run_audit(&["--json"], &[&data("audit/regressions.mbox")]))
            .unwrap();
    assert_eq!(from_stdin["totals"], from_file["totals"]);
    assert_eq!(
        from_stdin["by_domain"].as_object().map(|o| o.len()),
        Some(2)
    );
    // A missing path: said on stderr, exit code 1, the other paths still audited.
    let output = Command::new(env!("CARGO_BIN_EXE_hoplock"))
        .args(["audit", "--json"])
        .arg(dir.join("missing.mbox"))
        .arg(&gz)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.mbox"));
    let partial: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(partial["totals"]["messages"], 7);
    assert_eq!(partial["diagnostics"]["read-error"]["count"], 1);
}

/// The browser's path: inputs fed to a [`Session`] in chunks of any size give the command
/// line's `--json` for the same files (each input named as the command line names it).
#[test]
fn a_session_fed_in_chunks_gives_the_command_lines_json() {
    let dir = scratch("audit-session");
    let (mbox_path, gz_path) = mbox_and_gzip(&dir);
    let msg_path = data("ui/luxsci-outlook.msg");
    let paths = [mbox_path.as_path(), gz_path.as_path(), msg_path.as_path()];
    for redact in [false, true] {
        let args: &[&str] = if redact {
            &["--json", "--redact"]
        } else {
            &["--json"]
        };
        let expected: Value = serde_json::from_slice(&run_audit(args, &paths)).unwrap();
        for chunk in [1 << 20, 4096, 333] {
            let mut session = Session::new();
            for path in paths {
                let bytes = std::fs::read(path).unwrap();
                let name = path.display().to_string();
                let first = &bytes[..bytes.len().min(4096)];
                let kind = session.begin(&name, first, false);
                // The worker decompresses gzip itself (DecompressionStream) before feeding.
                let fed = match kind {
                    SessionKind::Gzip => {
                        let mut out = Vec::new();
                        std::io::Read::read_to_end(
                            &mut flate2::read::MultiGzDecoder::new(&bytes[..]),
                            &mut out,
                        )
                        .unwrap();
                        out
                    }
                    _ => bytes,
                };
                for piece in fed.chunks(chunk) {
                    session.feed(piece);
                }
                session.end();
            }
            let got = serde_json::to_value(session.aggregate(redact)).unwrap();
            assert_eq!(got, expected, "chunk {chunk}, redact {redact}");
            let digest = session.digest();
            let totals = &expected["totals"];
            for (name, value) in [
                ("messages", digest.messages),
                ("encrypted", digest.mix.encrypted),
                ("not-encrypted", digest.mix.not_encrypted),
                ("unknown", digest.mix.unknown),
            ] {
                assert_eq!(totals[name], json!(value), "digest {name}");
            }
        }
    }
}

/// Every listed message can be read again: its bytes at the listed offset give the header
/// section the audit analysed (same verdict), and a regression names a message it can locate.
#[test]
fn a_sessions_messages_are_listed_and_read_again() {
    let (mbox, _) = corpus_mbox();
    let fixture = std::fs::read(data("audit/regressions.mbox")).unwrap();
    let inputs = [("corpus.mbox", mbox), ("regressions.mbox", fixture)];
    let mut session = Session::new();
    for (name, bytes) in &inputs {
        session.begin(name, &bytes[..4096.min(bytes.len())], false);
        session.feed(bytes);
        session.end();
    }
    let digest = session.digest();
    assert!(
        !digest.regressions.is_empty(),
        "the fixture has regressions"
    );
    let mut listed_total = 0u64;
    for row in &digest.domains {
        let listing = session.list(GroupKind::Domain, &row.key, usize::MAX);
        assert_eq!(listing.total, row.messages, "{}: all listed", row.key);
        listed_total += listing.total;
        for m in listing.messages {
            let at = session.locate(m.input, m.offset).expect("located");
            let bytes = &inputs[m.input as usize].1;
            let slice = &bytes[at.offset as usize..(at.offset + at.length) as usize];
            let text = header_text(slice);
            let record = Record::of(
                &MessageHead {
                    header: text.into_bytes(),
                    ..MessageHead::default()
                },
                "",
            );
            assert_eq!(record.class(), m.class, "{} at {}", m.file, m.offset);
        }
    }
    assert_eq!(listed_total, digest.messages);
    for r in &digest.regressions {
        let input = r.input.expect("the regression's input is known");
        assert!(
            session.locate(input, r.offset).is_some(),
            "{}: located",
            r.key
        );
    }
    // Organisations list the same messages, grouped otherwise.
    let by_org: u64 = digest
        .organisations
        .iter()
        .map(|row| session.list(GroupKind::Organisation, &row.key, 3).total)
        .sum();
    assert_eq!(by_org, digest.messages);
    // The worker sends the digest and listings as JSON written by the core's writer; the audit
    // view reads them back with serde: the same values.
    let tree = hoplock::core::export::json::to_tree(&digest).unwrap();
    let back: Digest =
        serde_json::from_str(&hoplock::core::export::json::to_string_pretty(&tree)).unwrap();
    assert_eq!(back, digest);
    let listing = session.list(GroupKind::Domain, &digest.domains[0].key, 5);
    let tree = hoplock::core::export::json::to_tree(&listing).unwrap();
    let back: Listing =
        serde_json::from_str(&hoplock::core::export::json::to_string_pretty(&tree)).unwrap();
    assert_eq!(back, listing);
}

/// A file in a folder that is no mail is skipped and counted; named on its own it is audited.
#[test]
fn a_session_skips_other_files_only_in_folders() {
    let mut session = Session::new();
    assert_eq!(
        session.begin("photo.jpg", b"\xFF\xD8\xFF\xE0", true),
        SessionKind::Skipped
    );
    session.feed(b"\xFF\xD8\xFF\xE0 more");
    session.end();
    assert_eq!(session.messages(), 0);
    assert_eq!(
        session.begin("notes.txt", b"hello", false),
        SessionKind::Mail
    );
    session.feed(b"hello");
    session.end();
    assert_eq!(session.messages(), 1);
    let digest = session.digest();
    assert_eq!(digest.unreadable, 1);
    // Files read, as the command line counts them: the skipped file is not one.
    assert_eq!(digest.inputs, 1);
    assert_eq!(digest.problems[0].code.name(), "not-a-message");
    assert!(
        digest
            .problems
            .iter()
            .any(|p| p.code.name() == "skipped-file")
    );
}

/// Which single dropped file the page audits as a mailbox (the rest it shows as one message).
#[test]
fn a_dropped_file_is_a_mailbox_when_it_holds_more_than_one_message() {
    use hoplock::audit::mbox::is_mailbox;
    let one = "From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nReceived: from a by b; Fri, 8 Jul 2011 12:08:34 +0000\n\nFrom the body, no separator\n";
    let two = format!("{one}From - Mon Jan 01 00:00:00 2024\nReceived: from c by d\n\nbody\n");
    let gz = gzip(two.as_bytes());
    let cases: [(&str, &[u8], u64, bool); 6] = [
        (
            "one mbox message, whole",
            one.as_bytes(),
            one.len() as u64,
            false,
        ),
        ("two mbox messages", two.as_bytes(), two.len() as u64, true),
        (
            "an mbox larger than its head",
            one.as_bytes(),
            10 << 20,
            true,
        ),
        ("gzip", &gz, gz.len() as u64, true),
        (
            "an .eml",
            b"Received: from a by b\n\nFrom x Fri Jul  8 12:08:34 2011\n",
            60,
            false,
        ),
        (
            "an Outlook .msg",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            8 << 20,
            false,
        ),
    ];
    for (case, head, size, expected) in cases {
        assert_eq!(is_mailbox(head, size), expected, "{case}");
    }
}

/// `hoplock-worker FILE…` (the worker's session, natively, streamed) prints the digest of the
/// command line's audit of the same files.
#[test]
fn the_worker_program_prints_the_digest_of_the_same_audit() {
    let dir = scratch("audit-worker-program");
    let (mbox_path, gz_path) = mbox_and_gzip(&dir);
    let paths = [mbox_path.as_path(), gz_path.as_path()];
    let expected: Value = serde_json::from_slice(&run_audit(&["--json"], &paths)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_hoplock-worker"))
        .args(paths)
        .output()
        .expect("run hoplock-worker");
    assert!(output.status.success());
    let digest: Digest = serde_json::from_slice(&output.stdout).expect("a digest");
    let totals = &expected["totals"];
    for (name, value) in [
        ("messages", digest.messages),
        ("encrypted", digest.mix.encrypted),
        ("not-encrypted", digest.mix.not_encrypted),
        ("unknown", digest.mix.unknown),
        ("no-hops", digest.no_hops),
        ("unreadable", digest.unreadable),
    ] {
        assert_eq!(totals[name], json!(value), "{name}");
    }
    assert_eq!(
        json!(digest.domains.len()),
        json!(expected["by_domain"].as_object().unwrap().len())
    );
    assert_eq!(
        json!(digest.regressions.len()),
        json!(expected["regressions"].as_array().unwrap().len())
    );
}
