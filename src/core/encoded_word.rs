//! RFC 2047 encoded words in unstructured header values: `=?charset[*lang]?B|Q?text?=`.
//!
//! The rules are mail-parser's unstructured-field rules (`MessageStream::parse_unstructured`,
//! which decoded these values before, so every report stays the same; `tests/core/encoded_words.rs`
//! compares the two on a fixture table and on every header of the corpus):
//!
//! * text between encoded words is kept as it is, trimmed of the spaces around it, and the
//!   pieces are joined by one space; whitespace between two adjacent encoded words is dropped
//!   (RFC 2047 §6.2);
//! * Q: `_` is a space, `=XX` a byte, anything else itself; B: base64, spaces ignored, an
//!   incomplete last group without `=` padding dropped;
//! * a word that does not decode (`=?x?q?` without its `?=`, a bad escape) is left as it is.
//!
//! The core decodes UTF-8 and windows-1252 itself (with every name mail-parser gives it:
//! US-ASCII, ISO-8859-1, latin1 …, the undefined bytes as U+FFFD, like mail-parser). Any other
//! charset goes to a [`CharsetDecoder`] chosen by the caller: mail-parser's tables natively
//! ([`DEFAULT_CHARSETS`]), the browser's `TextDecoder` in the web app — which knows the same
//! charsets — so the wasm carries none of mail-parser's charset tables and decoders (their size:
//! ARCHITECTURE.md, "Why hand-written"). A charset nobody knows is read as UTF-8 with U+FFFD for
//! invalid bytes (what mail-parser does too).
//!
//! Total and linear: the input is one unfolded header value; every byte is looked at a bounded
//! number of times, also when many `=?` never close (a Q or B run that failed once is marked so
//! that a later word running into it stops there instead of scanning it again).

/// Decodes `bytes` of an encoded word in `charset` (its name as written, without `*lang`), or
/// `None` when it does not know that charset. Called only for charsets the core does not decode
/// itself.
pub type CharsetDecoder = fn(charset: &str, bytes: &[u8]) -> Option<String>;

/// The [`CharsetDecoder`] that `analyze` uses: mail-parser's charset tables (natively).
#[cfg(not(target_arch = "wasm32"))]
pub const DEFAULT_CHARSETS: CharsetDecoder = mail_parser_charsets;
/// The [`CharsetDecoder`] that `analyze` uses: none on wasm32, where the web app passes the
/// browser's `TextDecoder` instead (so mail-parser's tables are never linked into the wasm).
#[cfg(target_arch = "wasm32")]
pub const DEFAULT_CHARSETS: CharsetDecoder = no_other_charsets;

/// Knows no charset beyond the core's own (UTF-8, windows-1252).
pub fn no_other_charsets(_charset: &str, _bytes: &[u8]) -> Option<String> {
    None
}

/// mail-parser's tables: single-byte (ISO-8859-x, windows-125x, KOI8, …), UTF-16/UTF-7 and,
/// with its `full_encoding` feature (native only, see Cargo.toml), Shift_JIS, ISO-2022-JP, GBK,
/// Big5, EUC-KR …: the charsets the browser's `TextDecoder` knows.
#[cfg(not(target_arch = "wasm32"))]
pub fn mail_parser_charsets(charset: &str, bytes: &[u8]) -> Option<String> {
    mail_parser::decoders::charsets::map::charset_decoder(charset.as_bytes()).map(|d| d(bytes))
}

/// `value` with its encoded words decoded; charsets beyond UTF-8 and windows-1252 by `others`.
pub fn decode(value: &str, others: CharsetDecoder) -> String {
    let bytes = value.as_bytes();
    let mut out = Joined::default();
    let mut dead = Vec::new();
    // The pending run of plain text (start, end), not yet added to `out`.
    let mut text: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'=' if bytes.get(i + 1) == Some(&b'?') => {
                if let Some((decoded, end)) = word(bytes, i + 1, &mut dead, others) {
                    if let Some((run_start, run_end)) = text.take() {
                        out.text(&bytes[run_start..run_end]);
                    }
                    out.word(&decoded);
                    i = end;
                    continue;
                }
                text = Some((text.map_or(i, |t| t.0), i + 1));
            }
            _ => text = Some((text.map_or(i, |t| t.0), i + 1)),
        }
        i += 1;
    }
    if let Some((start, end)) = text {
        out.text(&bytes[start..end]);
    }
    if out.done {
        out.joined
    } else {
        value.to_string()
    }
}

/// The decoded value: runs of text and decoded words, joined as mail-parser joins them.
#[derive(Default)]
struct Joined {
    joined: String,
    /// Something (even an empty word) has been added.
    done: bool,
    /// The last piece added was a text run (the next word gets a space before it).
    after_text: bool,
}

impl Joined {
    fn text(&mut self, run: &[u8]) {
        if self.done {
            self.joined.push(' ');
        }
        self.joined.push_str(&String::from_utf8_lossy(run));
        self.done = true;
        self.after_text = true;
    }

    fn word(&mut self, decoded: &str) {
        if self.after_text {
            self.joined.push(' ');
        }
        self.joined.push_str(decoded);
        self.done = true;
        self.after_text = false;
    }
}

/// The encoded word whose `?` after `=` is at `question`: its decoded text and the index just
/// after its closing `?=`, or `None` when it is not a well-formed word.
fn word(
    bytes: &[u8],
    question: usize,
    dead: &mut Vec<u8>,
    others: CharsetDecoder,
) -> Option<(String, usize)> {
    // `charset[*lang]?`: the name ends at the first `*` after its first byte, or at the `?`.
    let start = question + 1;
    let end = start + bytes.get(start..)?.iter().position(|&b| b == b'?')?;
    let name_end = bytes[start..end]
        .iter()
        .skip(1)
        .position(|&b| b == b'*')
        .map_or(end, |p| start + 1 + p);
    if name_end - start < 2 || bytes[start..end].contains(&b'\n') {
        return None;
    }
    let kind = match bytes.get(end + 1)? {
        b'q' | b'Q' => Kind::Q,
        b'b' | b'B' => Kind::B,
        _ => return None,
    };
    if bytes.get(end + 2) != Some(&b'?') {
        return None;
    }
    let data = end + 3;
    let (decoded, after) = match kind.run(bytes, data, dead, false) {
        Some(found) => found,
        None => {
            // Mark the states this run went through, so that no later word scans them again.
            if dead.is_empty() {
                dead.resize(bytes.len(), 0);
            }
            kind.run(bytes, data, dead, true);
            return None;
        }
    };
    // Sliced at ASCII `?` and `*`, so on character boundaries.
    let charset = std::str::from_utf8(&bytes[start..name_end]).unwrap_or_default();
    Some((text_in(charset, decoded, others), after))
}

/// The bytes of a word as text.
fn text_in(charset: &str, bytes: Vec<u8>, others: CharsetDecoder) -> String {
    let mut name = [0u8; 16];
    let known = normalized(charset, &mut name);
    if known.is_some_and(is_windows_1252) {
        return windows_1252(&bytes);
    }
    if !known.is_some_and(|n| n == b"utf_8" || n == b"utf8")
        && let Some(text) = others(charset, &bytes)
    {
        return text;
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The charset name lowercased with `-` as `_` (how mail-parser looks names up), if it fits.
fn normalized<'a>(charset: &str, buf: &'a mut [u8; 16]) -> Option<&'a [u8]> {
    let name = buf.get_mut(..charset.len())?;
    for (to, from) in name.iter_mut().zip(charset.bytes()) {
        *to = match from {
            b'-' => b'_',
            b => b.to_ascii_lowercase(),
        };
    }
    Some(name)
}

/// The names mail-parser reads as windows-1252 (ISO-8859-1 and US-ASCII among them, as the
/// WHATWG Encoding Standard does too).
fn is_windows_1252(name: &[u8]) -> bool {
    matches!(
        name,
        b"ansi_x3.4_1968"
            | b"ascii"
            | b"cp1252"
            | b"cp819"
            | b"csisolatin1"
            | b"cswindows1252"
            | b"ibm819"
            | b"iso88591"
            | b"iso8859_1"
            | b"iso_8859_1"
            | b"iso_8859_1:1987"
            | b"iso_ir_100"
            | b"l1"
            | b"latin1"
            | b"us_ascii"
            | b"windows_1252"
            | b"x_cp1252"
    )
}

/// windows-1252: ISO-8859-1 with printable characters in 0x80–0x9F (U+FFFD for the five
/// undefined bytes, as mail-parser's table has them).
fn windows_1252(bytes: &[u8]) -> String {
    const C1: [u16; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(C1[usize::from(b - 0x80)].into()).unwrap_or('\u{FFFD}'),
            _ => char::from(b),
        })
        .collect()
}

/// The two encodings of RFC 2047 §4.
#[derive(Clone, Copy)]
enum Kind {
    Q,
    B,
}

impl Kind {
    /// Decode the encoded text from `data` up to its `?=`: the bytes and the index after `?=`,
    /// or `None`. A state (position, decoder state) marked in `dead` is known to fail; with
    /// `mark`, every state passed is marked (called again after a failure to record it).
    fn run(
        self,
        bytes: &[u8],
        data: usize,
        dead: &mut [u8],
        mark: bool,
    ) -> Option<(Vec<u8>, usize)> {
        let mut out = Vec::new();
        // Q: 0 = plain, 1 = after `=`, 2 = after `=X`. B: the number of base64 digits (0–3)
        // in `group` not yet written out.
        let mut state = 0u8;
        let mut group = 0u32;
        let mut i = data;
        loop {
            let b = *bytes.get(i)?;
            let bit = 1u8 << (state + if matches!(self, Kind::Q) { 0 } else { 3 });
            if let Some(seen) = dead.get_mut(i) {
                if *seen & bit != 0 {
                    return None;
                }
                if mark {
                    *seen |= bit;
                }
            }
            let closes = b == b'?' && bytes.get(i + 1) == Some(&b'=');
            if closes {
                return Some((out, i + 2));
            }
            match self {
                Kind::Q => match (b, state) {
                    (b'\n', _) => return None,
                    (b'=', 0) => state = 1,
                    (b'=', _) => return None,
                    (b'?', _) => out.push(b'?'),
                    (b'_', _) => out.push(b' '),
                    (b'\r', _) => {}
                    (_, 0) => out.push(b),
                    (_, _) => {
                        let digit = char::from(b).to_digit(16)?;
                        group = group << 4 | digit;
                        state = if state == 1 {
                            2
                        } else {
                            out.push(group as u8);
                            group = 0;
                            0
                        };
                    }
                },
                Kind::B => match b {
                    b'?' | b'\n' => return None,
                    b' ' | b'\t' | b'\r' => {}
                    // Padding writes out what the group holds (mail-parser also writes the
                    // bits of a lone digit) and starts a new group.
                    b'=' => {
                        match state {
                            1 => out.push((group << 2) as u8),
                            2 => out.push((group >> 4) as u8),
                            3 => out.extend_from_slice(&[(group >> 10) as u8, (group >> 2) as u8]),
                            _ => {}
                        }
                        state = 0;
                        group = 0;
                    }
                    _ => {
                        group = group << 6 | base64_digit(b)?;
                        state = (state + 1) & 3;
                        if state == 0 {
                            out.extend_from_slice(&[
                                (group >> 16) as u8,
                                (group >> 8) as u8,
                                group as u8,
                            ]);
                            group = 0;
                        }
                    }
                },
            }
            i += 1;
        }
    }
}

/// The value of a base64 digit (RFC 4648 §4 alphabet).
fn base64_digit(b: u8) -> Option<u32> {
    let value = match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(value.into())
}
