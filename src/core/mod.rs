//! The pure analysis core. No web dependency, no I/O, total: every input yields a [`Report`].
//!
//! Data flows one way:
//! bytes → [`intake`] (header fields) → [`received`] + [`tls`] (one parsed line per field)
//! → [`chain`] (ordered hops, delays) → [`path`] (scope, provider, verdict) → [`Report`],
//! assembled here. Every type of the report is in [`model`], the leaf every stage imports;
//! the words for its values are in [`wording`]. No two core modules import each other
//! (ARCHITECTURE.md gives the order).

pub mod ascii;
pub mod chain;
pub mod encoded_word;
pub mod export;
pub mod intake;
pub mod ip;
pub mod limits;
pub mod message_info;
pub mod model;
pub mod outlook_msg;
pub mod path;
pub mod providers;
pub(crate) mod punycode;
pub mod received;
pub mod tls;
pub mod wording;

pub use limits::Limits;
pub use model::*;

/// Analyse whatever a person pasted or dropped: a header block, a whole .eml, an mbox message,
/// an Outlook "Internet headers" box. Never panics, never fails: what cannot be read is reported
/// in [`Report::diagnostics`].
pub fn analyze(bytes: &[u8]) -> Report {
    analyze_with(bytes, &Limits::DEFAULT)
}

/// [`analyze`] within the given caps on work ([`Limits::DEFAULT`] is what [`analyze`] uses;
/// benchmarks lift them to show the analysis is linear in its input).
pub fn analyze_with(bytes: &[u8], limits: &Limits) -> Report {
    analyze_with_charsets(bytes, limits, encoded_word::DEFAULT_CHARSETS)
}

/// [`analyze_with`], with `charsets` decoding RFC 2047 encoded words in charsets beyond UTF-8
/// and windows-1252 (natively mail-parser's tables; the web app passes the browser's
/// `TextDecoder`, so the wasm carries no charset tables).
pub fn analyze_with_charsets(
    bytes: &[u8],
    limits: &Limits,
    charsets: encoded_word::CharsetDecoder,
) -> Report {
    report_of(intake::read_with_charsets(bytes, limits, charsets), limits)
}

/// [`analyze_with_charsets`] for text a person typed or pasted: the same report as
/// [`analyze`] of its bytes (a compound file's signature is not valid UTF-8, so text is never an
/// Outlook .msg), without the .msg probe. The web app analyses its paste box with this, so the
/// compound-file reader stays out of its first download: .msg files are read by a worker module
/// of their own (the engine worker, `src/bin/hoplock-worker.rs`), loaded the first time one is
/// dropped.
pub fn analyze_text(text: &str, limits: &Limits, charsets: encoded_word::CharsetDecoder) -> Report {
    report_of(
        intake::read_text_input(text.as_bytes(), limits, charsets),
        limits,
    )
}

/// The rest of the pipeline once the header fields are read: hops in order, path reasoning,
/// the message's identity and authentication results, and what was noticed on the way.
fn report_of(block: intake::HeaderBlock, limits: &Limits) -> Report {
    let chain = chain::build_with(&block, limits);
    let mut hops = path::assess_hops(chain.hops);
    let witnessed =
        path::attach_witnesses(&mut hops, &message_info::witness_reports(&block.fields));
    let message = message_info::message_info(&block.fields);
    let authentication = message_info::authentication(&block.fields);
    let microsoft_365 = message_info::microsoft_365(&block.fields).map(|mut facts| {
        facts.entry = path::m365_entry(&hops, &facts);
        facts
    });
    let mut diagnostics = block.diagnostics;
    diagnostics.extend(chain.diagnostics);
    diagnostics.extend(witnessed);
    if hops.is_empty() {
        diagnostics.push(Diagnostic::new(
            DiagnosticCode::NoReceived,
            "No Received headers found.",
        ));
    }
    diagnostics.extend(hops.iter().filter_map(|h| {
        let text = h.assessment.chain_break.clone()?;
        Some(Diagnostic::new(DiagnosticCode::ChainBreak, text))
    }));
    let summary = path::summarise(&hops);
    let caveats = if hops.is_empty() {
        Vec::new()
    } else {
        path::caveats(&hops, message.tls_required_no)
    };
    Report {
        hops,
        summary,
        diagnostics,
        message,
        authentication,
        caveats,
        total_transit_seconds: chain.total_transit_seconds,
        headers: block.fields,
        microsoft_365,
    }
}
