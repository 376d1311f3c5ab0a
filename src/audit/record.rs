//! One message of an audit: its [`crate::core::analyze`] report reduced to a [`Record`] (one
//! line of `hoplock audit --jsonl`).
//!
//! The verdict is the core's summary verdict, copied, never recomputed: a record says what
//! `hoplock --json` says of the same message alone (tested on every corpus message).
//! The few places that read the core's domain strings (verdicts, grades, TLS versions, the
//! provider rule id) are the `from_core` functions at the end of this file.

use serde::{Deserialize, Serialize};

use crate::core::export;
use crate::core::{self, Hop, Report, Rule, SummaryVerdict};

use super::mbox::{DiagnosticCode, MessageHead};

/// The core's summary verdict of one message.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every hand-off between providers was recorded as encrypted.
    Encrypted,
    /// At least one hand-off between providers was not encrypted (recorded or inferred).
    NotEncrypted,
    /// Some hand-off's encryption was not recorded, or there was no hand-off to judge.
    Unknown,
    /// No Received header at all.
    NoHops,
}

/// A message's line in the totals: its verdict, or unreadable (not an email message).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    Encrypted,
    NotEncrypted,
    Unknown,
    NoHops,
    Unreadable,
}

/// TLS protocol versions, oldest first (the order "an older TLS version" means).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TlsVersion {
    #[serde(rename = "SSL3")]
    Ssl3,
    #[serde(rename = "TLS1.0")]
    Tls10,
    #[serde(rename = "TLS1.1")]
    Tls11,
    #[serde(rename = "TLS1.2")]
    Tls12,
    #[serde(rename = "TLS1.3")]
    Tls13,
}

impl TlsVersion {
    pub const ALL: [TlsVersion; 5] = [
        TlsVersion::Ssl3,
        TlsVersion::Tls10,
        TlsVersion::Tls11,
        TlsVersion::Tls12,
        TlsVersion::Tls13,
    ];

    /// The name as the core writes it (and the JSON).
    pub fn name(self) -> &'static str {
        match self {
            TlsVersion::Ssl3 => "SSL3",
            TlsVersion::Tls10 => "TLS1.0",
            TlsVersion::Tls11 => "TLS1.1",
            TlsVersion::Tls12 => "TLS1.2",
            TlsVersion::Tls13 => "TLS1.3",
        }
    }
}

/// Strength grades of recorded TLS, weakest first (`unknown` — no version or cipher written —
/// is not a grade here).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    Broken,
    Weak,
    Acceptable,
    Strong,
}

/// One audited message.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Record {
    /// Which input it came from (a path on the command line, a file name in the browser).
    pub source: String,
    /// 0-based position in its source.
    pub index: u64,
    /// Byte offset in its source (where the message can be read again) and length in bytes.
    pub offset: u64,
    pub length: u64,
    pub message_id: Option<String>,
    /// The Date header as written.
    pub date: Option<String>,
    /// Unix seconds: when the recipient's last server stamped it (the newest Received
    /// timestamp), else the Date header. `None` when neither can be read.
    pub timestamp: Option<i64>,
    /// `YYYY-MM` (UTC) of `timestamp`: the timeline's bucket.
    pub month: Option<String>,
    /// The From address's domain (lower case).
    pub from_domain: Option<String>,
    /// The Return-Path (envelope sender) address's domain.
    pub return_path_domain: Option<String>,
    /// Every DKIM-Signature `d=` domain, sorted.
    pub dkim_domains: Vec<String>,
    /// The sending organisation (provider id, or registrable domain) and its short name: the
    /// sender side of the first hand-off between providers (see `from_report`).
    pub organisation: Option<String>,
    pub organisation_name: Option<String>,
    /// The core's summary verdict (an unreadable message has `no-hops` and `unreadable`; `null`
    /// only for a verdict this version does not know).
    pub verdict: Option<Verdict>,
    /// No header field could be read (counted as unreadable, not by verdict).
    pub unreadable: bool,
    /// The hop the verdict names (chronological index), its verdict and the rule behind it.
    pub key_hop: Option<usize>,
    pub key_hop_verdict: Option<String>,
    pub key_hop_rule: Option<String>,
    /// The core's one-sentence summary: why.
    pub summary: String,
    /// The oldest TLS version and the weakest grade recorded on the hand-offs between providers.
    pub weakest_tls: Option<TlsVersion>,
    pub weakest_grade: Option<Grade>,
    /// A hand-off through a provider that always records TLS recorded none (the knowledge-base
    /// rule `provider-records-tls`).
    pub provider_did_not_log: bool,
    /// Number of hops (Received fields analysed).
    pub hops: usize,
    pub diagnostics: Vec<DiagnosticCode>,
}

impl Record {
    /// Analyse one split message (its header section) from `source`.
    pub fn of(head: &MessageHead, source: &str) -> Record {
        let report = crate::core::analyze(&head.header);
        Record::from_report(&report, head, source)
    }

    /// Reduce a report of `head` to its record.
    pub fn from_report(report: &Report, head: &MessageHead, source: &str) -> Record {
        let hop = |index: usize| report.hops.iter().find(|h| h.index == index);
        let handoffs: Vec<&Hop> = report
            .summary
            .handoffs
            .iter()
            .filter_map(|&i| hop(i))
            .collect();
        let key = report.summary.hop.and_then(hop);
        let timestamp = report
            .hops
            .iter()
            .rev()
            .find_map(|h| h.line.unix_time)
            .filter(|&t| plausible(t))
            .or_else(|| report.message.date.as_deref().and_then(parse_date));
        // The sender side of the first hand-off between providers: its sending organisation,
        // else that of the server that received the hop before it (which then handed the
        // message on). Never the hand-off's receiver: that is the recipient's side. With no
        // hand-off (one organisation end to end), the first hop's.
        let organisation = match handoffs.first() {
            Some(first) => first.assessment.from_org.as_ref().or_else(|| {
                hop(first.index.wrapping_sub(1)).and_then(|h| h.assessment.by_org.as_ref())
            }),
            None => report.hops.first().and_then(|h| {
                h.assessment
                    .from_org
                    .as_ref()
                    .or(h.assessment.by_org.as_ref())
            }),
        };
        let weakest_tls = handoffs
            .iter()
            .filter(|h| h.line.tls.tls == Some(true))
            .filter_map(|h| {
                h.line
                    .tls
                    .tls_version
                    .as_deref()
                    .and_then(version_from_core)
            })
            .min();
        let weakest_grade = handoffs
            .iter()
            .filter_map(|h| h.assessment.strength.as_ref())
            .filter_map(|s| grade_from_core(s.grade))
            .min();
        let unreadable = report.headers.is_empty();
        let mut diagnostics = head.diagnostics.clone();
        if unreadable {
            diagnostics.push(DiagnosticCode::NotAMessage);
        }
        let mut dkim_domains: Vec<String> = report
            .headers
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("DKIM-Signature"))
            .filter_map(|f| dkim_domain(&f.value))
            .collect();
        dkim_domains.sort();
        dkim_domains.dedup();
        Record {
            source: source.to_string(),
            index: head.index,
            offset: head.offset,
            length: head.length,
            message_id: report.message.message_id.clone(),
            date: report.message.date.clone(),
            timestamp,
            month: timestamp.map(month_of),
            from_domain: report.message.from.as_deref().and_then(address_domain),
            return_path_domain: report
                .headers
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case("Return-Path"))
                .and_then(|f| address_domain(&f.value)),
            dkim_domains,
            organisation: organisation.map(|o| o.id.clone()),
            organisation_name: organisation.map(|o| o.name.clone()),
            verdict: Some(verdict_from_core(report.summary.verdict)),
            unreadable,
            key_hop: key.map(|h| h.index),
            key_hop_verdict: key.map(|h| h.assessment.verdict.to_string()),
            key_hop_rule: key.map(|h| h.assessment.verdict_rule.to_string()),
            summary: report.summary.text.clone(),
            weakest_tls,
            weakest_grade,
            provider_did_not_log: handoffs.iter().any(|h| provider_did_not_log(h)),
            hops: report.hops.len(),
            diagnostics,
        }
    }

    /// The record's line in the totals.
    pub fn class(&self) -> Class {
        if self.unreadable {
            return Class::Unreadable;
        }
        match self.verdict {
            Some(Verdict::Encrypted) => Class::Encrypted,
            Some(Verdict::NotEncrypted) => Class::NotEncrypted,
            Some(Verdict::Unknown) | None => Class::Unknown,
            Some(Verdict::NoHops) => Class::NoHops,
        }
    }

    /// Mask what identifies people, as the single-message export's redaction does: local parts
    /// of addresses and IP addresses in free text (domains and organisations stay: they are
    /// what the audit is about).
    pub fn redact(&mut self) {
        self.message_id = self.message_id.as_deref().map(export::redact_text);
        self.summary = export::redact_text(&self.summary);
    }
}

/// The domain of the (last) address in an address header: `"A" <a@Example.COM>` → `example.com`.
pub fn address_domain(value: &str) -> Option<String> {
    let address = match (value.rfind('<'), value.rfind('>')) {
        (Some(open), Some(close)) if open < close => &value[open + 1..close],
        _ => value
            .split([' ', ',', ';'])
            .rev()
            .find(|w| w.contains('@'))
            .unwrap_or(""),
    };
    let domain = &address[address.rfind('@')? + 1..];
    let domain = domain.trim().trim_end_matches('.');
    let ok = !domain.is_empty()
        && domain.len() <= 253
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '[' | ']' | ':'));
    ok.then(|| domain.to_lowercase())
}

/// The `d=` tag of a DKIM-Signature value (RFC 6376 §3.5).
fn dkim_domain(value: &str) -> Option<String> {
    value
        .split(';')
        .find_map(|tag| {
            let (name, v) = tag.split_once('=')?;
            (name.trim() == "d").then(|| v.trim().trim_end_matches('.').to_lowercase())
        })
        .filter(|d| !d.is_empty())
}

/// Dates before 1980 or after 2100 are a broken clock or a broken parse, not a month to chart.
fn plausible(unix: i64) -> bool {
    (315_532_800..4_102_444_800).contains(&unix)
}

/// The Date header (RFC 5322 §3.3) as Unix seconds, by mail-parser's parser.
fn parse_date(value: &str) -> Option<i64> {
    let date = mail_parser::DateTime::parse_rfc822(value)?;
    Some(date.to_timestamp()).filter(|&t| plausible(t))
}

/// `YYYY-MM` (UTC) of Unix seconds: the timeline's bucket.
pub fn month_of(unix: i64) -> String {
    let utc = mail_parser::DateTime::from_timestamp(unix);
    format!("{:04}-{:02}", utc.year, utc.month)
}

/// `YYYY-MM-DD` (UTC) of Unix seconds.
pub fn date_of(unix: i64) -> String {
    let utc = mail_parser::DateTime::from_timestamp(unix);
    format!("{:04}-{:02}-{:02}", utc.year, utc.month, utc.day)
}

// ---- The core's domain strings, read in one place. ----

fn verdict_from_core(verdict: SummaryVerdict) -> Verdict {
    match verdict {
        SummaryVerdict::Encrypted => Verdict::Encrypted,
        SummaryVerdict::NotEncrypted => Verdict::NotEncrypted,
        SummaryVerdict::Unknown => Verdict::Unknown,
        SummaryVerdict::NoHops => Verdict::NoHops,
    }
}

fn version_from_core(version: &str) -> Option<TlsVersion> {
    TlsVersion::ALL.into_iter().find(|v| v.name() == version)
}

fn grade_from_core(grade: core::Grade) -> Option<Grade> {
    match grade {
        core::Grade::Broken => Some(Grade::Broken),
        core::Grade::Weak => Some(Grade::Weak),
        core::Grade::Acceptable => Some(Grade::Acceptable),
        core::Grade::Strong => Some(Grade::Strong),
        core::Grade::Unknown => None,
    }
}

fn provider_did_not_log(hop: &Hop) -> bool {
    hop.assessment.verdict.is_not_encrypted()
        && matches!(hop.assessment.verdict_rule, Rule::ProviderRecordsTls(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_utc_calendar_months() {
        assert_eq!(month_of(0), "1970-01");
        assert_eq!(month_of(951_782_400), "2000-02"); // 2000-02-29
        assert_eq!(month_of(951_868_799), "2000-02");
        assert_eq!(month_of(951_868_800), "2000-03");
        assert_eq!(month_of(1_735_689_599), "2024-12");
        assert_eq!(date_of(951_782_400), "2000-02-29");
        assert_eq!(date_of(1_735_689_599), "2024-12-31");
    }

    #[test]
    fn address_domains() {
        let cases = [
            ("\"Jane\" <jane@Example.COM>", Some("example.com")),
            ("bob@example.org", Some("example.org")),
            ("<>", None),
            ("undisclosed-recipients:;", None),
            ("a@b.example, c@d.example", Some("d.example")),
        ];
        for (value, want) in cases {
            assert_eq!(address_domain(value).as_deref(), want, "{value}");
        }
        assert_eq!(
            dkim_domain("v=1; a=rsa-sha256; d=Mail.Example.com; s=x").as_deref(),
            Some("mail.example.com")
        );
    }
}
