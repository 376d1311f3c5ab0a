//! One Received field → [`ReceivedLine`]: from/by/via/with/id/for/date and the TLS facts.
//!
//! The grammar every MTA bends (RFC 5321 §4.4):
//!
//! ```text
//! Stamp          = From-domain By-domain Opt-info [CFWS] ";" FWS date-time
//! From-domain    = "FROM" FWS Extended-Domain
//! By-domain      = CFWS "BY" FWS Extended-Domain
//! Extended-Domain = Domain / ( Domain FWS "(" TCP-info ")" ) / ( address-literal FWS "(" TCP-info ")" )
//! Opt-info       = [Via] [With] [ID] [For] [Additional-Registered-Clauses]
//! ```
//!
//! In practice the clause order is not fixed, `from` may be missing, comments (`CFWS`) appear
//! almost anywhere and carry nearly all TLS details. So the scanner first cuts the field into
//! tokens — words, comments (balanced, nested, `\` escapes), quoted strings, `<angle>`
//! addresses, `[bracket]` literals and top-level `;` — and only then reads clauses from the
//! top-level words. A keyword inside a comment is never a clause keyword. One pass, no
//! backtracking: linear in the length of the field.

pub(crate) mod token;

use std::net::IpAddr;

use crate::core::ascii::{
    collapse, ends_with_ci, eq_ci, find_ci, first_word, starts_ci, trim_bytes, words,
};
use crate::core::ip;
use crate::core::limits::MAX_FIELD_BYTES;
use crate::core::model::{Diagnostic, DiagnosticCode, Evidence, ReceivedLine, Span, Writer};
use crate::core::tls;
use token::{EQUALS, Kind, Token, tokenize, tokenize_into};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Clause {
    None,
    From,
    By,
    With,
    Other,
}

/// The clause keywords of RFC 5321 §4.4 (plus `envelope-from` and the RFC 8314 `tls` clause).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keyword {
    From,
    By,
    Via,
    With,
    Id,
    For,
    EnvelopeFrom,
    Tls,
}

/// The keyword `word` spells, ignoring case. Dispatches on length and first letter: this runs
/// for every token of every line.
fn keyword(word: &str) -> Option<Keyword> {
    use Keyword::*;
    let first = word.as_bytes().first()?.to_ascii_lowercase();
    let (spelling, kw) = match (word.len(), first) {
        (2, b'b') => ("by", By),
        (2, b'i') => ("id", Id),
        (3, b'v') => ("via", Via),
        (3, b'f') => ("for", For),
        (3, b't') => ("tls", Tls),
        (4, b'f') => ("from", From),
        (4, b'w') => ("with", With),
        (13, b'e') => ("envelope-from", EnvelopeFrom),
        _ => return None,
    };
    eq_ci(word, spelling).then_some(kw)
}

/// A word that cannot be a from/by host because it opens the next clause. (`tls` can be a
/// host name: `by tls with SMTP`.)
fn is_clause_start(word: &str) -> bool {
    keyword(word).is_some_and(|k| k != Keyword::Tls && k != Keyword::EnvelopeFrom)
}

/// Start of the value: after `Received:` when the field name is present.
fn value_start(raw: &str) -> usize {
    if starts_ci(raw, "received:") { 9 } else { 0 }
}

fn evidence(line: &mut ReceivedLine, fact: &'static str, start: usize, end: usize) {
    line.evidence.push(Evidence {
        fact,
        span: Span { start, end },
    });
}

/// Parse one Received field (`raw` includes the `Received:` name). Total: never panics.
pub fn parse(raw: &str) -> ReceivedLine {
    parse_with(raw, MAX_FIELD_BYTES)
}

/// [`parse`], analysing at most `max_field_bytes` of the field.
pub fn parse_with(raw: &str, max_field_bytes: usize) -> ReceivedLine {
    let mut line = ReceivedLine {
        raw: raw.to_string(),
        evidence: Vec::with_capacity(16),
        ..ReceivedLine::default()
    };
    let mut cut = raw.len();
    if cut > max_field_bytes {
        cut = max_field_bytes;
        while !raw.is_char_boundary(cut) {
            cut -= 1;
        }
        line.notes.push(Diagnostic::new(
            DiagnosticCode::FieldTooLong,
            format!(
                "the field is {} bytes long; only the first {} bytes were analysed.",
                raw.len(),
                max_field_bytes
            ),
        ));
    }
    let text = &raw[..cut];
    // One token buffer per thread, reused: parsing a line allocates only what it returns.
    thread_local! {
        static TOKENS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let from = value_start(text);
    TOKENS.with(|cell| {
        let Ok(mut tokens) = cell.try_borrow_mut() else {
            let tokens = tokenize(text, from);
            read_tokens(text, &tokens, &mut line);
            return;
        };
        tokens.clear();
        tokenize_into(text, from, &mut tokens);
        read_tokens(text, &tokens, &mut line);
        if tokens.capacity() > 4096 {
            *tokens = Vec::new();
        }
    });
    line
}

/// Everything read from the tokens of one (possibly cut) field.
fn read_tokens(text: &str, tokens: &[Token], line: &mut ReceivedLine) {
    // An unclosed comment runs to the end of the field, so only the last token can be one.
    if tokens
        .last()
        .is_some_and(|t| t.kind == Kind::Comment && !t.text(text).ends_with(')'))
    {
        line.notes.push(Diagnostic::new(
            DiagnosticCode::UnclosedComment,
            "a parenthesised comment is not closed; the field looks truncated.",
        ));
    }
    read_clauses(text, tokens, line);
    read_date(text, tokens, line);
    line.non_transfer = is_non_transfer(text, tokens, line);
    line.writer = identify_writer(text, tokens, line);
    line.authenticated = is_authenticated(text, tokens, line);
    let mut evidence = std::mem::take(&mut line.evidence);
    line.tls = tls::from_tokens(text, tokens, line, &mut evidence);
    line.evidence = evidence;
}

/// Token indices of one clause, kept inline (no allocation per line). Real clauses have a few
/// tokens; past [`Indices::CAP`] (hostile input only) further tokens are ignored.
struct Indices {
    items: [u32; Indices::CAP],
    len: usize,
}

impl Indices {
    const CAP: usize = 24;
    fn new() -> Self {
        Indices {
            items: [0; Indices::CAP],
            len: 0,
        }
    }
    fn push(&mut self, i: usize) {
        if self.len < Self::CAP
            && let Ok(i) = u32::try_from(i)
        {
            self.items[self.len] = i;
            self.len += 1;
        }
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.items[..self.len].iter().map(|&i| i as usize)
    }
}

/// Indices of the tokens that belong to the from clause and to the by clause (after the value).
struct ClauseTokens {
    from: Indices,
    by: Indices,
}

fn read_clauses(raw: &str, tokens: &[Token], line: &mut ReceivedLine) {
    let mut ct = ClauseTokens {
        from: Indices::new(),
        by: Indices::new(),
    };
    let (mut seen_from, mut seen_by) = (false, false);
    let mut clause = Clause::None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let kw = if t.kind == Kind::Word {
            keyword(t.text(raw))
        } else {
            None
        };
        let next = tokens.get(i + 1).copied();
        let next_value = next.filter(|n| {
            matches!(
                n.kind,
                Kind::Word | Kind::Bracket | Kind::Angle | Kind::Quoted
            )
        });
        match kw {
            Some(Keyword::From) if !seen_from => {
                seen_from = true;
                clause = Clause::From;
                i += 1;
                if let Some(n) = next.filter(|n| matches!(n.kind, Kind::Word | Kind::Bracket)) {
                    let value = n.text(raw);
                    if !is_clause_start(value) {
                        let mut end = n.end;
                        // IIS: "from mail pickup service by …" — three words name the source.
                        if eq_ci(value, "mail") {
                            let w1 = tokens.get(i + 1).map(|t| t.text(raw)).unwrap_or("");
                            let w2 = tokens.get(i + 2).map(|t| t.text(raw)).unwrap_or("");
                            if eq_ci(w1, "pickup") && eq_ci(w2, "service") {
                                end = tokens[i + 2].end;
                                i += 2;
                            }
                        }
                        line.from_host = Some(collapse(&raw[n.start..end]));
                        evidence(line, "from_host", n.start, end);
                        i += 1;
                    }
                }
                continue;
            }
            Some(Keyword::By) if !seen_by => {
                seen_by = true;
                clause = Clause::By;
                i += 1;
                if let Some(n) = next.filter(|n| matches!(n.kind, Kind::Word | Kind::Bracket))
                    && !is_clause_start(n.text(raw))
                {
                    // `by host.example:8080`: the port is not part of the name.
                    let text = n.text(raw);
                    let host = match text.rsplit_once(':') {
                        Some((h, port))
                            if n.kind == Kind::Word
                                && h.contains('.')
                                && h.bytes().any(|b| b.is_ascii_alphabetic())
                                && !h.contains(':')
                                && !port.is_empty()
                                && port.bytes().all(|b| b.is_ascii_digit()) =>
                        {
                            h
                        }
                        _ => text,
                    };
                    line.by_host = Some(host.to_string());
                    evidence(line, "by_host", n.start, n.start + host.len());
                    i += 1;
                }
                continue;
            }
            Some(Keyword::With) => {
                i += 1;
                if line.with.is_none() {
                    i = read_with(raw, tokens, i, line);
                }
                clause = Clause::With;
                continue;
            }
            // A second `from` (XMail: `for <rcpt> from <sender>`) names the envelope sender.
            Some(
                kw @ (Keyword::From
                | Keyword::Via
                | Keyword::Id
                | Keyword::For
                | Keyword::EnvelopeFrom),
            ) => {
                if let Some(n) = next_value {
                    let value = n.text(raw);
                    let (slot, angle) = match kw {
                        Keyword::Via => (&mut line.via, false),
                        Keyword::Id => (&mut line.id, false),
                        Keyword::For => (&mut line.for_addr, true),
                        _ => (&mut line.envelope_from, true),
                    };
                    // Exchange: `via Frontend Transport`, `via Mailbox Transport`.
                    let two_words = kw == Keyword::Via
                        && tokens.get(i + 2).is_some_and(|t| {
                            t.kind == Kind::Word && eq_ci(t.text(raw), "Transport")
                        });
                    slot.get_or_insert_with(|| {
                        if angle {
                            strip_angle(value)
                        } else if two_words {
                            format!("{value} Transport")
                        } else {
                            value.to_string()
                        }
                    });
                    i += if two_words { 3 } else { 2 };
                    clause = Clause::Other;
                    continue;
                }
            }
            _ => {}
        }
        match t.kind {
            Kind::Semi => clause = Clause::None,
            Kind::Comment => {
                let (inner, _) = t.inner(raw);
                if inner.starts_with('e')
                    && let Some(addr) = inner.strip_prefix("envelope-from ")
                {
                    line.envelope_from
                        .get_or_insert_with(|| strip_angle(addr.trim()));
                }
                match clause {
                    Clause::From => ct.from.push(i),
                    // Exim and Exchange put the product/TLS comments after `with <proto>`.
                    Clause::By | Clause::With => ct.by.push(i),
                    _ => {}
                }
            }
            _ => match clause {
                Clause::From => ct.from.push(i),
                Clause::By => ct.by.push(i),
                _ => {}
            },
        }
        i += 1;
    }
    read_from_details(raw, tokens, &ct.from, line);
    read_by_details(raw, tokens, &ct.by, line);
}

/// `<addr>` → `addr`.
fn strip_angle(s: &str) -> String {
    s.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// The `with` clause value starting at token `i`; returns the index after it.
///
/// Written forms: `with ESMTPS`, `with Microsoft SMTP Server`, `with Microsoft SMTPSVC(6.0…)`,
/// `with ESMTP/TLS/<cipher>` (IronPort), `with (<cipher> encrypted) SMTP` and
/// `with <cipher> encrypted SMTP` (qmail TLS patch), `with [XMail 1.20 ESMTP Server]`.
fn read_with(raw: &str, tokens: &[Token], i: usize, line: &mut ReceivedLine) -> usize {
    let word_at = |j: usize| {
        tokens
            .get(j)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text(raw))
    };
    let Some(t) = tokens.get(i).copied() else {
        return i;
    };
    let (value, start, end, next) = match t.kind {
        Kind::Bracket => (collapse(t.text(raw)), t.start, t.end, i + 1),
        Kind::Comment => {
            // `(<cipher> encrypted) SMTP`: the protocol follows the comment.
            match word_at(i + 1) {
                Some(w) if keyword(w).is_none() => {
                    let n = tokens[i + 1];
                    (w.to_string(), n.start, n.end, i + 2)
                }
                _ => return i,
            }
        }
        Kind::Word => {
            let w = t.text(raw);
            if keyword(w).is_some() {
                return i;
            }
            if (eq_ci(w, "MailEnable") || eq_ci(w, "Trustwave"))
                && let Some(next) = word_at(i + 1).filter(|n| keyword(n).is_none())
            {
                // `with MailEnable ESMTPA`, `with Trustwave SEG`: the vendor names its protocol.
                let n = tokens[i + 1];
                (format!("{w} {next}"), t.start, n.end, i + 2)
            } else if eq_ci(w, "Microsoft") {
                match (word_at(i + 1), word_at(i + 2)) {
                    (Some(a), Some(b)) if eq_ci(a, "SMTP") && eq_ci(b, "Server") => (
                        "Microsoft SMTP Server".to_string(),
                        t.start,
                        tokens[i + 2].end,
                        i + 3,
                    ),
                    (Some(a), _) if starts_ci(a, "SMTPSVC") => (
                        "Microsoft SMTPSVC".to_string(),
                        t.start,
                        tokens[i + 1].start + 7,
                        i + 2,
                    ),
                    _ => (w.to_string(), t.start, t.end, i + 1),
                }
            } else if word_at(i + 1).is_some_and(|n| eq_ci(n, "encrypted")) {
                match word_at(i + 2) {
                    Some(p) => {
                        let n = tokens[i + 2];
                        (p.to_string(), n.start, n.end, i + 3)
                    }
                    None => (w.to_string(), t.start, t.end, i + 2),
                }
            } else if let Some(slash) = w.find('/') {
                (w[..slash].to_string(), t.start, t.start + slash, i + 1)
            } else {
                (w.trim_end_matches(',').to_string(), t.start, t.end, i + 1)
            }
        }
        _ => return i,
    };
    line.with = Some(value);
    evidence(line, "with", start, end);
    next
}

/// TCP-info of the from clause: peer IP (and port), reverse-DNS name, HELO.
fn read_from_details(raw: &str, tokens: &[Token], from: &Indices, line: &mut ReceivedLine) {
    for k in from.iter() {
        let t = tokens[k];
        if line.from_ip.is_some() {
            break;
        }
        match t.kind {
            Kind::Bracket => {
                if let Some((ip, port)) = parse_ip(t.text(raw)) {
                    line.from_ip = Some(ip);
                    line.from_port = line.from_port.or(port);
                    evidence(line, "from_ip", t.start, t.end);
                }
            }
            Kind::Comment => {
                let (inner, offset) = t.inner(raw);
                let (at, first) = words(inner).next().unwrap_or((0, ""));
                if ["HELO", "EHLO", "LHLO"].iter().any(|h| eq_ci(first, h)) {
                    // `(HELO name)`: the client's greeting, not an address. The name follows the
                    // word, wherever it starts (`( HELO name)` has a blank first).
                    let helo = inner[at + first.len()..].trim();
                    if !helo.is_empty() {
                        line.from_helo.get_or_insert_with(|| helo.to_string());
                    }
                    continue;
                }
                let info = tcp_info(inner);
                if let Some(helo) = info.helo {
                    line.from_helo.get_or_insert_with(|| helo.to_string());
                }
                if let Some((address, rel)) = info.address {
                    line.from_ip = Some(address.canonical());
                    line.from_port = line.from_port.or(address.port);
                    let mut rdns = trim_bytes(first, |b| matches!(b, b'(' | b')'));
                    // `([192.0.2.44] rdns.example)`: the name after the address.
                    if rdns.starts_with('[')
                        && let Some((_, second)) = words(inner).nth(1)
                        && second.contains('.')
                        && !second.contains('=')
                    {
                        rdns = trim_bytes(second, |b| matches!(b, b'(' | b')'));
                    }
                    if !rdns.is_empty()
                        && !rdns.starts_with('[')
                        && !eq_ci(rdns, "unknown")
                        && !rdns.bytes().any(|b| b == b'@' || b == b'=')
                        && find_ip(rdns).is_none()
                    {
                        line.from_rdns = Some(rdns.to_string());
                    }
                    evidence(line, "from_ip", offset + rel.0, offset + rel.1);
                }
            }
            _ => {}
        }
    }
    if line.from_ip.is_none()
        && let Some(host) = line.from_host.as_deref()
        && let Some((ip, port)) = parse_ip(host)
    {
        line.from_ip = Some(ip);
        line.from_port = line.from_port.or(port);
    }
}

/// What a TCP-info comment says: `(rdns [ip])`, `(ip)`, `([ip]:port helo=x)`,
/// `(user@domain@ip)`, `(account x [ip] verified)`, `(rdns [IPv6:…] (may be forged))`.
/// Words after `helo=`/`HELO` are the client's claim and are skipped.
#[derive(Default)]
struct TcpInfo<'a> {
    /// The first address, and its span inside the comment.
    address: Option<(Address<'a>, (usize, usize))>,
    /// The first `helo=` name.
    helo: Option<&'a str>,
}

fn tcp_info(inner: &str) -> TcpInfo<'_> {
    let mut info = TcpInfo::default();
    let mut skip_next = false;
    let mut port = None;
    for (rel, word) in words(inner) {
        if skip_next {
            skip_next = false;
            continue;
        }
        // Only words starting with these letters can be `helo=`, `port=`, `HELO`, `EHLO`.
        if matches!(
            word.as_bytes()[0],
            b'h' | b'H' | b'p' | b'P' | b'e' | b'E' | b'"'
        ) {
            if starts_ci(word, "helo=") {
                info.helo.get_or_insert(word[5..].trim_end_matches(')'));
                continue;
            }
            if starts_ci(word, "port=") {
                port = word[5..].trim_end_matches(')').parse().ok();
                continue;
            }
            if eq_ci(word, "HELO")
                || eq_ci(word, "EHLO")
                || word.starts_with("\"EHLO")
                || word.starts_with("\"HELO")
            {
                skip_next = true;
                continue;
            }
        }
        if info.address.is_some() {
            continue;
        }
        let bytes = word.as_bytes();
        let candidate = match bytes.iter().rposition(|&b| b == b'@') {
            Some(at) if !bytes.contains(&b'[') => &word[at + 1..],
            _ => word,
        };
        if let Some(address) = find_ip(candidate) {
            info.address = Some((address, (rel, rel + word.len())));
        }
    }
    if let Some((address, _)) = &mut info.address {
        address.port = address.port.or(port);
    }
    info
}

/// An address as written in a Received field, parsed but not yet copied.
struct Address<'a> {
    ip: IpAddr,
    /// The address text without brackets, `IPv6:` tag, port and zone.
    text: &'a str,
    port: Option<u16>,
}

impl Address<'_> {
    /// RFC 5952 text for IPv6 (IPv4-mapped stays `::ffff:a.b.c.d`); dotted IPv4 that parsed is
    /// already canonical as written (std rejects leading zeros).
    fn canonical(&self) -> String {
        match self.ip {
            IpAddr::V4(_) => self.text.to_string(),
            IpAddr::V6(v6) => ip::v6_text(&v6),
        }
    }
}

/// Canonical text of an address literal or bare address: brackets, `IPv6:` tag, parentheses,
/// port and zone removed; IPv6 in RFC 5952 form (IPv4-mapped stays `::ffff:a.b.c.d`).
pub fn parse_ip(s: &str) -> Option<(String, Option<u16>)> {
    find_ip(s).map(|a| (a.canonical(), a.port))
}

/// The address of an address literal or bare address (what [`parse_ip`] reads), as a value.
pub fn literal_address(s: &str) -> Option<IpAddr> {
    find_ip(s).map(|a| a.ip)
}

/// [`parse_ip`] without the copy.
fn find_ip(s: &str) -> Option<Address<'_>> {
    let mut s = trim_bytes(s, |b| matches!(b, b'(' | b')' | b',' | b'?'));
    let mut port = None;
    if let Some(open) = s.bytes().position(|b| b == b'[') {
        let rest = &s[open + 1..];
        let close = rest.bytes().position(|b| b == b']').unwrap_or(rest.len());
        if let Some(p) = rest.get(close + 1..).and_then(|r| r.strip_prefix(':')) {
            port = p.trim_end_matches(')').parse().ok();
        }
        s = trim_bytes(&rest[..close], |b| matches!(b, b'(' | b')'));
    }
    if starts_ci(s, "ipv6:") {
        s = &s[5..];
    }
    if let Some(zone) = s.bytes().position(|b| b == b'%') {
        s = &s[..zone];
    }
    // Cheap rejection before parsing: addresses are hex digits, dots, colons only.
    if s.is_empty()
        || s.len() > 64
        || !s
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
    {
        return None;
    }
    let has_colon = s.bytes().any(|b| b == b':');
    let ip = if has_colon {
        ip::parse_v6(s).map(IpAddr::V6)
    } else {
        ip::parse_v4(s).map(IpAddr::V4)
    };
    if let Some(ip) = ip {
        return Some(Address { ip, text: s, port });
    }
    // `a.b.c.d:port`
    if let Some((host, p)) = s.rsplit_once(':')
        && let Some(ip) = ip::parse_v4(host)
    {
        return Some(Address {
            ip: IpAddr::V4(ip),
            text: host,
            port: p.parse().ok(),
        });
    }
    None
}

/// The by-host's own address and the product comment (`(Postfix)`, `(8.14.4/8.13.8)`).
fn read_by_details(raw: &str, tokens: &[Token], by: &Indices, line: &mut ReceivedLine) {
    let mut products = String::new();
    for k in by.iter() {
        let t = tokens[k];
        match t.kind {
            Kind::Bracket if line.by_ip.is_none() => {
                line.by_ip = find_ip(t.text(raw)).map(|a| a.canonical());
            }
            Kind::Comment => {
                let (inner, _) = t.inner(raw);
                if line.by_ip.is_none()
                    && let Some(address) = find_ip(first_word(inner))
                {
                    line.by_ip = Some(address.canonical());
                    continue;
                }
                // amavis: `by localhost (amavis.example.org [192.0.2.47])`, the real name and
                // address of a placeholder by-host.
                let mut pair = words(inner);
                if line.by_ip.is_none()
                    && let (Some((_, name)), Some((_, bracket)), None) =
                        (pair.next(), pair.next(), pair.next())
                    && bracket.starts_with('[')
                    && name.contains('.')
                    && let Some(address) = find_ip(bracket)
                {
                    line.by_ip = Some(address.canonical());
                    line.by_host_real = Some(name.to_string());
                    continue;
                }
                for (i, (_, w)) in words(inner).enumerate() {
                    products.push_str(match (i, products.is_empty()) {
                        (0, true) => "",
                        (0, false) => "; ",
                        _ => " ",
                    });
                    products.push_str(w);
                }
            }
            _ => {}
        }
    }
    if !products.is_empty() {
        line.by_product = Some(products);
    }
}

/// Date: the text after the last top-level `;`; without one, a trailing Go-style timestamp
/// (`2018-04-22 02:54:17.028704749 +0000 UTC`, SendGrid's filter hop).
fn read_date(raw: &str, tokens: &[Token], line: &mut ReceivedLine) {
    let last_semi = tokens.iter().rposition(|t| t.kind == Kind::Semi);
    if let Some(k) = last_semi {
        let start = tokens[k].end;
        let text = &raw[start..];
        // mail-parser reads a line end not followed by a space as the end of the field, so a
        // date whose fold lost its indentation is retried unfolded.
        let parsed = mail_parser::DateTime::parse_rfc822(text.trim_start())
            .filter(|d| d.is_valid())
            .or_else(|| {
                mail_parser::DateTime::parse_rfc822(&collapse(text)).filter(|d| d.is_valid())
            });
        if let Some(dt) = parsed {
            set_time(line, &dt);
            let end = start + text.trim_end().len();
            let lead = text.len() - text.trim_start().len();
            evidence(line, "timestamp", start + lead, end);
            return;
        }
    }
    if let Some(dt) = go_timestamp(raw, tokens) {
        set_time(line, &dt);
        return;
    }
    // No `;` before the date (SendGrid's ingress: `id SbsX… Thu, 23 Dec 2021 01:14:06.029 +0000
    // (UTC)`): an RFC 5322 date from the last word that is a day name.
    let day = |t: &&Token| {
        t.kind == Kind::Word
            && t.len() == 4
            && t.text(raw).ends_with(',')
            && ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                .iter()
                .any(|d| t.text(raw).starts_with(d))
    };
    if let Some(t) = tokens.iter().rev().find(day)
        && let Some(dt) =
            mail_parser::DateTime::parse_rfc822(&collapse(&raw[t.start..])).filter(|d| d.is_valid())
    {
        set_time(line, &dt);
        evidence(line, "timestamp", t.start, raw.trim_end().len());
        return;
    }
    if tokens.iter().any(|t| t.kind == Kind::Word) {
        line.notes.push(Diagnostic::new(
            DiagnosticCode::NoDate,
            "no date could be read; the field looks truncated or malformed.",
        ));
    }
}

fn go_timestamp(raw: &str, tokens: &[Token]) -> Option<mail_parser::DateTime> {
    let words: Vec<&str> = tokens
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.text(raw))
        .collect();
    for w in words.windows(3) {
        let date = w[0].as_bytes();
        if date.len() == 10 && date[4] == b'-' && date[7] == b'-' {
            let num = |s: &str| s.parse::<u16>().ok();
            let year = num(w[0].get(..4)?)?;
            let month = num(w[0].get(5..7)?)? as u8;
            let day = num(w[0].get(8..10)?)? as u8;
            let mut hms = w[1].split(['.', ':']);
            let hour = hms.next().and_then(num)? as u8;
            let minute = hms.next().and_then(num)? as u8;
            let second = hms.next().and_then(num)? as u8;
            let zone = w[2].as_bytes();
            if zone.len() != 5 || !matches!(zone[0], b'+' | b'-') {
                return None;
            }
            let tz_hour = w[2].get(1..3)?.parse().ok()?;
            let tz_minute = w[2].get(3..5)?.parse().ok()?;
            let dt = mail_parser::DateTime {
                year,
                month,
                day,
                hour,
                minute,
                second,
                tz_before_gmt: zone[0] == b'-',
                tz_hour,
                tz_minute,
            };
            return dt.is_valid().then_some(dt);
        }
    }
    None
}

fn set_time(line: &mut ReceivedLine, dt: &mail_parser::DateTime) {
    let unix = dt.to_timestamp();
    line.unix_time = Some(unix);
    line.timestamp = Some(utc_rfc3339(unix));
    let digit = |n: u8| b'0' + n % 10;
    let offset = [
        if dt.tz_before_gmt { b'-' } else { b'+' },
        digit(dt.tz_hour / 10),
        digit(dt.tz_hour),
        digit(dt.tz_minute / 10),
        digit(dt.tz_minute),
    ];
    line.timestamp_offset = Some(ascii_string(&offset));
}

/// `2019-08-19T14:41:21Z` from Unix seconds: mail-parser's calendar
/// (`DateTime::from_timestamp`), its digits written into their fixed positions. Why not
/// `to_rfc3339()`, which gives the same text (tests/core/lines.rs compares them): its `format!`
/// was 15 % of the instructions of `received::parse` (ARCHITECTURE.md, "Why hand-written").
pub fn utc_rfc3339(unix: i64) -> String {
    let utc = mail_parser::DateTime::from_timestamp(unix);
    if utc.year > 9999 {
        // Not a date the core accepts (years 1900–3000); the library writes it.
        return utc.to_rfc3339();
    }
    let mut out = *b"0000-00-00T00:00:00Z";
    let fields = [
        (0, 4, utc.year),
        (5, 2, u16::from(utc.month)),
        (8, 2, u16::from(utc.day)),
        (11, 2, u16::from(utc.hour)),
        (14, 2, u16::from(utc.minute)),
        (17, 2, u16::from(utc.second)),
    ];
    for (at, width, mut n) in fields {
        for digit in out[at..at + width].iter_mut().rev() {
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    ascii_string(&out)
}

/// An owned string from bytes this module wrote itself (ASCII digits and punctuation).
fn ascii_string(bytes: &[u8]) -> String {
    String::from(std::str::from_utf8(bytes).unwrap_or_default())
}

/// Lines that record a local hand-off or bookkeeping, not a network connection:
/// sendmail `(from user@localhost) by … (…/Submit)`, qmail `(qmail N invoked by uid U)`,
/// Postfix pickup `by host (Postfix, from userid N)`, ZMailer `(list@host) by host via
/// listexpand`, IIS `from mail pickup service`, Postmark `by host id …` (no from, no with),
/// Proton `from host by host;` (same host, no address), Apple `process_milters-daemon`,
/// and lines with neither from nor by (garbage such as `Received: apparently`).
fn is_non_transfer(raw: &str, tokens: &[Token], line: &ReceivedLine) -> bool {
    // A top-level `from` word (comments are single tokens, so `invoked from network` is not).
    let has_from_clause = tokens
        .iter()
        .any(|t| t.kind == Kind::Word && eq_ci(t.text(raw), "from"));
    let has_by = line.by_host.is_some();
    if !has_from_clause && !has_by {
        return true;
    }
    if !has_from_clause && tokens.first().map(|t| t.kind) == Some(Kind::Comment) {
        return true;
    }
    if !has_from_clause && line.with.is_none() {
        return true;
    }
    if line
        .by_product
        .as_deref()
        .is_some_and(|p| find_ci(p, "from userid").is_some() || find_ci(p, "/Submit").is_some())
    {
        return true;
    }
    if line.via.as_deref().is_some_and(|v| eq_ci(v, "listexpand")) {
        return true;
    }
    // Mailing-list managers handing a message back to their MTA: Exim's `from list by … with
    // outflank-mailman.…`, Mailman's `by … (output) from mailman id …`.
    if line
        .with
        .as_deref()
        .is_some_and(|w| find_ci(w, "mailman").is_some())
        || (line.from_ip.is_none()
            && (line.by_product.as_deref() == Some("output")
                || line
                    .from_host
                    .as_deref()
                    .is_some_and(|h| eq_ci(h, "mailman"))))
    {
        return true;
    }
    // Exim re-injecting a message after a filter names the message, not a host:
    // `from 1o6zZX-0007xl-WA by out3d.electric.net with emc1-ok (Exim 4.94.2)`.
    if line.from_ip.is_none() && line.from_host.as_deref().is_some_and(is_exim_id) {
        return true;
    }
    if let Some(host) = line.from_host.as_deref() {
        if eq_ci(host, "mail pickup service") || host.starts_with("process_milters-daemon") {
            return true;
        }
        let same_host = line.by_host.as_deref().is_some_and(|b| eq_ci(b, host));
        if same_host
            && line.from_ip.is_none()
            && line.with.is_none()
            && !tokens.iter().any(|t| t.kind == Kind::Comment)
        {
            return true;
        }
    }
    false
}

/// Protocol names of SMTP AUTH (RFC 3848 and its relatives: Exim `esmtpa`/`esmtpsa`, old Exim
/// `asmtp`, MailEnable `ESMTPA`).
const AUTH_PROTOCOLS: [&str; 9] = [
    "ESMTPA",
    "ESMTPSA",
    "UTF8SMTPA",
    "UTF8SMTPSA",
    "ESSMTPA",
    "ASMTP",
    "SMTPSA",
    "LMTPA",
    "UTF8LMTPA",
];

/// The sender logged in: an `…A` protocol, or one of the authentication notes MTAs write:
/// `(authenticated bits=0)`, `(authenticated as user)`, `(Authenticated sender: user)`,
/// `(authenticated user x)`, sendmail `(user=x mech=LOGIN bits=0)`, qmail's remote info
/// `(user@domain@192.0.2.1)`, a product comment ending in `AUTH` (`(RZmta 47.25.6 AUTH)`),
/// Exim's `authid` / `with both STARTTLS and AUTH`.
fn is_authenticated(raw: &str, tokens: &[Token], line: &ReceivedLine) -> bool {
    let protocol = line.with.as_deref().unwrap_or("");
    let last_word = protocol.rsplit(' ').next().unwrap_or("");
    if AUTH_PROTOCOLS.iter().any(|p| eq_ci(last_word, p)) {
        return true;
    }
    tokens.iter().any(|t| match t.kind {
        Kind::Comment => {
            let inner = t.inner(raw).0.trim();
            starts_ci(inner, "authenticated")
                || (t.has(EQUALS) && starts_ci(inner, "user=") && inner.contains("mech="))
                || inner.ends_with(" AUTH")
                || (inner.contains('@') && words(inner).any(|(_, w)| is_qmail_login(w)))
        }
        Kind::Word => t.len() == 6 && eq_ci(t.text(raw), "authid"),
        _ => false,
    }) || raw.contains("STARTTLS and AUTH")
}

/// qmail's remote info for a logged-in client: `user@domain@192.0.2.1`.
fn is_qmail_login(word: &str) -> bool {
    word.bytes().filter(|&b| b == b'@').count() == 2
        && find_ip(word.rsplit('@').next().unwrap_or("")).is_some()
}

/// Which software wrote the line, from its product comment and layout. Only writers that are
/// known to record TLS when it was used are told apart from "unknown" (docs/formats.md §4.5).
fn identify_writer(raw: &str, tokens: &[Token], line: &ReceivedLine) -> Option<Writer> {
    let product = line.by_product.as_deref().unwrap_or("");
    let by = line.by_host.as_deref().unwrap_or("");
    let with = line.with.as_deref().unwrap_or("");
    // Each product comment starts with the product's name (`Postfix`, `Exim 4.93`,
    // `Haraka/2.8.28`, `amavis, port 10026`); comments are joined by "; ".
    const BY_NAME: [(&str, Writer); 14] = [
        ("Postfix", Writer::Postfix),
        ("PPE Hosted ESMTP Server", Writer::Postfix),
        ("Sophos Email Appliance", Writer::Postfix),
        ("Email Security Appliance", Writer::Postfix),
        ("Trend Micro Email Security", Writer::Postfix),
        ("Mailchimp", Writer::Postfix),
        ("amavis", Writer::Amavis),
        ("Exim", Writer::Exim),
        ("Haraka", Writer::Haraka),
        ("OpenSMTPD", Writer::Opensmtpd),
        ("Kerio Connect", Writer::Kerio),
        ("CommuniGate", Writer::Communigate),
        ("MDaemon", Writer::Mdaemon),
        ("MDaemon.PRO", Writer::Mdaemon),
    ];
    for part in product.split("; ") {
        if let Some((_, writer)) = BY_NAME.iter().find(|(name, _)| starts_ci(part, name)) {
            return Some(*writer);
        }
    }
    if product == "PPS" || is_sendmail_version(product) {
        return Some(Writer::Sendmail);
    }
    if eq_ci(with, "Microsoft SMTP Server") || eq_ci(with, "mapi") {
        return Some(Writer::Exchange);
    }
    if eq_ci(with, "Microsoft SMTPSVC") {
        return Some(Writer::IisSmtpsvc);
    }
    if ["mx.google.com", "smtp.gmail.com", "smtp-relay.gmail.com"]
        .iter()
        .any(|g| eq_ci(by, g))
    {
        return Some(Writer::Gmail);
    }
    if ends_with_ci(by, ".mimecast.com") {
        return Some(Writer::Mimecast);
    }
    if ends_with_ci(by, ".postini.com") {
        return Some(Writer::Postini);
    }
    if ends_with_ci(by, "ppe-hosted.com") {
        return Some(Writer::ProofpointEssentials);
    }
    if with.contains('/') {
        return Some(Writer::Ironport);
    }
    // Exim without its version comment: a lower-case `esmtp…`/`smtp` protocol and an Exim
    // message id (`1rblyJ-00EwaK-Fc`; 4.97+: `1rblyJ-00000000EwaK-0Fc`).
    if with.bytes().all(|b| b.is_ascii_lowercase())
        && starts_ci(with, "esmtp")
        && line.id.as_deref().is_some_and(is_exim_id)
    {
        return Some(Writer::Exim);
    }
    // qmail and IronPort: `from <rdns|unknown> (HELO <helo>) (<ip>|[<ip>]|user@ip)`.
    let mut saw_helo = false;
    for t in tokens.iter().filter(|t| t.kind == Kind::Comment) {
        let inner = t.inner(raw).0.trim_start();
        if inner.starts_with("HELO ") || inner == "HELO" {
            saw_helo = true;
        } else if saw_helo {
            if tcp_info(inner).address.is_some() {
                return Some(if inner.starts_with('[') {
                    Writer::Ironport
                } else {
                    Writer::Qmail
                });
            }
            break;
        }
    }
    None
}

/// An Exim message id: three base-62 parts, 6-6-2 (before 4.97) or 6-11-4 characters.
fn is_exim_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    (lengths == [6, 6, 2] || lengths == [6, 11, 4])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// sendmail's version comment: `8.14.4/8.13.8`, `8.15.2/8.15.2/8.15.2/UPSTREAM_MBSOUT`, `8.14.4/8.13.8/Submit`.
fn is_sendmail_version(product: &str) -> bool {
    let first = product.split(['/', ' ', ';']).next().unwrap_or("");
    let mut parts = first.split('.');
    let major_ok = parts.next().is_some_and(|p| p == "8");
    major_ok
        && product.contains('/')
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}
