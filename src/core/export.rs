//! Exports of a [`Report`]: Markdown (for a ticket or an e-mail reply), JSON, and redaction.
//!
//! Redaction masks what identifies people and machines, and keeps what the reader needs to
//! follow the route: the local part of every address becomes `redacted` (the domain stays,
//! because providers are named by domain), every IPv4/IPv6 address becomes `[IPv4]`/`[IPv6]`,
//! display names in address headers are dropped, and the subject is removed. Evidence spans
//! point into the unredacted text, so a redacted JSON export leaves them out.

pub mod json;

use std::borrow::Cow;

use crate::core::model::Report;
use crate::core::wording::{format_delay, summary_label, tls_word, verdict_label};
use json::Json;

/// What replaces the local part of an address.
pub const MASKED_LOCAL_PART: &str = "redacted";
/// What replaces an IPv4 address.
pub const MASKED_IPV4: &str = "[IPv4]";
/// What replaces an IPv6 address.
pub const MASKED_IPV6: &str = "[IPv6]";
/// What replaces the subject.
pub const MASKED_SUBJECT: &str = "(subject removed)";

/// Header fields whose whole value is a list of addresses with display names.
const ADDRESS_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "delivered-to",
    "return-path",
    "x-original-to",
    "envelope-to",
    "resent-from",
    "resent-to",
];

/// Characters of an address's local part (RFC 5322 `atext` and `.`), except `=`, which more
/// often separates a key from an address (`smtp.mailfrom=user@example.com`).
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/?^_`{|}~.".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// Mask the local part of every `local@domain` in `text`.
pub fn mask_local_parts(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0; // chars[..copied] are in `out`
    while i < chars.len() {
        if chars[i] == '@' {
            let mut start = i;
            while start > copied && is_local_char(chars[start - 1]) {
                start -= 1;
            }
            let has_domain = chars.get(i + 1).is_some_and(|&c| is_domain_char(c));
            if start < i && has_domain {
                out.extend(&chars[copied..start]);
                out.push_str(MASKED_LOCAL_PART);
                copied = i;
            }
        }
        i += 1;
    }
    out.extend(&chars[copied..]);
    out
}

/// `192.0.2.1` style: four decimal parts of one to three digits, each ≤ 255 (leading zeros
/// allowed: this masks what looks like an address, it does not validate one).
fn is_ipv4(s: &str) -> bool {
    let (mut parts, mut digits, mut value) = (0, 0, 0u16);
    for b in s.bytes().chain([b'.']) {
        match b {
            b'.' if digits > 0 && value <= 255 => (parts, digits, value) = (parts + 1, 0, 0),
            b'0'..=b'9' if digits < 3 => {
                value = value * 10 + u16::from(b - b'0');
                digits += 1;
            }
            _ => return false,
        }
    }
    parts == 4
}

/// An IPv6 address as written in headers: hex groups and colons (at least two), with `::` or
/// five or more colons (so `14:41:21` stays a time), optionally ending in a dotted IPv4.
fn is_ipv6(s: &str) -> bool {
    let b = s.as_bytes();
    let colons = b.iter().filter(|&&c| c == b':').count();
    let has_run = |n: usize| b.windows(n).any(|w| w.iter().all(|&c| c == b':'));
    if colons < 2
        || !b.iter().any(u8::is_ascii_hexdigit)
        || !(colons >= 5 || has_run(2))
        || has_run(3)
    {
        return false;
    }
    // After the last `:` (there are at least two), a dotted IPv4 may end the address.
    let last = b.iter().rposition(|&c| c == b':').unwrap_or(0);
    let (head, tail) = if b[last + 1..].contains(&b'.') {
        (&b[..last + 1], Some(&s[last + 1..]))
    } else {
        (b, None)
    };
    tail.is_none_or(is_ipv4)
        && head
            .split(|&c| c == b':')
            .all(|g| g.len() <= 4 && g.iter().all(u8::is_ascii_hexdigit))
}

/// Mask every IPv4 and IPv6 address in `text`.
pub fn mask_ips(text: &str) -> String {
    let is_run_char = |c: char| c.is_ascii_hexdigit() || c == ':' || c == '.';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(start) = rest.find(is_run_char) {
        let before = &rest[..start];
        out.push_str(before);
        if let Some(c) = before.chars().last() {
            prev = Some(c);
        }
        let run_len = rest[start..]
            .find(|c| !is_run_char(c))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        let next = rest[start + run_len..].chars().next();
        out.push_str(&mask_run(run, prev, next, &out));
        prev = run.chars().last();
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    out
}

/// Mask the addresses inside one run of hex digits, colons and dots. `prev`/`next` are the
/// characters around it; `written` is the output so far (to see an `IPv6:` prefix).
fn mask_run(run: &str, prev: Option<char>, next: Option<char>, written: &str) -> String {
    let glued =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    // `[IPv6:2001:db8::1]`: the run starts with the `6:` of the tag.
    let ipv6_tag = written
        .as_bytes()
        .rchunks(3)
        .next()
        .is_some_and(|end| end.eq_ignore_ascii_case(b"ipv"))
        && run.starts_with("6:");
    if ipv6_tag && is_ipv6(&run[2..]) && !glued(next) {
        return format!("6:{MASKED_IPV6}");
    }
    if glued(prev) || glued(next) {
        return run.to_string();
    }
    let core = run.trim_matches('.');
    let lead = &run[..run.len() - run.trim_start_matches('.').len()];
    let trail = &run[lead.len() + core.len()..];
    if is_ipv6(core) {
        return format!("{lead}{MASKED_IPV6}{trail}");
    }
    // `192.0.2.1:25` (address and port) or a plain dotted quad.
    let (addr, port) = match core.split_once(':') {
        Some((a, p)) if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() => (a, Some(p)),
        _ => (core, None),
    };
    if is_ipv4(addr) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        return format!("{lead}{MASKED_IPV4}{port}{trail}");
    }
    run.to_string()
}

/// Mask local parts and IP addresses in free text.
pub fn redact_text(text: &str) -> String {
    mask_ips(&mask_local_parts(text))
}

/// An address header's value with display names dropped and local parts masked:
/// `"Jane Doe" <jane@example.com>, bob@example.org` → `redacted@example.com, redacted@example.org`.
pub fn redact_address_list(value: &str) -> String {
    let masked = mask_local_parts(value);
    let addresses: Vec<String> = masked
        .match_indices(&format!("{MASKED_LOCAL_PART}@"))
        .map(|(at, m)| {
            let domain: String = masked[at + m.len()..]
                .chars()
                .take_while(|&c| is_domain_char(c))
                .collect();
            format!("{MASKED_LOCAL_PART}@{}", domain.trim_end_matches('.'))
        })
        .collect();
    if addresses.is_empty() {
        mask_ips(&masked)
    } else {
        addresses.join(", ")
    }
}

/// The report as pretty JSON (the same shape as the command line's `--json`, keys sorted),
/// redacted on request. Written by [`json`], so the web bundle carries no `serde_json`. The
/// redaction is applied to the value tree, as the tests' reference `redact` applies it to a
/// copy of the report (tested equal;
/// free text is masked once here, and masking again changes nothing), so the report is not
/// copied first.
pub fn to_json(report: &Report, redacted: bool) -> String {
    let mut tree = json::to_tree(report).unwrap_or(Json::Null);
    if redacted && let Json::Object(entries) = &mut tree {
        strip_evidence(entries);
        redact_tree(entries);
        // Every other string (and fields added after this was written) as free text.
        redact_strings(&mut tree);
    }
    json::to_string_pretty(&tree)
}

/// The entry `key` of a JSON object.
fn entry<'a>(entries: &'a mut [(String, Json)], key: &str) -> Option<&'a mut Json> {
    entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// What the tests' reference `redact` does beyond masking free text, on the report's value
/// tree: address headers keep only the addresses, the subject is removed.
fn redact_tree(report: &mut [(String, Json)]) {
    if let Some(Json::Object(message)) = entry(report, "message") {
        for key in ["from", "to"] {
            if let Some(Json::String(v)) = entry(message, key) {
                *v = redact_address_list(v);
            }
        }
        if let Some(Json::String(v)) = entry(message, "subject") {
            *v = MASKED_SUBJECT.into();
        }
    }
    let Some(Json::Array(headers)) = entry(report, "headers") else {
        return;
    };
    for header in headers {
        let Json::Object(fields) = header else {
            continue;
        };
        let Some(Json::String(name)) = entry(fields, "name") else {
            continue;
        };
        let name = name.clone();
        let lower = name.to_ascii_lowercase();
        let Some(Json::String(value)) = entry(fields, "value") else {
            continue;
        };
        *value = if ADDRESS_HEADERS.contains(&lower.as_str()) {
            redact_address_list(value)
        } else if lower == "subject" {
            MASKED_SUBJECT.into()
        } else {
            continue;
        };
        let raw = format!("{name}: {value}");
        if let Some(Json::String(v)) = entry(fields, "raw") {
            *v = raw;
        }
    }
}

fn redact_strings(value: &mut Json) {
    match value {
        Json::String(s) => *s = redact_text(s),
        Json::Array(items) => items.iter_mut().for_each(redact_strings),
        Json::Object(entries) => entries.iter_mut().for_each(|(_, v)| redact_strings(v)),
        _ => {}
    }
}

/// Evidence spans point into the unredacted text: a redacted export leaves them out.
fn strip_evidence(entries: &mut [(String, Json)]) {
    for (key, value) in entries {
        if key == "hops"
            && let Json::Array(hops) = value
        {
            for hop in hops {
                if let Json::Object(fields) = hop {
                    fields.retain(|(k, _)| k != "evidence");
                }
            }
        }
    }
}

/// A Markdown table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        "–".into()
    } else {
        one_line.replace('|', "\\|")
    }
}

fn opt(v: &Option<String>) -> String {
    cell(v.as_deref().unwrap_or(""))
}

/// Free text as written, or masked ([`redact_text`]).
fn masked(text: &str, redacted: bool) -> Cow<'_, str> {
    if redacted {
        Cow::Owned(redact_text(text))
    } else {
        Cow::Borrowed(text)
    }
}

fn masked_opt(value: &Option<String>, redacted: bool) -> Option<Cow<'_, str>> {
    value.as_deref().map(|v| masked(v, redacted))
}

/// An address header's value as written, or its addresses masked ([`redact_address_list`]).
fn address_list(value: &Option<String>, redacted: bool) -> Option<Cow<'_, str>> {
    value.as_deref().map(|v| {
        if redacted {
            Cow::Owned(redact_address_list(v))
        } else {
            Cow::Borrowed(v)
        }
    })
}

/// The report as Markdown, redacted on request: each field is masked as it is written, the way
/// the tests' reference `redact` masks it in a copy (tested equal), so the report is not copied.
pub fn to_markdown(r: &Report, redacted: bool) -> String {
    let mut md = String::new();
    let mut line = |s: &str| {
        md.push_str(s);
        md.push('\n');
    };
    line("# hoplock report: was this message sent with TLS?");
    line("");
    line(&format!(
        "**Verdict: {}.** {}",
        summary_label(r.summary.verdict),
        masked(&r.summary.text, redacted).trim()
    ));
    if redacted {
        line("");
        line("_Addresses, local parts, IP addresses and the subject are redacted._");
    }
    let m = &r.message;
    let subject = m
        .subject
        .as_deref()
        .map(|v| Cow::Borrowed(if redacted { MASKED_SUBJECT } else { v }));
    let facts: Vec<(&str, Option<Cow<'_, str>>)> = vec![
        ("From", address_list(&m.from, redacted)),
        ("To", address_list(&m.to, redacted)),
        ("Subject", subject),
        ("Date", m.date.as_deref().map(Cow::Borrowed)),
        ("Message-ID", masked_opt(&m.message_id, redacted)),
    ];
    if facts.iter().any(|(_, v)| v.is_some()) || m.tls_required_no {
        line("");
        line("## Message");
        line("");
        for (name, v) in facts {
            if let Some(v) = v {
                line(&format!("- {name}: {}", cell(&v)));
            }
        }
        if m.tls_required_no {
            line("- TLS-Required: No (the sender allowed delivery without TLS)");
        }
    }
    if !r.hops.is_empty() {
        line("");
        line("## Route (sender first)");
        line("");
        line(
            "| # | From | By | With | TLS | Version | Cipher | Strength | Delay | Scope | Verdict |",
        );
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        for h in &r.hops {
            let l = &h.line;
            let from = match (
                masked_opt(&l.from_host, redacted),
                masked_opt(&l.from_ip, redacted),
            ) {
                (Some(host), Some(ip)) => format!("{host} [{ip}]"),
                (Some(host), None) => host.into_owned(),
                (None, Some(ip)) => format!("[{ip}]"),
                (None, None) => String::new(),
            };
            let by_host = masked_opt(&l.by_host, redacted).unwrap_or_default();
            let by = match &h.assessment.by_org {
                Some(org) => format!("{by_host} ({})", org.name),
                None => by_host.into_owned(),
            };
            line(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                h.index,
                cell(&from),
                cell(&by),
                cell(&masked_opt(&l.with, redacted).unwrap_or_default()),
                tls_word(l.tls.tls),
                opt(&l.tls.tls_version),
                opt(&l.tls.cipher),
                cell(
                    h.assessment
                        .strength
                        .as_ref()
                        .map_or("", |s| s.grade.as_str())
                ),
                cell(&h.delay_seconds.map(format_delay).unwrap_or_default()),
                h.assessment.scope.as_str(),
                verdict_label(h.assessment.verdict),
            ));
        }
        line("");
        line("### Why");
        line("");
        for h in &r.hops {
            line(&format!(
                "{}. {}",
                h.index,
                cell(&masked(&h.assessment.reason, redacted))
            ));
        }
        if let Some(total) = r.total_transit_seconds {
            line("");
            line(&format!("Total transit time: {}.", format_delay(total)));
        }
    }
    if !r.caveats.is_empty() {
        line("");
        line("## Caveats");
        line("");
        for c in &r.caveats {
            line(&format!(
                "- **{}** {}",
                cell(&c.title),
                cell(&masked(&c.text, redacted))
            ));
        }
    }
    if !r.authentication.is_empty() {
        line("");
        line("## Authentication results");
        line("");
        line("| Header | Checked by | SPF | DKIM | DMARC | ARC |");
        line("|---|---|---|---|---|---|");
        for a in &r.authentication {
            line(&format!(
                "| {} | {} | {} | {} | {} | {} |",
                cell(&a.header),
                cell(&masked(&a.authserv_id, redacted)),
                cell(&masked_opt(&a.spf, redacted).unwrap_or_default()),
                cell(&masked_opt(&a.dkim, redacted).unwrap_or_default()),
                cell(&masked_opt(&a.dmarc, redacted).unwrap_or_default()),
                cell(&masked_opt(&a.arc, redacted).unwrap_or_default())
            ));
        }
    }
    if !r.diagnostics.is_empty() {
        line("");
        line("## Notes on the input");
        line("");
        for d in &r.diagnostics {
            line(&format!("- {}", cell(&masked(&d.text, redacted))));
        }
    }
    line("");
    line(
        "_Made with hoplock. It reports what each receiving server recorded; a missing TLS note is not proof either way._",
    );
    md
}

/// Every corpus message and every message of ours (`tests/data/{corpus/messages,messages}/*.txt`),
/// for the tests here and in `providers.rs` that compare against the older implementations.
#[cfg(test)]
pub(crate) fn test_messages() -> Vec<Vec<u8>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    for dir in ["corpus/messages", "messages"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "txt") {
                out.push(std::fs::read(path).unwrap());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference for the redacted exports: a redacted copy of the report, field by field.
    /// `to_markdown` and `to_json` mask while they write instead (no copy of the report in the
    /// app), and are tested to give what they give for this copy.
    fn redact(report: &Report) -> Report {
        let mut r = report.clone();
        let t = |s: &mut String| *s = redact_text(s);
        let o = |s: &mut Option<String>| {
            if let Some(v) = s {
                *v = redact_text(v);
            }
        };
        for hop in &mut r.hops {
            let l = &mut hop.line;
            t(&mut l.raw);
            for f in [
                &mut l.from_host,
                &mut l.from_ip,
                &mut l.by_host,
                &mut l.with,
                &mut l.from_rdns,
                &mut l.by_ip,
                &mut l.via,
                &mut l.id,
                &mut l.for_addr,
                &mut l.envelope_from,
                &mut l.from_helo,
                &mut l.by_product,
            ] {
                o(f);
            }
            l.notes.iter_mut().for_each(|d| t(&mut d.text));
            l.evidence.clear();
            let a = &mut hop.assessment;
            t(&mut a.reason);
            o(&mut a.chain_break);
            for i in &mut a.inferences {
                t(&mut i.evidence);
            }
        }
        t(&mut r.summary.text);
        r.diagnostics.iter_mut().for_each(|d| t(&mut d.text));
        for c in &mut r.caveats {
            t(&mut c.text);
        }
        let m = &mut r.message;
        for v in [&mut m.from, &mut m.to].into_iter().flatten() {
            *v = redact_address_list(v);
        }
        if m.subject.is_some() {
            m.subject = Some(MASKED_SUBJECT.into());
        }
        o(&mut m.message_id);
        for a in &mut r.authentication {
            t(&mut a.authserv_id);
            for f in [&mut a.spf, &mut a.dkim, &mut a.dmarc, &mut a.arc] {
                o(f);
            }
        }
        for h in &mut r.headers {
            let name = h.name.to_ascii_lowercase();
            if ADDRESS_HEADERS.contains(&name.as_str()) {
                h.value = redact_address_list(&h.value);
                h.raw = format!("{}: {}", h.name, h.value);
            } else if name == "subject" {
                h.value = MASKED_SUBJECT.into();
                h.raw = format!("{}: {}", h.name, h.value);
            } else {
                t(&mut h.value);
                t(&mut h.raw);
            }
        }
        r
    }

    /// Each row: input text, what redaction must make of it.
    const REDACT_TEXT: &[(&str, &str)] = &[
        ("for <jane.doe@example.com>;", "for <redacted@example.com>;"),
        (
            "smtp.mailfrom=bounce+x@mail.example.org",
            "smtp.mailfrom=redacted@mail.example.org",
        ),
        (
            "from mx (mx.example [192.0.2.25])",
            "from mx (mx.example [[IPv4]])",
        ),
        ("[IPv6:2001:db8::25]", "[IPv6:[IPv6]]"),
        ("(2a01:111:f400:7e1b::200) by", "([IPv6]) by"),
        ("by 2001:db8:0:0:1:0:0:1 with", "by [IPv6] with"),
        ("client-ip=203.0.113.9;", "client-ip=[IPv4];"),
        ("from 198.51.100.7:25 to", "from [IPv4]:25 to"),
        ("::ffff:192.0.2.1 connected", "[IPv6] connected"),
        // Times, versions, hex ids and names stay.
        (
            "Mon, 19 Aug 2019 14:41:21 -0400",
            "Mon, 19 Aug 2019 14:41:21 -0400",
        ),
        (
            "version=TLS1_2, cipher=TLS_ECDHE_RSA",
            "version=TLS1_2, cipher=TLS_ECDHE_RSA",
        ),
        (
            "id 4F2A1B3C4D; Postfix 3.4.5",
            "id 4F2A1B3C4D; Postfix 3.4.5",
        ),
        ("mail-1.2.3.4.example.net", "mail-1.2.3.4.example.net"),
        ("Note:: see", "Note:: see"),
        ("user@", "user@"),
        ("a @ b", "a @ b"),
        ("", ""),
    ];

    /// The address shapes as the first version wrote them (`split`/`parse`/`matches`), against
    /// which the byte loops are checked on random runs of address characters.
    #[test]
    fn address_shapes_agree_with_the_first_version() {
        fn is_ipv4_before(s: &str) -> bool {
            let parts: Vec<&str> = s.split('.').collect();
            parts.len() == 4
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.len() <= 3
                        && p.bytes().all(|b| b.is_ascii_digit())
                        && p.parse::<u16>().is_ok_and(|n| n <= 255)
                })
        }
        fn is_ipv6_before(s: &str) -> bool {
            let colons = s.matches(':').count();
            let hex_digits = s.chars().filter(|c| c.is_ascii_hexdigit()).count();
            if colons < 2 || hex_digits == 0 || !(s.contains("::") || colons >= 5) {
                return false;
            }
            let (head, tail) = match s.rfind(':') {
                Some(at) if s[at + 1..].contains('.') => (&s[..at + 1], Some(&s[at + 1..])),
                _ => (s, None),
            };
            tail.is_none_or(is_ipv4_before)
                && head
                    .split(':')
                    .all(|g| g.len() <= 4 && g.chars().all(|c| c.is_ascii_hexdigit()))
                && s.matches(":::").count() == 0
        }
        let alphabet = [
            '0', '1', '2', '5', '9', 'a', 'F', 'g', ':', ':', '.', '.', 'é',
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let (mut v4, mut v6) = (0, 0);
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let text: String = (0..len)
                .map(|k| alphabet[(state >> (2 * k + 5)) as usize % alphabet.len()])
                .collect();
            for s in [text.as_str(), text.trim_matches(':')] {
                assert_eq!(is_ipv4(s), is_ipv4_before(s), "{s:?}");
                assert_eq!(is_ipv6(s), is_ipv6_before(s), "{s:?}");
                v4 += usize::from(is_ipv4(s));
                v6 += usize::from(is_ipv6(s));
            }
        }
        for s in [
            "1.2.3.4",
            "001.02.255.0",
            "1.2.3.256",
            "::1",
            "fe80::1:2.3.4.5",
            "1:2:3:4:5",
        ] {
            assert_eq!(is_ipv4(s), is_ipv4_before(s), "{s:?}");
            assert_eq!(is_ipv6(s), is_ipv6_before(s), "{s:?}");
        }
        assert!(
            v4 > 0 && v6 > 100,
            "the generator reaches both shapes: {v4} {v6}"
        );
    }

    #[test]
    fn redacts_addresses_and_ips_in_text() {
        for (input, want) in REDACT_TEXT {
            assert_eq!(redact_text(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn address_lists_lose_display_names() {
        let cases = [
            ("\"Jane Doe\" <jane@example.com>", "redacted@example.com"),
            (
                "Jane <j@a.example>, Bob <b@b.example>",
                "redacted@a.example, redacted@b.example",
            ),
            ("undisclosed-recipients:;", "undisclosed-recipients:;"),
        ];
        for (input, want) in cases {
            assert_eq!(redact_address_list(input), want, "input {input:?}");
        }
    }

    fn sample() -> Report {
        let text = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus/messages/seed-luxsci-hotmail-proofpoint.txt"
        ))
        .unwrap();
        crate::core::analyze(&text)
    }

    /// Every address and IP that the report contains is gone from the redacted exports.
    #[test]
    fn redacted_exports_hold_no_address_or_ip() {
        let report = sample();
        let mut secrets: Vec<String> = Vec::new();
        for h in &report.hops {
            secrets.extend(h.line.from_ip.clone());
            secrets.extend(h.line.by_ip.clone());
            if let Some(addr) = &h.line.for_addr {
                let local = addr
                    .trim_matches(|c| c == '<' || c == '>')
                    .split('@')
                    .next()
                    .unwrap_or("");
                if local.len() > 2 {
                    secrets.push(format!("{local}@"));
                }
            }
        }
        assert!(!secrets.is_empty(), "the sample has addresses to hide");
        for export in [to_markdown(&report, true), to_json(&report, true)] {
            for s in &secrets {
                assert!(
                    !export.contains(s.as_str()),
                    "{s} leaked into a redacted export: {:?}",
                    export
                        .lines()
                        .filter(|l| l.contains(s.as_str()))
                        .collect::<Vec<_>>()
                );
            }
        }
        let plain = to_markdown(&report, false);
        assert!(
            secrets.iter().any(|s| plain.contains(s.as_str())),
            "unredacted export keeps them"
        );
    }

    /// Masking while writing gives the Markdown of the redacted copy (plus the note saying so).
    #[test]
    fn redacted_markdown_is_the_markdown_of_the_redacted_copy() {
        let note = "\n_Addresses, local parts, IP addresses and the subject are redacted._\n";
        for text in test_messages() {
            let report = crate::core::analyze(&text);
            let got = to_markdown(&report, true);
            assert!(got.contains(note));
            assert_eq!(
                got.replacen(note, "", 1),
                to_markdown(&redact(&report), false)
            );
        }
    }

    #[test]
    fn markdown_has_one_row_per_hop_and_the_verdict() {
        let report = sample();
        let md = to_markdown(&report, false);
        let rows = md
            .lines()
            .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(rows, report.hops.len());
        assert!(md.contains(&format!(
            "**Verdict: {}.**",
            summary_label(report.summary.verdict)
        )));
        for h in &report.hops {
            let row = md
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", h.index)))
                .unwrap();
            assert!(row.contains(tls_word(h.line.tls.tls)), "{row}");
        }
    }

    /// The export as it was written through `serde_json` (and as the command line writes it).
    fn to_json_by_serde_json(report: &Report, redacted: bool) -> String {
        use serde_json::Value;
        let value = if redacted {
            serde_json::to_value(redact(report))
        } else {
            serde_json::to_value(report)
        };
        let value = match value {
            Ok(Value::Object(mut map)) => {
                if redacted {
                    if let Some(Value::Array(hops)) = map.get_mut("hops") {
                        for hop in hops {
                            if let Value::Object(h) = hop {
                                h.remove("evidence");
                            }
                        }
                    }
                    let mut value = Value::Object(map);
                    fn redact_all(value: &mut Value) {
                        match value {
                            Value::String(s) => *s = redact_text(s),
                            Value::Array(items) => items.iter_mut().for_each(redact_all),
                            Value::Object(map) => map.values_mut().for_each(redact_all),
                            _ => {}
                        }
                    }
                    redact_all(&mut value);
                    value
                } else {
                    Value::Object(map)
                }
            }
            Ok(v) => v,
            Err(_) => Value::Null,
        };
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    /// Every corpus message and every message of ours (and the empty input), plain and
    /// redacted: the JSON export is byte for byte what serde_json wrote.
    #[test]
    fn json_export_is_byte_identical_to_serde_json() {
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        inputs.extend(test_messages());
        assert!(inputs.len() > 40, "corpus and own messages read");
        for input in &inputs {
            let report = crate::core::analyze(input);
            for redacted in [false, true] {
                let ours = to_json(&report, redacted);
                let theirs = to_json_by_serde_json(&report, redacted);
                assert!(
                    ours == theirs,
                    "redacted={redacted}, first difference at byte {} of {:?}",
                    ours.bytes()
                        .zip(theirs.bytes())
                        .position(|(a, b)| a != b)
                        .unwrap_or(ours.len().min(theirs.len())),
                    String::from_utf8_lossy(&input[..input.len().min(80)])
                );
            }
        }
    }

    #[test]
    fn json_round_trips_and_redacted_json_drops_spans() {
        use serde_json::Value;
        let report = sample();
        let plain: Value = serde_json::from_str(&to_json(&report, false)).unwrap();
        assert_eq!(plain["hops"].as_array().unwrap().len(), report.hops.len());
        assert!(plain["hops"][0].get("evidence").is_some());
        let red: Value = serde_json::from_str(&to_json(&report, true)).unwrap();
        assert!(red["hops"][0].get("evidence").is_none());
    }

    #[test]
    fn empty_report_exports() {
        let report = crate::core::analyze(b"");
        assert!(to_markdown(&report, true).contains("**Verdict:"));
        assert!(to_json(&report, true).starts_with('{'));
    }
}
