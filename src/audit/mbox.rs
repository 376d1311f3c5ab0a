//! A push-style mailbox splitter: feed byte chunks, get each message's header section.
//!
//! Sans-IO (the browser feeds it `Blob.stream()` chunks, the command line file reads), bounded
//! memory (at most [`MAX_HEADER_BYTES`] of header kept per message, nothing of a body), total
//! (never panics; odd input gives a named [`DiagnosticCode`] on the message it concerns).
//!
//! Formats (RFC 4155, "application/mbox"; `/work/shared/research/formats.md`):
//!
//! - **mbox** — the stream starts with a `From ` line (mboxo, mboxrd, mboxcl, Thunderbird's
//!   `From - Mon Jan 1 00:00:00 2024`, Google Takeout's `From 1234@xxx Mon …`). A line that
//!   begins with `From ` (`"\nFrom "`, found by memchr's SIMD substring search, so a
//!   multi-megabyte base64 body costs a scan, not a parse) starts the next message when it reads
//!   like a From_ line: a sender, then a date with a time (`From MAILER-DAEMON Fri Jul  8
//!   12:08:34 2011`), as every writer puts it. So an unquoted `From the team …` body line
//!   (mboxcl2 quotes nothing) splits nothing. mboxo/mboxrd quote such a body line as
//!   `>From …`; only header lines are unquoted here (one `>` removed from `>+From `), since
//!   bodies are skipped. mboxcl's `Content-Length:` is not trusted (it is wrong as soon as a tool
//!   rewrites line ends), the separator scan is.
//! - **one message** (`.eml`, a Maildir file) — anything that does not start with `From `
//!   (after blank lines or a UTF-8 BOM). No line of it splits it.
//!
//! The header section ends at the first empty line (LF or CRLF line ends). A message cut off
//! inside its header section (a broken final message), a header section over the cap, NUL bytes
//! or an empty message are reported per message; the splitter always continues.

use serde::{Deserialize, Serialize};

/// Header-section bytes kept per message (256 KiB; real header sections are a few KiB, and the
/// longest mailing-list ones in the corpus under 20 KiB). The rest of a longer one is skipped
/// with [`DiagnosticCode::HeaderTruncated`].
pub const MAX_HEADER_BYTES: usize = 256 * 1024;

/// The mbox separator as found inside the stream: a line beginning with `From `.
const SEPARATOR: &[u8] = b"\nFrom ";
/// A longer line beginning with `From ` is body text, not a From_ line.
const MAX_FROM_LINE: usize = 1000;

/// What was odd about one message or one input, by a stable name (the JSON's `diagnostics`
/// keys) and a plain sentence ([`DiagnosticCode::text`]).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticCode {
    /// The header section was longer than [`MAX_HEADER_BYTES`]; the rest was skipped.
    HeaderTruncated,
    /// An mbox message ended (next `From ` line or end of input) before its header section did:
    /// typically a broken final message.
    HeaderUnterminated,
    /// A `From ` line with no message after it.
    EmptyMessage,
    /// NUL bytes in the header section: binary data, not text.
    BinaryHeader,
    /// No header field could be read: not an email message (counted as unreadable).
    NotAMessage,
    /// A file could not be read (native input only).
    ReadError,
    /// A `.gz` file could not be decompressed to its end (native input only).
    DecompressError,
    /// A file found in a directory that is neither a mailbox nor a message (native input only).
    SkippedFile,
    /// An Outlook .msg file too large to be read whole (native input only).
    FileTooLarge,
}

impl DiagnosticCode {
    pub const ALL: [DiagnosticCode; 9] = [
        DiagnosticCode::HeaderTruncated,
        DiagnosticCode::HeaderUnterminated,
        DiagnosticCode::EmptyMessage,
        DiagnosticCode::BinaryHeader,
        DiagnosticCode::NotAMessage,
        DiagnosticCode::ReadError,
        DiagnosticCode::DecompressError,
        DiagnosticCode::SkippedFile,
        DiagnosticCode::FileTooLarge,
    ];

    /// The stable name, as in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            DiagnosticCode::HeaderTruncated => "header-truncated",
            DiagnosticCode::HeaderUnterminated => "header-unterminated",
            DiagnosticCode::EmptyMessage => "empty-message",
            DiagnosticCode::BinaryHeader => "binary-header",
            DiagnosticCode::NotAMessage => "not-a-message",
            DiagnosticCode::ReadError => "read-error",
            DiagnosticCode::DecompressError => "decompress-error",
            DiagnosticCode::SkippedFile => "skipped-file",
            DiagnosticCode::FileTooLarge => "file-too-large",
        }
    }

    /// One plain sentence for people.
    pub fn text(self) -> &'static str {
        match self {
            DiagnosticCode::HeaderTruncated => {
                "The header section is longer than 256 KiB; only its first 256 KiB were analysed."
            }
            DiagnosticCode::HeaderUnterminated => {
                "The message ends inside its header section (a cut-off or broken message)."
            }
            DiagnosticCode::EmptyMessage => "A mailbox separator line with no message after it.",
            DiagnosticCode::BinaryHeader => {
                "The header section contains NUL bytes: binary data, not email text."
            }
            DiagnosticCode::NotAMessage => {
                "No header field could be read: this is not an email message."
            }
            DiagnosticCode::ReadError => "The file could not be read.",
            DiagnosticCode::DecompressError => {
                "The compressed file is damaged or cut off; what was decompressed was audited."
            }
            DiagnosticCode::SkippedFile => {
                "A file in the folder is neither a mailbox nor an email message; it was skipped."
            }
            DiagnosticCode::FileTooLarge => {
                "An Outlook .msg file over 256 MiB was not read (it must be read whole)."
            }
        }
    }
}

/// One message of the stream: where it is, and its header section.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MessageHead {
    /// 0-based position in the stream.
    pub index: u64,
    /// Byte offset of the message's first byte (its `From ` line in an mbox) in the stream, so
    /// that the message can be read again (the browser's per-message view).
    pub offset: u64,
    /// Bytes from `offset` to the next message (or the end).
    pub length: u64,
    /// The header section, line ends as LF, mboxrd quoting removed, at most [`MAX_HEADER_BYTES`].
    pub header: Vec<u8>,
    pub diagnostics: Vec<DiagnosticCode>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Nothing but blank lines (or a BOM) seen yet; `line` holds the undecided first bytes.
    Start,
    /// Inside an mbox `From ` line (its text is not kept).
    FromLine,
    /// Inside a header section; `line` holds the current, incomplete line.
    Header,
    /// Inside a body: skipped.
    Body,
    /// A body line beginning with `From `: its rest (in `line`) decides whether it is a
    /// separator ([`is_from_line`]).
    Candidate,
}

/// The push-style splitter. `feed` chunks in order, then `finish`; each complete message is
/// handed to the callback as soon as the start of the next one (or the end) is seen.
#[derive(Clone, Debug)]
pub struct Splitter {
    max_header: usize,
    /// `Some(true)` mbox, `Some(false)` one message, `None` not decided yet.
    mbox: Option<bool>,
    state: State,
    /// Stream offset of the next byte fed.
    pos: u64,
    /// The current incomplete line (header state) or undecided first bytes (start state).
    line: Vec<u8>,
    /// The current message, once it has started.
    current: Option<MessageHead>,
    /// Whether a header field has been seen (blank lines before the first one are skipped).
    header_started: bool,
    next_index: u64,
    /// In a body: how many bytes of [`SEPARATOR`] the bytes fed so far end with.
    separator_match: usize,
    /// Stream offset of the candidate `From ` line.
    candidate_at: u64,
    finder: memchr::memmem::Finder<'static>,
}

impl Default for Splitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Splitter {
    /// A splitter keeping at most [`MAX_HEADER_BYTES`] of each header section.
    pub fn new() -> Self {
        Self::with_max_header(MAX_HEADER_BYTES)
    }

    /// A splitter keeping at most `max_header` bytes of each header section (tests and fuzzing
    /// use small caps to reach the truncation paths).
    pub fn with_max_header(max_header: usize) -> Self {
        Splitter {
            max_header: max_header.max(1),
            mbox: None,
            state: State::Start,
            pos: 0,
            line: Vec::new(),
            current: None,
            header_started: false,
            next_index: 0,
            separator_match: 0,
            candidate_at: 0,
            finder: memchr::memmem::Finder::new(SEPARATOR),
        }
    }

    /// Whether the stream was recognised as an mbox (`None` until its first bytes are seen).
    pub fn is_mbox(&self) -> Option<bool> {
        self.mbox
    }

    /// Bytes fed so far.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// Feed the next chunk; every message completed by it goes to `out`, in stream order.
    pub fn feed(&mut self, chunk: &[u8], out: &mut impl FnMut(MessageHead)) {
        let mut i = 0;
        while i < chunk.len() {
            i = match self.state {
                State::Start => self.start(chunk, i, out),
                State::FromLine => match memchr::memchr(b'\n', &chunk[i..]) {
                    Some(k) => {
                        self.state = State::Header;
                        i + k + 1
                    }
                    None => chunk.len(),
                },
                State::Header => self.header(chunk, i, out),
                State::Body => self.body(chunk, i),
                State::Candidate => self.candidate(chunk, i, out),
            };
        }
        self.pos += chunk.len() as u64;
    }

    /// The end of the stream: the last message (complete or not) goes to `out`.
    pub fn finish(mut self, out: &mut impl FnMut(MessageHead)) {
        if self.state == State::Start && !self.line.is_empty() {
            // Fewer than five bytes in all: too short for `From `, so one message.
            let first = std::mem::take(&mut self.line);
            self.begin(self.pos - first.len() as u64);
            self.mbox = Some(false);
            self.state = State::Header;
            self.replay(&first, out);
        }
        if self.state == State::Candidate {
            self.decide_candidate(out);
        }
        match self.state {
            State::Header => {
                if !self.line.is_empty() {
                    let line = std::mem::take(&mut self.line);
                    let start = self.pos - line.len() as u64;
                    self.header_line(&line, start, out);
                }
                if self.state == State::Header && self.mbox == Some(true) {
                    self.note(if self.header_started {
                        DiagnosticCode::HeaderUnterminated
                    } else {
                        DiagnosticCode::EmptyMessage
                    });
                }
            }
            State::FromLine => self.note(DiagnosticCode::EmptyMessage),
            State::Start | State::Body | State::Candidate => {}
        }
        let end = self.pos;
        self.complete(end, out);
    }

    /// Run bytes already consumed (the undecided first bytes of a single message) through the
    /// header state. Their stream offsets do not matter: only mbox separators use offsets.
    fn replay(&mut self, bytes: &[u8], out: &mut impl FnMut(MessageHead)) {
        let mut i = 0;
        while i < bytes.len() {
            i = match self.state {
                State::Header => self.header(bytes, i, out),
                _ => bytes.len(),
            };
        }
    }

    /// Start state: skip blank lines and a BOM, then decide mbox or one message from the first
    /// five bytes.
    fn start(&mut self, chunk: &[u8], mut i: usize, out: &mut impl FnMut(MessageHead)) -> usize {
        while i < chunk.len() && self.line.len() < 5 {
            let byte = chunk[i];
            i += 1;
            if self.line.is_empty() && matches!(byte, b'\n' | b'\r') {
                continue;
            }
            self.line.push(byte);
            if self.line == b"\xEF\xBB\xBF" {
                self.line.clear();
            }
        }
        if self.line.len() < 5 {
            return i;
        }
        let line = std::mem::take(&mut self.line);
        let start = self.pos + i as u64 - line.len() as u64;
        self.begin(start);
        if line == b"From " {
            self.mbox = Some(true);
            self.state = State::FromLine;
        } else {
            self.mbox = Some(false);
            self.state = State::Header;
            self.replay(&line, out);
        }
        i
    }

    /// Open a new message at stream offset `offset`.
    fn begin(&mut self, offset: u64) {
        self.current = Some(MessageHead {
            index: self.next_index,
            offset,
            ..MessageHead::default()
        });
        self.next_index += 1;
        self.header_started = false;
    }

    fn note(&mut self, code: DiagnosticCode) {
        if let Some(m) = &mut self.current
            && !m.diagnostics.contains(&code)
        {
            m.diagnostics.push(code);
        }
    }

    /// Close the current message at stream offset `end` and hand it out.
    fn complete(&mut self, end: u64, out: &mut impl FnMut(MessageHead)) {
        if let Some(mut m) = self.current.take() {
            m.length = end.saturating_sub(m.offset);
            if memchr::memchr(0, &m.header).is_some() {
                m.diagnostics.push(DiagnosticCode::BinaryHeader);
            }
            out(m);
        }
    }

    /// A new mbox message begins with the `From ` line at stream offset `at`; `From ` itself
    /// has been consumed.
    fn separator(&mut self, at: u64, out: &mut impl FnMut(MessageHead)) {
        self.complete(at, out);
        self.begin(at);
        self.state = State::FromLine;
        self.line.clear();
    }

    /// Header state: collect lines up to the empty one.
    fn header(&mut self, chunk: &[u8], i: usize, out: &mut impl FnMut(MessageHead)) -> usize {
        let rest = &chunk[i..];
        let (piece, next) = match memchr::memchr(b'\n', rest) {
            Some(k) => (&rest[..k], Some(i + k + 1)),
            None => (rest, None),
        };
        let kept = self.current.as_ref().map_or(0, |m| m.header.len());
        let room = self.max_header.saturating_sub(kept + self.line.len());
        if piece.len() > room {
            // A line that cannot fit: keep what fits and skip the rest of the message.
            let room = room.min(piece.len());
            self.line.extend_from_slice(&piece[..room]);
            let line = std::mem::take(&mut self.line);
            self.push_header_line(&line);
            self.note(DiagnosticCode::HeaderTruncated);
            self.state = State::Body;
            self.separator_match = 0;
            return i + room;
        }
        self.line.extend_from_slice(piece);
        match next {
            Some(next) => {
                let line = std::mem::take(&mut self.line);
                // May be negative for replayed bytes (offsets unused there).
                let start = (self.pos + next as u64).saturating_sub(line.len() as u64 + 1);
                self.header_line(&line, start, out);
                self.line = line;
                self.line.clear();
                next
            }
            None => chunk.len(),
        }
    }

    /// One complete header-state line (without its LF) that began at stream offset `start`.
    fn header_line(&mut self, line: &[u8], start: u64, out: &mut impl FnMut(MessageHead)) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            if self.header_started {
                // The header section ends; the body follows, at the start of a line.
                self.state = State::Body;
                self.separator_match = 1;
            }
            return;
        }
        if self.mbox == Some(true) && line.starts_with(b"From ") && is_from_line(&line[5..]) {
            // The next message starts before this one's header section ended.
            self.note(if self.header_started {
                DiagnosticCode::HeaderUnterminated
            } else {
                DiagnosticCode::EmptyMessage
            });
            self.separator(start, out);
            // The rest of the `From ` line is already consumed.
            self.state = State::Header;
            return;
        }
        // mboxrd/mboxo quoting: `>From ` / `>>From ` … lose one `>`.
        let line = if self.mbox == Some(true)
            && line.starts_with(b">")
            && line.iter().skip_while(|&&b| b == b'>').take(5).eq(b"From ")
        {
            &line[1..]
        } else {
            line
        };
        self.header_started = true;
        self.push_header_line(line);
    }

    fn push_header_line(&mut self, line: &[u8]) {
        let max = self.max_header;
        if let Some(m) = &mut self.current {
            let room = max.saturating_sub(m.header.len());
            let take = line.len().min(room);
            m.header.extend_from_slice(&line[..take]);
            if m.header.len() < max {
                m.header.push(b'\n');
            }
            if take < line.len() {
                self.note(DiagnosticCode::HeaderTruncated);
            }
        }
    }

    /// Body state: skip to the next `\nFrom ` (mbox) or the end (one message).
    fn body(&mut self, chunk: &[u8], i: usize) -> usize {
        if self.mbox != Some(true) {
            return chunk.len();
        }
        let rest = &chunk[i..];
        if self.separator_match > 0 {
            // The previous chunk ended with the start of a separator: does this one finish it?
            let need = &SEPARATOR[self.separator_match..];
            let n = need.len().min(rest.len());
            if rest[..n] == need[..n] {
                if n < need.len() {
                    self.separator_match += n;
                    return chunk.len();
                }
                // The `From ` line began `separator_match - 1` bytes before this chunk position.
                let at = self.pos + i as u64 - (self.separator_match as u64 - 1);
                self.separator_match = 0;
                self.begin_candidate(at);
                return i + n;
            }
            self.separator_match = 0;
        }
        match self.finder.find(rest) {
            Some(k) => {
                self.begin_candidate(self.pos + (i + k + 1) as u64);
                i + k + SEPARATOR.len()
            }
            None => {
                // Keep how much of a separator the chunk ends with (a proper prefix only).
                self.separator_match = (1..SEPARATOR.len())
                    .rev()
                    .find(|&n| rest.ends_with(&SEPARATOR[..n]))
                    .unwrap_or(0);
                chunk.len()
            }
        }
    }

    fn begin_candidate(&mut self, at: u64) {
        self.candidate_at = at;
        self.line.clear();
        self.state = State::Candidate;
    }

    /// Candidate state: collect the rest of the `From ` line, then decide.
    fn candidate(&mut self, chunk: &[u8], i: usize, out: &mut impl FnMut(MessageHead)) -> usize {
        let rest = &chunk[i..];
        let (piece, next) = match memchr::memchr(b'\n', rest) {
            Some(k) => (&rest[..k], Some(i + k + 1)),
            None => (rest, None),
        };
        let room = MAX_FROM_LINE - self.line.len();
        if piece.len() > room {
            // Too long for a From_ line: body text; the body scan goes on from here.
            self.line.clear();
            self.state = State::Body;
            self.separator_match = 0;
            return i + room;
        }
        self.line.extend_from_slice(piece);
        match next {
            Some(next) => {
                self.decide_candidate(out);
                next
            }
            None => chunk.len(),
        }
    }

    /// The candidate line is complete (or the stream ended): a separator, or body text.
    fn decide_candidate(&mut self, out: &mut impl FnMut(MessageHead)) {
        let separates = is_from_line(&self.line);
        self.line.clear();
        if separates {
            self.separator(self.candidate_at, out);
            // The `From ` line is already consumed.
            self.state = State::Header;
        } else {
            // Body text; the next byte starts a line.
            self.state = State::Body;
            self.separator_match = 1;
        }
    }
}

/// Whether the rest of a line after `From ` reads like an mbox From_ line (RFC 4155): a sender
/// (any word: an address, `-`, `MAILER-DAEMON`), then a date with a time `hh:mm` and a year
/// (asctime's `Fri Jul  8 12:08:34 2011`, Takeout's `Wed Oct 05 12:10:03 +0000 2023`).
pub fn is_from_line(rest: &[u8]) -> bool {
    let rest = rest.strip_suffix(b"\r").unwrap_or(rest);
    if rest.first().is_none_or(|b| b.is_ascii_whitespace()) {
        return false;
    }
    let Some(space) = memchr::memchr(b' ', rest) else {
        return false;
    };
    let date = &rest[space..];
    let time = date.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    let year = date.split(u8::is_ascii_whitespace).any(|word| {
        word.len() == 4
            && (word.starts_with(b"19") || word.starts_with(b"20"))
            && word.iter().all(u8::is_ascii_digit)
    });
    time && year
}

/// An Outlook .msg is a compound file, read whole: larger ones are refused
/// ([`DiagnosticCode::FileTooLarge`]).
pub const MAX_MSG_BYTES: u64 = 256 * 1024 * 1024;

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an input file is, by its first bytes (not its name: Thunderbird's mailboxes have none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// gzip (`.mbox.gz`): decompressed by the reader, then split.
    Gzip,
    /// An Outlook .msg compound file: read whole, one message.
    OutlookMsg,
    /// An mbox or one message.
    Mail,
    /// Anything else (skipped when met in a folder).
    Other,
}

/// The kind of a file from its first bytes (4 KiB are plenty).
pub fn input_kind(first: &[u8]) -> InputKind {
    if first.starts_with(GZIP_MAGIC) {
        InputKind::Gzip
    } else if first.starts_with(CFB_MAGIC) {
        InputKind::OutlookMsg
    } else if looks_like_mail(first) {
        InputKind::Mail
    } else {
        InputKind::Other
    }
}

/// Whether a single file someone dropped is a mailbox to audit rather than one message to show:
/// gzip, or an mbox (a `From ` line first) that has a second message in `head` (its first
/// bytes) or is larger than `head`. An `.eml` that happens to start with a `From ` line and
/// fits in `head` stays one message.
pub fn is_mailbox(head: &[u8], size: u64) -> bool {
    match input_kind(head) {
        InputKind::Gzip => true,
        InputKind::Mail => {
            let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
            let text = &text[text
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .count()..];
            // Line by line, not with the splitter's SIMD search: the page links this, and one
            // mbox head is no work.
            let mut lines = text.split(|&b| b == b'\n');
            lines
                .next()
                .is_some_and(|first| first.starts_with(b"From "))
                && (size > head.len() as u64
                    || lines.any(|line| line.strip_prefix(b"From ").is_some_and(is_from_line)))
        }
        InputKind::OutlookMsg | InputKind::Other => false,
    }
}

/// Split a whole in-memory input (tests, fuzzing, small files).
pub fn split_all(bytes: &[u8]) -> Vec<MessageHead> {
    split_in_chunks(bytes, bytes.len(), MAX_HEADER_BYTES).0
}

/// Split an in-memory input fed in chunks of `chunk` bytes, keeping at most `max_header` bytes
/// of each header section: the messages, and whether the stream was an mbox (tests and fuzzing
/// check that the chunk size never changes either).
pub fn split_in_chunks(
    bytes: &[u8],
    chunk: usize,
    max_header: usize,
) -> (Vec<MessageHead>, Option<bool>) {
    let mut messages = Vec::new();
    let mut splitter = Splitter::with_max_header(max_header);
    for piece in bytes.chunks(chunk.max(1)) {
        splitter.feed(piece, &mut |m| messages.push(m));
    }
    let mbox = splitter.is_mbox();
    splitter.finish(&mut |m| messages.push(m));
    (messages, mbox)
}

/// Whether the first bytes of a file look like a mailbox or an email message (a `From ` line,
/// or a header field `Name: value` on the first non-blank line): used to skip other files
/// found while walking a folder.
pub fn looks_like_mail(first_bytes: &[u8]) -> bool {
    let bytes = first_bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(first_bytes);
    let start = bytes
        .iter()
        .position(|b| !matches!(b, b'\n' | b'\r'))
        .unwrap_or(bytes.len());
    let bytes = &bytes[start..];
    if bytes.starts_with(b"From ") {
        return true;
    }
    let line_end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let line = &bytes[..line_end];
    match memchr::memchr(b':', line) {
        Some(colon) => {
            colon > 0
                && colon <= 76
                && line[..colon]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_lines_need_a_sender_and_a_time() {
        let cases: [(&[u8], bool); 8] = [
            (b"MAILER-DAEMON Fri Jul  8 12:08:34 2011", true),
            (b"- Mon Jan 01 00:00:00 2024\r", true),
            (
                b"1781992010432164310@xxx Wed Oct 05 12:10:03 +0000 2023",
                true,
            ),
            (b"the team, with thanks", false),
            (b"9:30 until noon", false),
            (b"9:30 to 10:00", false),
            (b" a@b Mon Jan 01 00:00:00 2024", false),
            (b"", false),
        ];
        for (rest, want) in cases {
            assert_eq!(
                is_from_line(rest),
                want,
                "{}",
                String::from_utf8_lossy(rest)
            );
        }
    }

    #[test]
    fn every_chunk_size_gives_the_same_messages() {
        let mbox = b"From a@b Mon Jan  1 00:00:00 2024\r\nReceived: x\r\nSubject: one\r\n\r\nbody\r\nFrom the body, unquoted (mboxcl2): no date, no separator\r\n>From quoted\r\n\r\nFrom e@f Tue Jan  2 00:00:00 2024\nFrom b@c Tue Jan  2 00:00:00 2024\nSubject: two\n>From: not mboxrd quoting\n>>From twice\n\nFrom c@d Wed Jan  3 00:00:00 2024\nSubject: three\n";
        let whole = split_all(mbox);
        for size in 1..mbox.len() + 1 {
            assert_eq!(
                split_in_chunks(mbox, size, MAX_HEADER_BYTES).0,
                whole,
                "chunk size {size}"
            );
        }
        let subjects: Vec<&[u8]> = whole.iter().map(|m| m.header.as_slice()).collect();
        assert_eq!(
            subjects,
            [
                &b"Received: x\nSubject: one\n"[..],
                b"",
                // Only `>+From ` is quoting (one `>` goes); `>From:` is left alone.
                b"Subject: two\n>From: not mboxrd quoting\n>From twice\n",
                b"Subject: three\n"
            ]
        );
        assert!(whole[0].diagnostics.is_empty());
        assert_eq!(whole[1].diagnostics, [DiagnosticCode::EmptyMessage]);
        assert_eq!(whole[3].diagnostics, [DiagnosticCode::HeaderUnterminated]);
        let total: u64 = whole.iter().map(|m| m.length).sum();
        assert_eq!(total, mbox.len() as u64);
        for m in &whole {
            assert!(mbox[m.offset as usize..].starts_with(b"From "));
        }
    }
}
