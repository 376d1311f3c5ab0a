//! The pure analysis core. No web dependency, no I/O, total: every input yields a [`Report`].
//!
//! Data flows one way:
//! bytes → [`intake`] (header fields) → [`received`] + [`tls`] (one parsed line per field)
//! → [`chain`] (ordered hops, delays) → [`path`] (scope, provider, verdict) → [`Report`].

pub mod chain;
pub mod evidence;
pub mod export;
pub mod intake;
pub mod ip;
pub mod outlook_msg;
pub mod path;
pub mod providers;
pub mod received;
pub mod report;
pub mod tls;

pub use intake::Limits;
pub use report::*;

/// Analyse whatever a person pasted or dropped: a header block, a whole .eml, an mbox message,
/// an Outlook "Internet headers" box. Never panics, never fails: what cannot be read is reported
/// in [`Report::diagnostics`].
pub fn analyze(bytes: &[u8]) -> Report {
    analyze_with(bytes, &Limits::DEFAULT)
}

/// [`analyze`] within the given caps on work ([`Limits::DEFAULT`] is what [`analyze`] uses;
/// benchmarks lift them to show the analysis is linear in its input).
pub fn analyze_with(bytes: &[u8], limits: &Limits) -> Report {
    let block = intake::read_with(bytes, limits);
    let chain = chain::build_with(&block, limits);
    path::assess(block, chain)
}
