//! The report: what the core hands to the UI and to the command line's `--json`.
//!
//! Field names of [`Hop`] and [`Summary`] are the "Report contract" of
//! `tests/data/corpus/README.md`; everything else is added beside them.

use serde::Serialize;

/// The whole analysis of one input.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Report {
    /// Chronological: `hops[0]` is the sender side.
    pub hops: Vec<Hop>,
    pub summary: Summary,
    /// Plain-language notes about the input itself ("no Received headers found", …).
    pub diagnostics: Vec<String>,
    /// Who/what/when of the message (From, To, Subject, Date, Message-ID, TLS-Required, …).
    pub message: MessageInfo,
    /// Authentication-Results / ARC-Authentication-Results, one entry per authserv-id.
    pub authentication: Vec<AuthResult>,
    /// The caveats the verdict depends on (submission, retrieval, forgeable lines, storage).
    pub caveats: Vec<Caveat>,
    /// Seconds from the first to the last timestamped hop, when both are known.
    pub total_transit_seconds: Option<i64>,
    /// Every header field of the input, in order, with encoded words decoded.
    pub headers: Vec<HeaderField>,
}

/// One Received field, as a hop of the route.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Hop {
    /// 1-based, chronological.
    pub index: usize,
    /// 1 = topmost Received field of the input.
    pub received_index: usize,
    /// What the line itself says (from/by/with/TLS facts).
    #[serde(flatten)]
    pub line: crate::core::received::ReceivedLine,
    /// Seconds since the previous hop's timestamp (negative = clock skew, flagged, not hidden).
    pub delay_seconds: Option<i64>,
    /// What the path reasoning concluded about this hop.
    #[serde(flatten)]
    pub assessment: crate::core::path::HopAssessment,
}

/// The overall answer.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Summary {
    /// `encrypted` | `not-encrypted` | `unknown` | `no-hops`.
    pub verdict: String,
    /// One plain-language sentence.
    pub text: String,
    /// The hop the sentence names (the first unencrypted or unrecorded hand-off), if any.
    pub hop: Option<usize>,
    /// Every hop the verdict rests on (all unencrypted / unrecorded / weak hand-offs).
    pub hops: Vec<usize>,
    /// The hops judged as hand-offs between providers (scope cross-provider or unknown).
    pub handoffs: Vec<usize>,
}

/// A byte range `[start, end)` of [`crate::core::received::ReceivedLine::raw`] that a fact was
/// read from; the UI highlights it.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A fact and the span of the raw header it came from.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Evidence {
    /// Which fact: `tls`, `tls_version`, `cipher`, `bits`, `cert_verified`, `with`, `from`, `by`, …
    /// A fixed label, so recording a fact allocates nothing.
    pub fact: &'static str,
    pub span: Span,
}

/// A header field of the input.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct HeaderField {
    pub name: String,
    /// The value with encoded words decoded and folding removed.
    pub value: String,
    /// The field as written (name, colon, folded value), for the raw view.
    pub raw: String,
}

/// Summary of the message's identity headers.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct MessageInfo {
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
    pub date: Option<String>,
    pub message_id: Option<String>,
    /// RFC 8689 `TLS-Required: No` was present: the sender asked servers to deliver even without TLS.
    pub tls_required_no: bool,
}

/// One authentication result set (per authserv-id).
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct AuthResult {
    /// `Authentication-Results` or `ARC-Authentication-Results`.
    pub header: String,
    pub authserv_id: String,
    pub spf: Option<String>,
    pub dkim: Option<String>,
    pub dmarc: Option<String>,
    pub arc: Option<String>,
}

/// A caveat the reader must know, in plain words.
#[derive(Serialize, Clone, Debug, PartialEq, Default)]
pub struct Caveat {
    /// Stable id (`submission`, `retrieval`, `forgeable`, `storage`, …) for tests and UI anchors.
    pub id: String,
    pub title: String,
    pub text: String,
}
