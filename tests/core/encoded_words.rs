//! RFC 2047 encoded words (`hoplock::core::encoded_word`) against mail-parser's
//! `parse_unstructured`, which decoded header values before and is the reference here:
//!
//! * every case of `tests/data/encoded_words.jsonl` (with its optional expected text and the
//!   result with a stand-in charset decoder);
//! * every header value of the corpus and of our own messages, and what intake made of it;
//! * random values built from the pieces encoded words are made of.

use serde_json::{Value, json};
use std::path::Path;

use hoplock::core::encoded_word::{self, DEFAULT_CHARSETS};

fn data(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

/// What mail-parser's unstructured-field parser makes of a header value (the value unchanged
/// when it finds nothing, as intake did).
fn reference(value: &str) -> String {
    let input = format!("{value}\n");
    match mail_parser::parsers::MessageStream::new(input.as_bytes()).parse_unstructured() {
        mail_parser::HeaderValue::Text(text) => text.into_owned(),
        _ => value.to_string(),
    }
}

/// A charset decoder that shows what it was given: `[charset:hex bytes]`.
fn stand_in(charset: &str, bytes: &[u8]) -> Option<String> {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("[{charset}:{hex}]"))
}

/// The fixture's cases (comment lines start with `//`).
fn cases() -> Vec<Value> {
    std::fs::read_to_string(data("encoded_words.jsonl"))
        .expect("tests/data/encoded_words.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Each case decoded three ways, compared by the shared `check` helper: with the native
/// charsets against mail-parser (`reference`) and the expected text (`decoded`), and with the
/// stand-in decoder (`injected`).
#[test]
fn fixture_words_decode_like_mail_parser() {
    let cases = cases();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut mismatches = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        let value = case["value"].as_str().expect("value");
        let ours = encoded_word::decode(value, DEFAULT_CHARSETS);
        let mut expected = case.clone();
        expected["reference"] = json!(reference(value));
        let actual = json!({
            "reference": ours,
            "decoded": ours,
            "injected": encoded_word::decode(value, stand_in),
        });
        mismatches.extend(crate::check::check(
            &format!("encoded_words.jsonl case {} {value:?}", n + 1),
            &expected,
            &actual,
            &["reference", "decoded", "injected"],
        ));
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

/// Every header value of every message we have, decoded by both; and intake's value is the
/// decoded one.
#[test]
fn corpus_header_values_decode_like_mail_parser() {
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for dir in ["corpus/messages", "messages"] {
        for entry in std::fs::read_dir(data(dir)).expect("data dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("message");
            for field in hoplock::core::intake::read(&bytes).fields {
                // The value as intake unfolds it: the lines of the field, trimmed, joined by a space.
                let unfolded = field.raw[field.name.len() + 1..]
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" ");
                let want = reference(&unfolded);
                let case = format!("{}: {}", path.display(), field.name);
                let expected = json!({"decode": want, "intake": want});
                let mut actual =
                    json!({"decode": encoded_word::decode(&unfolded, DEFAULT_CHARSETS)});
                if unfolded.contains("=?") {
                    actual["intake"] = json!(field.value);
                    compared += 1;
                } else {
                    actual["intake"] = expected["intake"].clone();
                }
                mismatches.extend(crate::check::check(
                    &case,
                    &expected,
                    &actual,
                    &["decode", "intake"],
                ));
            }
        }
    }
    assert!(
        compared >= 5,
        "only {compared} header values with encoded words"
    );
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

/// Random values from the pieces of encoded words (well-formed, cut off, nested) agree with
/// mail-parser too.
#[test]
fn random_values_decode_like_mail_parser() {
    const PIECES: &[&str] = &[
        "=?",
        "?=",
        "?",
        "=",
        "utf-8",
        "UTF-8",
        "iso-8859-1",
        "koi8-r",
        "x-nope",
        "u",
        "*",
        "*en",
        "?q?",
        "?Q?",
        "?b?",
        "?B?",
        "?x?",
        "_",
        " ",
        "\t",
        "  ",
        "=C3",
        "=A9",
        "=c3=a9",
        "=4",
        "=Z",
        "=20",
        "QUJD",
        "w6k=",
        "==",
        "Yg",
        "!",
        "a",
        "Re:",
        "é",
        "€",
        "=?utf-8?q?caf=C3=A9?=",
        "=?utf-8?b?w6k=?=",
        "=?ab?q?",
        "=?ab?b?",
    ];
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: usize| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    };
    let mut mismatches = Vec::new();
    for n in 0..20_000 {
        let value: String = (0..1 + next(12))
            .map(|_| PIECES[next(PIECES.len())])
            .collect();
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let expected = json!({ "decoded": reference(value) });
        let actual = json!({ "decoded": encoded_word::decode(value, DEFAULT_CHARSETS) });
        mismatches.extend(crate::check::check(
            &format!("random {n} {value:?}"),
            &expected,
            &actual,
            &["decoded"],
        ));
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches: {:#?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(20)]
    );
}
