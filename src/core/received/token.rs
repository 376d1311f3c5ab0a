//! The tokenizer of a Received value: words, comments (balanced, nested, `\\` escapes), quoted
//! strings, `<angle>` addresses, `[bracket]` literals and top-level `;`, each with its byte span.
//! Clauses are read from these tokens by [`super`], TLS facts by [`crate::core::tls`]; a keyword
//! inside a comment is never a clause keyword. One pass, no backtracking.

/// Token kinds of a Received value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// `( … )`, nested, with `\` escapes; the span includes the parentheses.
    Comment,
    /// `[ … ]` address literal (or XMail's `[XMail 1.20 ESMTP Server]`).
    Bracket,
    /// `< … >`
    Angle,
    /// `" … "`
    Quoted,
    /// top-level `;`
    Semi,
}

/// One token: its kind and byte span in the raw field.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub kind: Kind,
    /// Which of the punctuation marks in [`Token::has`] the token holds, recorded while
    /// tokenising so that later passes skip tokens that cannot match without scanning them again.
    pub marks: u8,
    pub start: usize,
    pub end: usize,
}

/// Punctuation recorded per token (bits of [`Token::marks`]).
pub const SLASH: u8 = 1;
pub const EQUALS: u8 = 2;
pub const COLON: u8 = 4;
pub const COMMA: u8 = 8;

/// Per byte: [`ENDS_WORD`] for white space, `(`, `)`, `;`, else the mark bits it sets.
const ENDS_WORD: u8 = 0x80;
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let ends = b" \t\r\n();";
    let mut k = 0;
    while k < ends.len() {
        table[ends[k] as usize] = ENDS_WORD;
        k += 1;
    }
    table[b'/' as usize] = SLASH;
    table[b'=' as usize] = EQUALS;
    table[b':' as usize] = COLON;
    table[b',' as usize] = COMMA;
    table
};

impl Token {
    /// Length in bytes.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// The token holds one of the `marks` (`SLASH | EQUALS`, …).
    #[inline(always)]
    pub fn has(&self, marks: u8) -> bool {
        self.marks & marks != 0
    }
    pub fn text<'a>(&self, raw: &'a str) -> &'a str {
        raw.get(self.start..self.end).unwrap_or("")
    }
    /// Content of a comment/bracket/angle/quoted token without its delimiters, with its offset.
    pub fn inner<'a>(&self, raw: &'a str) -> (&'a str, usize) {
        match self.kind {
            Kind::Word | Kind::Semi => (self.text(raw), self.start),
            _ => {
                let text = self.text(raw);
                let closed = text.len() >= 2
                    && matches!(text.as_bytes()[text.len() - 1], b')' | b']' | b'>' | b'"');
                let end = if closed { text.len() - 1 } else { text.len() };
                (text.get(1..end).unwrap_or(""), self.start + 1)
            }
        }
    }
}

/// Cut the value of a Received field into tokens. `from` is where the value starts in `raw`.
pub fn tokenize(raw: &str, from: usize) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(48);
    tokenize_into(raw, from, &mut tokens);
    tokens
}

/// [`tokenize`] into a caller's buffer (reused across lines by [`parse`]).
pub fn tokenize_into(raw: &str, from: usize, tokens: &mut Vec<Token>) {
    let b = raw.as_bytes();
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let mut marks = 0u8;
        let kind = match c {
            b' ' | b'\t' | b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'(' => {
                let mut depth = 0usize;
                while i < b.len() {
                    match b[i] {
                        b'\\' => {
                            i += 1;
                            if let Some(&escaped) = b.get(i) {
                                marks |= BYTE_CLASS[usize::from(escaped)];
                            }
                        }
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        other => marks |= BYTE_CLASS[usize::from(other)],
                    }
                    i += 1;
                }
                Kind::Comment
            }
            b'[' | b'<' | b'"' => {
                let close = match c {
                    b'[' => b']',
                    b'<' => b'>',
                    _ => b'"',
                };
                i += 1;
                while i < b.len() && b[i] != close {
                    if b[i] == b'\\' && c == b'"' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(b.len());
                match c {
                    b'[' => Kind::Bracket,
                    b'<' => Kind::Angle,
                    _ => Kind::Quoted,
                }
            }
            b';' => {
                i += 1;
                Kind::Semi
            }
            b')' => {
                // A stray closing parenthesis: skip it.
                i += 1;
                continue;
            }
            _ => {
                while i < b.len() {
                    let class = BYTE_CLASS[usize::from(b[i])];
                    if class == ENDS_WORD {
                        break;
                    }
                    marks |= class;
                    i += 1;
                }
                Kind::Word
            }
        };
        // Keep spans on char boundaries even after an escape skipped into a multi-byte char.
        let mut end = i.min(b.len());
        while end < b.len() && !raw.is_char_boundary(end) {
            end += 1;
        }
        i = end;
        tokens.push(Token {
            kind,
            marks: marks & !ENDS_WORD,
            start,
            end,
        });
    }
}
