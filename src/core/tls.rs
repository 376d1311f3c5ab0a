//! TLS facts of one Received line, in every MTA dialect (docs/formats.md §3, §4).
//!
//! Positive evidence is read from the tokens of the line (almost always from comments):
//!
//! ```text
//! sendmail, Gmail, hMailServer, Barracuda, Exchange, Mimecast, Haraka:
//!     "(" ["version=" V [","]] "cipher=" C ["bits=" N ["/" M]] ["verify=" R] ")"
//! Postfix family, Kerio, Stalwart, Postini, MessageLabs, trex:
//!     "(using" V ["with cipher" C ["("] N ["/" M] "bits" [")"]]
//!         ["key-exchange" K] ["server-signature" S] … ")"
//!     "(No client certificate requested)" / "(Client did not present a certificate)"
//!     "(Client CN" … "(verified OK)" | "(not verified)" ")"
//! Exim < 4.93, OpenSMTPD, MDaemon:  "(" ["Cipher " | "tls_cipher "] V ":" C ":" N [":" YES|NO|FAIL] ")"
//! Exim >= 4.93, Haraka >= 2021:     ["(" V ")"] "tls" C              (RFC 8314 clause)
//! Courier, DLP gateway:              "TLS:" V "," N "bits," C
//! Exchange: "(TLS)"   IIS: "over TLS secured channel"   Google: "(Google Transport Security)"
//! IronPort: "with ESMTP/TLS/" C   qmail TLS patch: "with (" C " encrypted) SMTP"
//! Mimecast: "with STARTTLS" / "(Using TLS)"   NoSpamProxy: "(Tls12, Aes256, …)"
//! RFC 3848/6531 protocol names with the TLS S: ESMTPS, ESMTPSA, LMTPS, UTF8SMTPS, …
//! ```
//!
//! Negative evidence (`tls: false`) needs an identified writer that is known to mark TLS when it
//! was used (§4.5); otherwise the line cannot tell and `tls` stays null.

use serde::Serialize;

use crate::core::received::{
    self, COLON, COMMA, EQUALS, Kind, ReceivedLine, SLASH, Token, eq_ci, find_ci, trim_suffix,
    words,
};
use crate::core::report::{Evidence, Span};

/// What the receiving server recorded about TLS. Field names are the report contract.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct TlsFacts {
    /// true: recorded; false: the dialect would show TLS and does not; null: cannot tell.
    pub tls: Option<bool>,
    /// `TLS1.0`…`TLS1.3`, `SSL3`, `TLS (version unknown)`.
    pub tls_version: Option<String>,
    /// Cipher suite exactly as written.
    pub cipher: Option<String>,
    /// Effective key bits (first number printed).
    pub bits: Option<u32>,
    pub cert_verified: Option<bool>,
    /// The verification wording as written (`verify=NOT`, `No client certificate requested`).
    pub cert_verification_raw: Option<String>,
    /// Key exchange as printed (Postfix 3.4+: `X25519`).
    pub key_exchange: Option<String>,
    /// Server signature as printed (Postfix 3.4+: `RSA-PSS (2048 bits)`).
    pub signature: Option<String>,
    /// Which dialect rule recognised the TLS facts (`sendmail-version-comment`, `rfc3848-esmtps`, …).
    pub tls_rule: Option<String>,
}

/// Extract TLS facts from one raw Received field. Total: never panics.
pub fn extract(raw: &str) -> TlsFacts {
    received::parse(raw).tls
}

/// Normalise a written protocol version (docs/formats.md §4.1). `None` when it is not a version.
pub fn normalise_version(written: &str) -> Option<&'static str> {
    let w = received::trim_ascii_bytes(written, |b| matches!(b, b'(' | b')' | b','));
    if w.len() < 4 || w.len() > 12 {
        return None;
    }
    if eq_ci(w, "TLSv1/SSLv3") {
        return Some("TLS (version unknown)");
    }
    let tls = if received::starts_ci(w, "tls") {
        true
    } else if received::starts_ci(w, "ssl") {
        false
    } else {
        return None;
    };
    let rest = &w[3..];
    let skip = rest
        .bytes()
        .take_while(|b| matches!(b, b'v' | b'V' | b'-' | b'_'))
        .count();
    let digits = &rest[skip..];
    match (tls, digits) {
        (false, "3" | "3.0") => Some("SSL3"),
        (true, "1" | "1.0" | "10" | "1_0") => Some("TLS1.0"),
        (true, "1.1" | "11" | "1_1") => Some("TLS1.1"),
        (true, "1.2" | "12" | "1_2") => Some("TLS1.2"),
        (true, "1.3" | "13" | "1_3") => Some("TLS1.3"),
        _ => None,
    }
}

/// Protocol names that carry the TLS "S" (RFC 3848, RFC 6531, Exim, CommuniGate 4, HTTPS).
fn protocol_means_tls(with: &str) -> bool {
    fn strip<'a>(s: &'a str, p: &str) -> &'a str {
        if received::starts_ci(s, p) {
            &s[p.len()..]
        } else {
            s
        }
    }
    let p = strip(strip(with, "local-"), "utf8");
    [
        "ESMTPS",
        "ESMTPSA",
        "SMTPS",
        "SMTPSA",
        "LMTPS",
        "LMTPSA",
        "SSMTP",
        "ESSMTP",
        "ESSMTPA",
        "ESMTP-TLS",
        "HTTPS",
    ]
    .iter()
    .any(|x| eq_ci(p, x))
}

/// Protocols whose lines never say anything about transport security.
fn protocol_never_records(with: &str) -> bool {
    [
        "HTTP",
        "HTTPREST",
        "HTTPU",
        "mapi",
        "NNFMP",
        "ME",
        "LMTP",
        "LMTPA",
        "UTF8LMTP",
        "UTF8LMTPA",
    ]
    .iter()
    .any(|p| eq_ci(with, p))
}

struct Found<'e> {
    facts: TlsFacts,
    evidence: &'e mut Vec<Evidence>,
}

impl Found<'_> {
    fn mark(&mut self, rule: &str, start: usize, end: usize) {
        if self.facts.tls != Some(true) {
            self.facts.tls = Some(true);
            self.facts.tls_rule = Some(rule.to_string());
            self.ev("tls", start, end);
        }
    }
    fn ev(&mut self, fact: &'static str, start: usize, end: usize) {
        self.evidence.push(Evidence {
            fact,
            span: Span { start, end },
        });
    }
    fn version(&mut self, written: &str, start: usize) {
        if self.facts.tls_version.is_none()
            && let Some(v) = normalise_version(written)
        {
            self.facts.tls_version = Some(v.to_string());
            self.ev("tls_version", start, start + written.len());
        }
    }
    fn cipher(&mut self, written: &str, start: usize) {
        let c = written.trim_end_matches([',', ')', ';']);
        if self.facts.cipher.is_none() && !c.is_empty() {
            self.facts.cipher = Some(c.to_string());
            self.ev("cipher", start, start + c.len());
        }
    }
    fn bits(&mut self, written: &str, start: usize) {
        let w = written.trim_start_matches('(');
        let lead = written.len() - w.len();
        let n = &w[..w.bytes().take_while(u8::is_ascii_digit).count()];
        if self.facts.bits.is_none()
            && let Ok(b) = n.parse::<u32>()
        {
            self.facts.bits = Some(b);
            self.ev("bits", start + lead, start + lead + n.len());
        }
    }
    fn verified(&mut self, value: Option<bool>, written: &str, start: usize) {
        if self.facts.cert_verification_raw.is_none() {
            self.facts.cert_verified = value;
            self.facts.cert_verification_raw = Some(written.to_string());
            self.ev("cert_verified", start, start + written.len());
        }
    }
}

/// TLS facts of a tokenised line; `line` carries the clauses already read.
pub(crate) fn from_tokens(
    raw: &str,
    tokens: &[Token],
    line: &ReceivedLine,
    evidence: &mut Vec<Evidence>,
) -> TlsFacts {
    let mut f = Found {
        facts: TlsFacts::default(),
        evidence,
    };
    let haraka = line.writer.as_deref() == Some("haraka");
    for (k, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::Comment => comment(raw, *t, haraka, &mut f),
            // Only words of the lengths below, or holding `/` or `=`, can be TLS words.
            Kind::Word if t.has(SLASH | EQUALS) || matches!(t.len(), 3 | 4 | 8 | 9) => {
                top_level_word(raw, tokens, k, &mut f)
            }
            _ => {}
        }
    }
    if let Some(with) = line.with.as_deref()
        && protocol_means_tls(with)
        && let Some((s, e)) = f
            .evidence
            .iter()
            .find(|e| e.fact == "with")
            .map(|e| (e.span.start, e.span.end))
    {
        f.mark("protocol-tls-s", s, e);
    }
    if f.facts.tls.is_none() {
        f.facts.tls = negative_or_unknown(line);
        if f.facts.tls == Some(false) {
            f.facts.tls_rule = line.writer.as_ref().map(|w| format!("{w}-marks-tls"));
        }
    }
    f.facts
}

/// `Some(false)` only when the identified writer is known to record TLS (docs/formats.md §4.5).
fn negative_or_unknown(line: &ReceivedLine) -> Option<bool> {
    if line.non_transfer {
        return None;
    }
    if line.with.as_deref().is_some_and(protocol_never_records) {
        return None;
    }
    let product = line.by_product.as_deref().unwrap_or("");
    let marks = match line.writer.as_deref()? {
        // Postfix < 2.5 (before 2008) wrote ESMTP even with TLS.
        "postfix" => line.unix_time.is_some_and(|t| t >= 1_199_145_600),
        // Exim < 4.42 wrote esmtp/asmtp even with TLS.
        "exim" => version_after(product, "Exim", (4, 42)).unwrap_or(true),
        "communigate" => version_after(product, "SMTP", (5, 0)).unwrap_or(false),
        "mdaemon" => mdaemon_major(product).is_some_and(|m| m >= 10),
        "sendmail"
        | "amavis"
        | "haraka"
        | "opensmtpd"
        | "kerio"
        | "exchange"
        | "iis-smtpsvc"
        | "gmail"
        | "mimecast"
        | "postini"
        | "proofpoint-essentials"
        | "ironport"
        | "qmail"
        | "courier" => true,
        _ => false,
    };
    // Gmail's own internal `with SMTP` hops do not record TLS; its MX/submission ones do.
    if line.writer.as_deref() == Some("gmail")
        && !received::starts_ci(line.with.as_deref().unwrap_or(""), "ESMTP")
    {
        return None;
    }
    marks.then_some(false)
}

/// `Some(version >= min)` for the first `name x.y` in `product`.
fn version_after(product: &str, name: &str, min: (u32, u32)) -> Option<bool> {
    let at = find_ci(product, name)? + name.len();
    let rest = product[at..].trim_start();
    let mut parts = rest.split(|c: char| !c.is_ascii_digit());
    let major: u32 = parts.next()?.parse().ok()?;
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Some((major, minor) >= min)
}

fn mdaemon_major(product: &str) -> Option<u32> {
    let at = find_ci(product, "MDaemon")?;
    let rest = &product[at..];
    let v = rest.find(['v', 'V'])?;
    rest[v + 1..]
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Cheap pre-filter: every comment-borne TLS dialect above starts with one of these letters
/// (`using`, `No client…`, `Client CN`, `TLS…`, `Tls12`, `Ssl3`, `Google…`, `Cipher`,
/// `tls_cipher`), holds `=` or `:`, or ends in `encrypted`. TCP-info and product comments
/// (`(host [192.0.2.1])`, `(Postfix)`) are skipped without further scans.
fn might_hold_tls(comment: &str, t: &Token) -> bool {
    matches!(
        comment.as_bytes()[0],
        b'u' | b'U' | b'N' | b'C' | b'T' | b't' | b'S' | b'G'
    ) || t.has(EQUALS | COLON)
        || comment.ends_with("encrypted")
}

/// One comment token: every comment-borne dialect.
fn comment(raw: &str, t: Token, haraka: bool, f: &mut Found) {
    let (inner, base) = t.inner(raw);
    let trimmed = received::trim(inner);
    // Where `trimmed` starts inside `inner` (trimming only drops leading and trailing text).
    let lead = trimmed.as_ptr() as usize - inner.as_ptr() as usize;
    let at = base + lead;
    if trimmed.is_empty() || !might_hold_tls(trimmed, &t) {
        return;
    }
    // key=value form: sendmail, Gmail, Exchange, Mimecast, hMailServer, Barracuda, Haraka.
    if t.has(EQUALS) && find_ci(trimmed, "cipher=").is_some() {
        key_values(trimmed, at, haraka, f);
        return;
    }
    let first = received::first_word(trimmed);
    if eq_ci(first, "using") {
        postfix_using(trimmed, at, f);
        return;
    }
    if trimmed.starts_with("No client certificate requested")
        || trimmed.starts_with("Client did not present a certificate")
    {
        f.verified(None, trimmed, at);
        return;
    }
    if trimmed.starts_with("Client CN") || trimmed.starts_with("Client RPK") {
        if let Some(p) = trimmed.find("(verified OK)") {
            f.verified(Some(true), "verified OK", at + p + 1);
        } else if let Some(p) = trimmed.find("(not verified)") {
            f.verified(Some(false), "not verified", at + p + 1);
        }
        return;
    }
    if trimmed == "TLS" {
        f.mark("exchange-tls-comment", t.start, t.end);
        return;
    }
    if trimmed == "Google Transport Security" {
        f.mark("google-transport-security", t.start, t.end);
        return;
    }
    if normalise_version(trimmed).is_some() && !trimmed.contains('/') {
        // Exim >= 4.93: `(TLS1.3) tls <suite>` — the version alone in parentheses.
        f.mark("exim-version-comment", t.start, t.end);
        f.version(trimmed, at);
        return;
    }
    // Exim < 4.93 / OpenSMTPD / MDaemon: `(TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256[:NO])`.
    let colon_form = trimmed
        .strip_prefix("Cipher ")
        .or_else(|| trimmed.strip_prefix("tls_cipher "))
        .unwrap_or(trimmed);
    if t.has(COLON) && !colon_form.contains(' ') && colon_form.matches(':').count() >= 2 {
        let offset = at + (trimmed.len() - colon_form.len());
        let mut parts = colon_form.split(':');
        let version = parts.next().unwrap_or("");
        if normalise_version(version).is_some() {
            let cipher = parts.next().unwrap_or("");
            let bits = parts.next().unwrap_or("");
            f.mark("colon-version-cipher-bits", t.start, t.end);
            f.version(version, offset);
            f.cipher(cipher, offset + version.len() + 1);
            f.bits(bits, offset + version.len() + cipher.len() + 2);
            if let Some(v) = parts.next() {
                let v_at = offset + version.len() + cipher.len() + bits.len() + 3;
                match v {
                    "YES" => f.verified(Some(true), v, v_at),
                    "FAIL" => f.verified(Some(false), v, v_at),
                    _ => f.verified(None, v, v_at),
                }
            }
            return;
        }
    }
    // Courier / DLP: `TLS: TLSv1/SSLv3,256bits,AES256-SHA` (possibly after `AUTH: …,`).
    if let Some(p) = t.has(COLON).then(|| find_ci(trimmed, "TLS: ")).flatten() {
        let rest = &trimmed[p + 5..];
        let mut offset = at + p + 5;
        let mut parts = rest.split(',');
        let mut version = parts.next().unwrap_or("");
        let mut bits = parts.next().unwrap_or("");
        let cipher = parts.next().unwrap_or("");
        if trim_suffix(bits.trim_start(), "bits")
            .chars()
            .all(|c| c.is_ascii_digit())
            && bits.trim().ends_with("bits")
        {
            f.mark("courier-tls-comment", at + p, at + p + 4);
            let v_lead = version.len() - version.trim_start().len();
            version = version.trim();
            f.version(version, offset + v_lead);
            offset += v_lead + version.len() + 1;
            let b_lead = bits.len() - bits.trim_start().len();
            bits = bits.trim_start();
            f.bits(bits, offset + b_lead);
            offset += b_lead + bits.len() + 1;
            let c_lead = cipher.len() - cipher.trim_start().len();
            f.cipher(cipher.trim(), offset + c_lead);
            return;
        }
    }
    // qmail TLS patch: `with (DHE-RSA-AES256-SHA encrypted) SMTP`.
    if let Some(cipher) = trimmed.strip_suffix(" encrypted")
        && !cipher.contains(' ')
    {
        f.mark("qmail-encrypted", t.start, t.end);
        f.cipher(cipher, at);
        return;
    }
    // NoSpamProxy (.NET enums): `(Tls12, Aes256, Sha384, DiffieHellmanEllipticKey384)`.
    if t.has(COMMA)
        && let Some(v) = trimmed.split(',').next()
        && (v.starts_with("Tls1") || v.starts_with("Ssl3"))
        && normalise_version(v).is_some()
    {
        f.mark("dotnet-sslprotocols", t.start, t.end);
        f.version(v, at);
    }
}

/// `version=TLSv1.2 cipher=… bits=256/256 verify=OK` (also comma-separated, also without version).
fn key_values(s: &str, at: usize, haraka: bool, f: &mut Found) {
    let mut cipher_seen = false;
    for (off, w) in words(s) {
        let w = w.trim_end_matches([',', ';']);
        let Some((key, value)) = w.split_once('=') else {
            continue;
        };
        let v_at = at + off + key.len() + 1;
        let is = |name: &str| eq_ci(key, name);
        if is("version") {
            f.version(value, v_at);
        } else if is("cipher") {
            cipher_seen = true;
            f.cipher(value, v_at);
        } else if is("bits") {
            f.bits(value, v_at);
        } else if is("verify") {
            let verdict = match value {
                "OK" | "TRUSTED" | "YES" => Some(true),
                "FAIL" => Some(false),
                // Haraka: NO = a certificate was presented and could not be verified.
                "NO" if haraka => Some(false),
                _ => None,
            };
            f.verified(verdict, w, at + off);
        }
    }
    if cipher_seen {
        f.mark("version-cipher-comment", at, at + s.len());
    }
}

/// Postfix family: `using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
/// key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256`.
fn postfix_using(s: &str, at: usize, f: &mut Found) {
    let w: Vec<(usize, &str)> = words(s).collect();
    let Some(&(v_off, version)) = w.get(1) else {
        return;
    };
    let version_word = version.trim_end_matches(')');
    if eq_ci(version_word, "TLS") {
        f.mark("mimecast-using-tls", at, at + s.len());
        return;
    }
    if normalise_version(version_word).is_none() {
        return;
    }
    f.mark("postfix-using-comment", at, at + s.len());
    f.version(version_word, at + v_off);
    let mut i = 2;
    while i < w.len() {
        let (off, word) = w[i];
        match word {
            "cipher" => {
                if let Some(&(c_off, c)) = w.get(i + 1) {
                    f.cipher(c, at + c_off);
                    // bits: `(256/256 bits)`, `256/256 bits`, `(256 bits)`
                    if let (Some(&(b_off, b)), Some(&(_, unit))) = (w.get(i + 2), w.get(i + 3))
                        && unit.starts_with("bits")
                    {
                        f.bits(b, at + b_off);
                    }
                }
                i += 2;
                continue;
            }
            "key-exchange" => {
                if let Some(&(_, k)) = w.get(i + 1) {
                    let mut kx = k.to_string();
                    if let Some(&(_, p)) = w.get(i + 2)
                        && p.starts_with('(')
                    {
                        kx.push(' ');
                        kx.push_str(p.trim_end_matches(')'));
                        kx.push(')');
                    }
                    f.facts.key_exchange.get_or_insert(kx);
                    f.ev("key_exchange", at + off, at + off + word.len());
                }
            }
            "server-signature" => {
                if let Some(&(_, sig)) = w.get(i + 1) {
                    let mut text = sig.to_string();
                    if let (Some(&(_, n)), Some(&(_, unit))) = (w.get(i + 2), w.get(i + 3))
                        && n.starts_with('(')
                        && unit.starts_with("bits")
                    {
                        text.push(' ');
                        text.push_str(n);
                        text.push_str(" bits)");
                    }
                    f.facts.signature.get_or_insert(text);
                    f.ev("signature", at + off, at + off + word.len());
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Top-level words: IronPort `ESMTP/TLS/<cipher>`, `<cipher> encrypted SMTP`, IIS `over TLS
/// secured channel`, RFC 8314 `tls <suite>`, Mimecast `with STARTTLS`, OpenSMTPD 2013
/// `TLS version=… cipher=…`.
fn top_level_word(raw: &str, tokens: &[Token], k: usize, f: &mut Found) {
    let t = tokens[k];
    let w = t.text(raw);
    let word_at = |j: usize| {
        tokens
            .get(j)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| (t.start, t.text(raw)))
    };
    if t.has(SLASH)
        && let Some(p) = find_ci(w, "/TLS/")
    {
        f.mark("ironport-esmtp-tls", t.start + p + 1, t.start + p + 4);
        f.cipher(&w[p + 5..], t.start + p + 5);
        return;
    }
    if eq_ci(w, "encrypted") && k > 0 {
        if let Some((start, cipher)) = word_at(k - 1)
            && !eq_ci(cipher, "with")
        {
            f.mark("qmail-encrypted", start, t.end);
            f.cipher(cipher, start);
        }
        return;
    }
    if eq_ci(w, "over") {
        let seq = [word_at(k + 1), word_at(k + 2), word_at(k + 3)];
        if let [Some((_, a)), Some((_, b)), Some((_, c))] = seq
            && a == "TLS"
            && eq_ci(b, "secured")
            && eq_ci(c, "channel")
        {
            f.mark("iis-over-tls", t.start, tokens[k + 3].end);
        }
        return;
    }
    if w == "tls" {
        if let Some((start, suite)) = word_at(k + 1)
            && suite.contains('_')
            && suite.len() > 4
        {
            f.mark("rfc8314-tls-clause", t.start, start + suite.len());
            f.cipher(suite, start);
        }
        return;
    }
    if eq_ci(w, "STARTTLS") {
        f.mark("mimecast-starttls", t.start, t.end);
        return;
    }
    if t.has(EQUALS) && w.len() > 7 && received::starts_ci(w, "cipher=") {
        // OpenSMTPD 2013: `TLS version=… cipher=… bits=… verify=…` as bare words.
        let first = (k.saturating_sub(2)..k)
            .find(|&j| word_at(j).is_some_and(|(_, x)| x.contains('=')))
            .unwrap_or(k);
        let start = tokens[first].start;
        let mut end = t.end;
        let mut j = k + 1;
        while let Some((_, x)) = word_at(j) {
            if !x.contains('=') {
                break;
            }
            end = tokens[j].end;
            j += 1;
        }
        key_values(&raw[start..end], start, false, f);
    }
}
