//! The answer first: the overall verdict in plain words, the hop that matters, the caveats.

use leptos::prelude::*;

use super::route::{LockIcon, hop_label, lock_kind};
use super::{browser, ui};
use crate::core::export::format_delay;

/// Headline and short explanation for an overall verdict.
fn headline(verdict: &str) -> (&'static str, &'static str) {
    match verdict {
        "encrypted" => (
            "Encrypted in transit",
            "Every hand-off between organisations was recorded with TLS.",
        ),
        "not-encrypted" => (
            "Not encrypted on at least one hand-off",
            "At least one server recorded (or is known to record) a connection without TLS.",
        ),
        "unknown" => (
            "Partly unknown",
            "At least one hand-off did not record whether TLS was used.",
        ),
        "no-hops" => (
            "No route found",
            "There is no Received header to read. Paste the full headers, not only From/To/Subject.",
        ),
        _ => ("Unknown", ""),
    }
}

#[component]
pub(crate) fn VerdictBanner() -> impl IntoView {
    let ui = ui();
    let verdict = move || ui.report.with(|r| r.summary.verdict.clone());
    let key_hop = move || {
        ui.report.with(|r| {
            let index = r.summary.hop?;
            let hop = r.hops.iter().find(|h| h.index == index)?;
            Some((index, hop_label(hop), hop.assessment.verdict.clone()))
        })
    };
    let show_hop = move |index: usize| {
        ui.open_hop.set(Some(index));
        browser::focus_id(&format!("hop-{index}"));
    };
    view! {
        <section
            class=move || format!("verdict verdict-{}", verdict())
            data-testid="verdict"
            data-verdict=verdict
            aria-labelledby="verdict-title"
            aria-live="polite"
        >
            <div class="verdict-head">
                <LockIcon kind=Signal::derive(move || lock_kind(&verdict()))/>
                <div>
                    <h2 id="verdict-title">{move || headline(&verdict()).0}</h2>
                    <p class="verdict-sub">{move || headline(&verdict()).1}</p>
                </div>
            </div>
            <p class="verdict-text" data-testid="verdict-text">{move || ui.report.with(|r| r.summary.text.clone())}</p>
            {move || key_hop().map(|(index, label, hop_verdict)| view! {
                <p class="key-hop" data-testid="key-hop">
                    <strong>{format!("The hop that matters: hop {index}")}</strong>
                    {format!(" ({label}): {}. ", crate::core::export::verdict_label(&hop_verdict))}
                    <button type="button" class="link-button" on:click=move |_| show_hop(index)>{format!("Show hop {index}")}</button>
                </p>
            })}
            {move || ui.report.with(|r| {
                let mut facts = Vec::new();
                if !r.summary.handoffs.is_empty() {
                    let list: Vec<String> = r.summary.handoffs.iter().map(|h| h.to_string()).collect();
                    facts.push(format!("Hand-offs between organisations: hop {}.", list.join(", ")));
                }
                if let Some(s) = r.total_transit_seconds {
                    facts.push(format!("Total time in transit: {}.", format_delay(s)));
                }
                if r.message.tls_required_no {
                    facts.push("The sender set “TLS-Required: No”: servers were asked to deliver even without TLS.".into());
                }
                facts.into_iter().map(|f| view! { <p class="verdict-fact">{f}</p> }).collect_view()
            })}
            {move || ui.report.with(|r| {
                let caveats = r.caveats.clone();
                (!caveats.is_empty()).then(|| view! {
                    <details class="caveats" data-testid="caveats">
                        <summary>{format!("What this answer depends on ({})", caveats.len())}</summary>
                        <ul>
                            {caveats.into_iter().map(|c| view! {
                                <li id=format!("caveat-{}", c.id) data-caveat=c.id.clone()>
                                    <strong>{c.title}</strong>" "{c.text}
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                })
            })}
        </section>
    }
}
