//! Input intake: whatever a person pastes or drops → the header fields of one message.
//!
//! Accepted: a header block, a whole .eml (reading stops at the blank line that ends the header
//! section, so a multi-megabyte body is never scanned), an mbox message (`From ` first line),
//! an Outlook .msg (its transport-headers property), Outlook's "Internet headers" box, CRLF or
//! LF or CR line ends, leading blank lines or junk, and headers whose folding indentation was
//! lost on the way through a web page or mail client (a line that does not start a header is
//! joined to the previous field). RFC 2047 encoded words are decoded in
//! [`HeaderField::value`] ([`crate::core::encoded_word`]). Total: never panics, never fails; what was odd about
//! the input is said in [`HeaderBlock::diagnostics`].
//!
//! Hostile-input limits (each reported in plain words when hit): at most
//! [`MAX_HEADER_BYTES`] of header section, [`MAX_FIELDS`] fields, [`MAX_RECEIVED`] Received
//! fields, and [`crate::core::limits::MAX_FIELD_BYTES`] per Received field
//! ([`crate::core::limits`]). Every step is a single pass over its input.

use crate::core::encoded_word::{self, CharsetDecoder};
pub use crate::core::limits::{Limits, MAX_FIELDS, MAX_HEADER_BYTES, MAX_RECEIVED};
use crate::core::model::{Diagnostic, DiagnosticCode, HeaderField};

/// The header section of the input, as fields in their original order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeaderBlock {
    pub fields: Vec<HeaderField>,
    pub diagnostics: Vec<Diagnostic>,
    /// 1-based input line on which each field of `fields` starts (same order).
    pub field_lines: Vec<usize>,
}

/// A header field name as RFC 5322 allows it (printable ASCII except `:` and space), kept to
/// the characters real names use so that a wrapped continuation line such as
/// `Mon, 21 May 2018 09:08:53 -0700` is never mistaken for a new field.
fn header_name(line: &str) -> Option<&str> {
    let colon = line.find(':')?;
    let name = &line[..colon];
    let ok = !name.is_empty()
        && name.len() <= 76
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then_some(name)
}

/// Read the header section with the default [`Limits`]. Total: never panics.
pub fn read(bytes: &[u8]) -> HeaderBlock {
    read_with(bytes, &Limits::DEFAULT)
}

/// Read the header section within `limits`. Total: never panics.
pub fn read_with(bytes: &[u8], limits: &Limits) -> HeaderBlock {
    read_with_charsets(bytes, limits, encoded_word::DEFAULT_CHARSETS)
}

/// [`read_with`], with `charsets` decoding encoded words in charsets beyond UTF-8 and
/// windows-1252 (the web app passes the browser's `TextDecoder`). Total: never panics.
pub fn read_with_charsets(bytes: &[u8], limits: &Limits, charsets: CharsetDecoder) -> HeaderBlock {
    if let Some(text) = crate::core::outlook_msg::transport_headers(bytes) {
        let mut block = read_text(text.as_bytes(), limits, charsets);
        block.diagnostics.insert(
            0,
            Diagnostic::new(
                DiagnosticCode::ReadFromOutlookMsg,
                "Read the Internet headers stored in the Outlook message (.msg).",
            ),
        );
        return block;
    }
    read_text_input(bytes, limits, charsets)
}

/// [`read_with_charsets`] for input that is text, never an Outlook compound file (pasted or
/// typed: the compound-file signature `D0 CF …` is not valid UTF-8). The .msg probe is left
/// out, so a program that reads only text (the web app, whose .msg reader is a worker module of
/// its own) links no compound-file reader. Total: never panics.
pub fn read_text_input(bytes: &[u8], limits: &Limits, charsets: CharsetDecoder) -> HeaderBlock {
    let block = read_text(bytes, limits, charsets);
    if has_received(&block) {
        return block;
    }
    // Headers quoted in a reply (`> Received: …`) or indented as a whole (copied from a web
    // page): strip the common prefix and let the lost-folding rule rebuild the fields.
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(limits.header_bytes)]);
    let stripped: String = lines(&text)
        .map(|l| l.trim_start_matches(['>', ' ', '\t']))
        .collect::<Vec<_>>()
        .join("\n");
    let mut unquoted = read_text(stripped.as_bytes(), limits, charsets);
    if has_received(&unquoted) {
        unquoted.diagnostics.insert(
            0,
            Diagnostic::new(DiagnosticCode::Unquoted, "The headers were quoted ('>') or indented; that prefix was removed and the folding rebuilt."),
        );
        return unquoted;
    }
    block
}

/// Whether `line` starts a header field (`name:` at the start of the line, not indented): the
/// first such line starts the header section.
fn starts_field(line: &str) -> bool {
    header_name(line).is_some() && !line.starts_with([' ', '\t'])
}

/// The header section of a text as [`read`] delimits it: everything up to the empty line that
/// follows the first header field (that line and the body after it cut off), or the whole text
/// when no such line follows. Empty lines and junk before the first field do not end it, so a
/// file that begins with empty lines keeps its headers (the web app cuts a dropped file or an
/// oversized paste with this before putting it in the paste box). The line end of the last
/// header line is kept.
pub fn header_section(text: &str) -> &str {
    let mut started = false;
    for (at, line) in lines_at(text) {
        if line.trim().is_empty() {
            if started {
                return &text[..at];
            }
        } else if starts_field(line) {
            started = true;
        }
    }
    text
}

fn has_received(block: &HeaderBlock) -> bool {
    block
        .fields
        .iter()
        .any(|f| f.name.eq_ignore_ascii_case("received"))
}

fn read_text(bytes: &[u8], limits: &Limits, charsets: CharsetDecoder) -> HeaderBlock {
    let mut block = HeaderBlock::default();
    let mut bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.len() > limits.header_bytes {
        // Only the start can hold the header section we analyse; the cut is reported below if
        // the header section had not ended by then.
        bytes = &bytes[..limits.header_bytes];
    }
    let truncated_input = bytes.len() == limits.header_bytes;
    let text = String::from_utf8_lossy(bytes);
    if matches!(text, std::borrow::Cow::Owned(_)) {
        block.diagnostics.push(Diagnostic::new(
            DiagnosticCode::InvalidUtf8,
            "Some bytes were not valid UTF-8 and were replaced by \u{FFFD}.",
        ));
    }

    let mut started = false;
    let mut ended = false;
    let mut skipped_junk = 0usize;
    let mut refolded = 0usize;
    let mut received = 0usize;
    let mut dropped_received = 0usize;
    let mut dropped_fields = 0usize;
    // Whether the current field is being kept (a dropped field's continuation lines are dropped too).
    let mut keeping = false;

    for (n, line) in lines(&text).enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            if started {
                ended = true;
                if line_no > 1 {
                    block.diagnostics.push(Diagnostic::new(DiagnosticCode::BodyNotRead, format!(
                        "The header section ends at line {line_no}; what follows (the message body) was not read."
                    )));
                }
                break;
            }
            continue;
        }
        if !started {
            // mbox separator `From sender date` (no colon after the first word).
            if n == 0 && line.starts_with("From ") && header_name(line).is_none() {
                continue;
            }
            if !starts_field(line) {
                skipped_junk += 1;
                continue;
            }
            started = true;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented || header_name(line).is_none() {
            if !indented {
                refolded += 1;
            }
            if keeping && let Some(last) = block.fields.last_mut() {
                last.raw.push('\n');
                last.raw.push_str(line);
                last.value.push(' ');
                last.value.push_str(line.trim());
            }
            continue;
        }
        let name = header_name(line).unwrap_or_default();
        let is_received = name.eq_ignore_ascii_case("received");
        if is_received {
            received += 1;
            if received > limits.received {
                dropped_received += 1;
                keeping = false;
                continue;
            }
        }
        if block.fields.len() >= limits.fields {
            dropped_fields += 1;
            keeping = false;
            continue;
        }
        keeping = true;
        block.fields.push(HeaderField {
            name: name.to_string(),
            value: line[name.len() + 1..].trim().to_string(),
            raw: line.to_string(),
        });
        block.field_lines.push(line_no);
    }

    for field in &mut block.fields {
        if field.value.contains("=?") {
            field.value = encoded_word::decode(&field.value, charsets);
        }
    }

    if skipped_junk > 0 && started {
        block.diagnostics.push(Diagnostic::new(
            DiagnosticCode::SkippedLines,
            format!("Skipped {skipped_junk} line(s) before the first header field."),
        ));
    }
    if refolded > 0 {
        block.diagnostics.push(Diagnostic::new(DiagnosticCode::Refolded, format!(
            "{refolded} line(s) had lost their folding indentation (copied from a web page or mail client?) and were joined to the header above them."
        )));
    }
    if dropped_received > 0 {
        block.diagnostics.push(Diagnostic::new(
            DiagnosticCode::TooManyReceived,
            format!(
                "Too many Received headers: {received} found, only the first {} were analysed.",
                limits.received
            ),
        ));
    }
    if dropped_fields > 0 {
        block.diagnostics.push(Diagnostic::new(DiagnosticCode::TooManyFields, format!(
            "Too many header fields: only the first {} were read ({dropped_fields} more ignored).",
            limits.fields
        )));
    }
    if truncated_input && !ended {
        block.diagnostics.push(Diagnostic::new(DiagnosticCode::InputTooLarge, format!(
            "The input is too large: only the first {} KiB were read; the header section may be cut off.",
            limits.header_bytes / 1024
        )));
    }
    if !started {
        block.diagnostics.push(Diagnostic::new(
            DiagnosticCode::NoHeaderFields,
            "No header fields found: the input does not look like email headers.",
        ));
    }
    block
}

/// Lines split on LF, CRLF or a lone CR, without their line ends.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    lines_at(text).map(|(_, line)| line)
}

/// [`lines`], each with its byte offset in `text`.
fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    let mut done = text.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = &text[at..];
        let start = at;
        match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                at += i + skip;
                Some((start, &rest[..i]))
            }
            None => {
                done = true;
                Some((start, rest))
            }
        }
    })
}
