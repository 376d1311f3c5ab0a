//! The pure analysis core. No web dependency, no I/O, total: every input yields a [`Report`].
//!
//! Data flows one way:
//! bytes → [`intake`] (header fields) → [`received`] + [`tls`] (one parsed line per field)
//! → [`chain`] (ordered hops, delays) → [`path`] (scope, provider, verdict) → [`Report`].

pub mod chain;
pub mod evidence;
pub mod export;
pub mod intake;
pub mod outlook_msg;
pub mod path;
pub mod providers;
pub mod received;
pub mod report;
pub mod tls;

pub use report::*;

/// Analyse whatever a person pasted or dropped: a header block, a whole .eml, an mbox message,
/// an Outlook "Internet headers" box. Never panics, never fails: what cannot be read is reported
/// in [`Report::diagnostics`].
pub fn analyze(bytes: &[u8]) -> Report {
    let block = intake::read(bytes);
    let chain = chain::build(&block);
    path::assess(block, chain)
}
