//! The answer first: the overall verdict in plain words, the hop that matters, the caveats.

use super::node::{El, action_button, el, elc, text_el};
use super::route::{icon, summary_lock_kind};
use crate::core::wording::hop_label;
use crate::core::wording::{format_delay, verdict_label};
use crate::core::{Report, SummaryVerdict};

/// Headline and short explanation for an overall verdict.
fn headline(verdict: SummaryVerdict) -> (&'static str, &'static str) {
    match verdict {
        SummaryVerdict::Encrypted => (
            "Encrypted in transit",
            "Every hand-off between organisations was recorded with TLS.",
        ),
        SummaryVerdict::NotEncrypted => (
            "Not encrypted on at least one hand-off",
            "At least one server recorded (or is known to record) a connection without TLS.",
        ),
        SummaryVerdict::Unknown => (
            "Partly unknown",
            "At least one hand-off did not record whether TLS was used.",
        ),
        SummaryVerdict::NoHops => (
            "No route found",
            "There is no Received header to read. Paste the full headers, not only From/To/Subject.",
        ),
    }
}

/// The banner (`data-testid=verdict`, `data-verdict` = the summary's verdict).
pub(crate) fn verdict_banner(r: &Report, caveats_open: bool) -> El {
    let verdict = r.summary.verdict;
    let (title, sub) = headline(verdict);
    let key_hop = r.summary.hop.and_then(|index| {
        let hop = r.hops.iter().find(|h| h.index == index)?;
        Some(
            el("p")
                .at("class", "key-hop")
                .tid("key-hop")
                .kid(el("strong").txt(format!("The hop that matters: hop {index}")))
                .txt(format!(
                    " ({}): {}. ",
                    hop_label(hop),
                    verdict_label(hop.assessment.verdict)
                ))
                .kid(
                    action_button("link-button", "show-hop", index.to_string())
                        .txt(format!("Show hop {index}")),
                ),
        )
    });
    let mut facts = Vec::new();
    if !r.summary.handoffs.is_empty() {
        let list: Vec<String> = r.summary.handoffs.iter().map(|h| h.to_string()).collect();
        facts.push(format!(
            "Hand-offs between organisations: hop {}.",
            list.join(", ")
        ));
    }
    if let Some(s) = r.total_transit_seconds {
        facts.push(format!("Total time in transit: {}.", format_delay(s)));
    }
    if r.message.tls_required_no {
        facts.push(
            "The sender set “TLS-Required: No”: servers were asked to deliver even without TLS."
                .into(),
        );
    }
    let caveats = (!r.caveats.is_empty()).then(|| {
        let mut d = elc("details", "caveats")
            .tid("caveats")
            .at("data-panel", "caveats");
        if caveats_open {
            d = d.at("open", "");
        }
        d.kid(el("summary").txt(format!("What this answer depends on ({})", r.caveats.len())))
            .kid(el("ul").kids(r.caveats.iter().map(|c| {
                el("li")
                    .at("id", format!("caveat-{}", c.id))
                    .at("data-caveat", c.id.as_str())
                    .kid(el("strong").txt(c.title.clone()))
                    .txt(" ")
                    .txt(c.text.clone())
            })))
    });
    el("section")
        .at("class", format!("verdict verdict-{verdict}"))
        .tid("verdict")
        .at("data-verdict", verdict.to_string())
        .at("aria-labelledby", "verdict-title")
        .kid(
            elc("div", "verdict-head")
                .kid(icon(summary_lock_kind(verdict)))
                .kid(
                    el("div")
                        .kid(el("h2").at("id", "verdict-title").txt(title))
                        .kid(text_el("p", "verdict-sub", sub)),
                ),
        )
        .kid(text_el("p", "verdict-text", r.summary.text.clone()).tid("verdict-text"))
        .opt(key_hop)
        .kids(facts.into_iter().map(|f| text_el("p", "verdict-fact", f)))
        .opt(caveats)
}
