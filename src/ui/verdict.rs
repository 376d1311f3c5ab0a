//! The answer first: the overall verdict in plain words, the hop that matters, the caveats.

use leptos::prelude::*;

use super::icon::Icon;
use super::route::hop_label;
use super::use_ui;
use super::words::Lock;
use crate::core::Report;
use crate::core::wording::summary_headline;
use crate::core::wording::{format_delay, verdict_label};

/// The short facts under the verdict: hand-offs, time in transit, TLS-Required: No.
fn facts(r: &Report) -> Vec<String> {
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
    facts
}

/// The hop the summary points at: its index and ` (a → b): verdict. `.
fn key_hop(r: &Report) -> Option<(usize, String)> {
    let index = r.summary.hop?;
    let hop = r.hops.iter().find(|h| h.index == index)?;
    Some((
        index,
        format!(
            " ({}): {}. ",
            hop_label(hop),
            verdict_label(hop.assessment.verdict)
        ),
    ))
}

/// The banner (`data-testid=verdict`, `data-verdict` = the summary's verdict).
#[component]
pub(crate) fn VerdictBanner() -> impl IntoView {
    let ui = use_ui();
    let verdict = Memo::new(move |_| ui.report.with(|r| r.summary.verdict));
    view! {
        <section
            class=move || format!("verdict verdict-{}", verdict.get())
            data-testid="verdict"
            data-verdict=move || verdict.get().as_str()
            aria-labelledby="verdict-title"
        >
            <div class="verdict-head">
                {move || view! { <Icon kind=Lock::of_summary(verdict.get()) /> }}
                <div>
                    <h2 id="verdict-title">{move || summary_headline(verdict.get()).0}</h2>
                    <p class="verdict-sub">{move || summary_headline(verdict.get()).1}</p>
                </div>
            </div>
            <p class="verdict-text" data-testid="verdict-text">
                {move || ui.report.with(|r| r.summary.text.clone())}
            </p>
            {move || {
                ui.report
                    .with(|r| key_hop(r))
                    .map(|(index, words)| {
                        view! {
                            <p class="key-hop" data-testid="key-hop">
                                <strong>{format!("The hop that matters: hop {index}")}</strong>
                                {words}
                                <button
                                    class="link-button"
                                    type="button"
                                    on:click=move |_| ui.show_hop(index)
                                >
                                    {format!("Show hop {index}")}
                                </button>
                            </p>
                        }
                    })
            }}
            {move || {
                ui.report
                    .with(|r| facts(r))
                    .into_iter()
                    .map(|fact| view! { <p class="verdict-fact">{fact}</p> })
                    .collect_view()
            }}
            <Caveats />
        </section>
    }
}

/// "What this answer depends on": the caveats, closed by default (the disclosure stays, open
/// or not, while there are caveats).
#[component]
fn Caveats() -> impl IntoView {
    let ui = use_ui();
    let count = Memo::new(move |_| ui.report.with(|r| r.caveats.len()));
    let items = move || {
        ui.report.with(|r| {
            r.caveats
                .iter()
                .map(|c| {
                    view! {
                        <li id=format!("caveat-{}", c.id) data-caveat=c.id.as_str()>
                            <strong>{c.title.clone()}</strong>
                            " "
                            {c.text.clone()}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || { count.get() > 0 }>
            <details class="caveats" data-testid="caveats" data-panel="caveats">
                <summary>{move || format!("What this answer depends on ({})", count.get())}</summary>
                <ul>{items}</ul>
            </details>
        </Show>
    }
}
