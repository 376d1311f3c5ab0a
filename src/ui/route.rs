//! The route: sender → recipient, hops grouped by the organisation that received them, each
//! hand-off with a lock icon and words (colour is never the only signal). A hop opens its detail.

use leptos::prelude::*;

use super::detail::HopDetail;
use super::ui;
use crate::core::Hop;
use crate::core::export::{format_delay, tls_word, verdict_label};

/// Which icon a verdict gets: `locked`, `open`, `unknown`, `internal`.
pub(crate) fn lock_kind(verdict: &str) -> &'static str {
    match verdict {
        "encrypted" => "locked",
        "not-encrypted" | "not-encrypted-inferred" => "open",
        "internal" | "local" => "internal",
        _ => "unknown",
    }
}

/// The icon of one hop: what was recorded on the wire, also for internal hops.
fn hop_lock_kind(hop: &Hop) -> &'static str {
    match (hop.line.tls.tls, hop.assessment.verdict.as_str()) {
        (Some(true), _) => "locked",
        (_, "internal" | "local") => "internal",
        _ => lock_kind(&hop.assessment.verdict),
    }
}

/// A lock (closed, open), a question mark or a building, drawn inline (no image files), hidden
/// from screen readers: the words next to it say the same.
#[component]
pub(crate) fn LockIcon(#[prop(into)] kind: Signal<&'static str>) -> impl IntoView {
    move || {
        let k = kind.get();
        let shape = match k {
            "locked" => view! {
                <rect x="5" y="11" width="14" height="10" rx="2"/>
                <path d="M8 11V7a4 4 0 0 1 8 0v4"/>
            }
            .into_any(),
            "open" => view! {
                <rect x="5" y="11" width="14" height="10" rx="2"/>
                <path d="M8 11V7a4 4 0 0 1 7.8-1.3"/>
            }
            .into_any(),
            "internal" => view! {
                <path d="M4 21V9l8-5 8 5v12z"/>
                <path d="M10 21v-6h4v6"/>
            }
            .into_any(),
            _ => view! {
                <circle cx="12" cy="12" r="9"/>
                <path d="M9.5 9.5a2.5 2.5 0 1 1 3.3 2.4c-.5.2-.8.7-.8 1.2v.9M12 16.8v.4"/>
            }
            .into_any(),
        };
        view! {
            <svg class=format!("icon icon-{k}") viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                {shape}
            </svg>
        }
    }
}

/// `a.example → b.example` for a hop, with organisation names when known.
pub(crate) fn hop_label(hop: &Hop) -> String {
    let from = hop
        .assessment
        .from_org
        .as_ref()
        .map(|o| o.name.clone())
        .or_else(|| hop.line.from_host.clone())
        .unwrap_or_else(|| "unnamed sender".into());
    let by = hop
        .assessment
        .by_org
        .as_ref()
        .map(|o| o.name.clone())
        .or_else(|| hop.line.by_host.clone())
        .unwrap_or_else(|| "unnamed server".into());
    format!("{from} → {by}")
}

/// The TLS cell: begins with `yes`, `no` or `not stated` (DOM contract), then version and grade.
pub(crate) fn tls_text(hop: &Hop) -> String {
    let mut parts = vec![tls_word(hop.line.tls.tls).to_string()];
    if let Some(v) = &hop.line.tls.tls_version {
        parts.push(v.replace("TLS1.", "TLS 1."));
    }
    if let Some(s) = hop
        .assessment
        .strength
        .as_ref()
        .filter(|s| s.grade != "unknown")
    {
        parts.push(s.grade.clone());
    }
    parts.join(" · ")
}

fn from_text(hop: &Hop) -> String {
    match (&hop.line.from_host, &hop.line.from_ip) {
        (Some(h), Some(ip)) if h != ip => format!("{h} [{ip}]"),
        (Some(h), _) => h.clone(),
        (None, Some(ip)) => format!("[{ip}]"),
        (None, None) => "(sender not recorded)".into(),
    }
}

fn delay_text(hop: &Hop) -> Option<String> {
    hop.delay_seconds.map(|s| {
        if s < 0 {
            format!("{} (clock skew)", format_delay(s))
        } else {
            format!("+{}", format_delay(s))
        }
    })
}

/// Consecutive hops received by the same organisation.
struct Group {
    org: String,
    kind: String,
    hops: Vec<Hop>,
}

fn groups(hops: &[Hop]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for hop in hops {
        let (org, kind) = match &hop.assessment.by_org {
            Some(o) => (o.full_name.clone(), o.kind.clone()),
            None => ("Unknown organisation".to_string(), String::new()),
        };
        match out.last_mut() {
            Some(g) if g.org == org => g.hops.push(hop.clone()),
            _ => out.push(Group {
                org,
                kind,
                hops: vec![hop.clone()],
            }),
        }
    }
    out
}

fn kind_words(kind: &str) -> &'static str {
    match kind {
        "mailbox" => "mailbox provider",
        "gateway" => "security gateway",
        "sender" => "sending service",
        "hosting" => "hosting provider",
        "list" => "mailing list",
        "domain" => "domain",
        _ => "",
    }
}

#[component]
pub(crate) fn Route() -> impl IntoView {
    let ui = ui();
    view! {
        <section class="route" aria-labelledby="route-title">
            <h2 id="route-title">"The route, sender first"</h2>
            <p class="hint">"Each step is one server receiving the message. Select a step for every fact, the rule behind its verdict and the raw header."</p>
            <ol class="org-groups">
                {move || ui.report.with(|r| groups(&r.hops)).into_iter().map(|g| {
                    let kind = kind_words(&g.kind);
                    view! {
                        <li class="org-group">
                            <h3 class="org-name">{g.org}{(!kind.is_empty()).then(|| view! { <span class="org-kind">{kind}</span> })}</h3>
                            <ol class="hops">
                                {g.hops.into_iter().map(|hop| view! { <HopRow hop=hop/> }).collect_view()}
                            </ol>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn HopRow(hop: Hop) -> impl IntoView {
    let ui = ui();
    let index = hop.index;
    let open = move || ui.open_hop.get() == Some(index);
    let toggle = move |_| {
        ui.open_hop
            .update(|o| *o = if *o == Some(index) { None } else { Some(index) })
    };
    let handoff = hop.assessment.scope == "cross-provider";
    let kind = hop_lock_kind(&hop);
    let verdict = hop.assessment.verdict.clone();
    let handoff_label = handoff.then(|| {
        let from = hop
            .assessment
            .from_org
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "unknown".into());
        let by = hop
            .assessment
            .by_org
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_else(|| "unknown".into());
        format!("Hand-off {from} → {by}")
    });
    let with = hop.line.with.clone().unwrap_or_else(|| "–".into());
    let detail_hop = hop.clone();
    view! {
        <li
            class=format!("hop hop-{kind}")
            class:handoff=handoff
            class:open=open
            data-testid="hop-row"
            data-hop-index=index
        >
            {handoff_label.map(|l| view! { <p class="handoff-label">{l}</p> })}
            <button
                type="button"
                class="hop-main"
                id=format!("hop-{index}")
                aria-expanded=move || if open() { "true" } else { "false" }
                aria-controls=format!("hop-detail-{index}")
                on:click=toggle
            >
                <span class="hop-num" aria-label=format!("Hop {index}")>{index}</span>
                <LockIcon kind=kind/>
                <span class="hop-route">
                    <span class="hop-from" data-testid="hop-from">{from_text(&hop)}</span>
                    <span class="arrow" aria-hidden="true">" → "</span>
                    <span class="visually-hidden">" to "</span>
                    <span class="hop-by" data-testid="hop-by">{hop.line.by_host.clone().unwrap_or_else(|| "(server not named)".into())}</span>
                </span>
                <span class="hop-meta">
                    <span class="hop-with" data-testid="hop-with">{with}</span>
                    <span class="hop-tls" data-testid="hop-tls">{tls_text(&hop)}</span>
                    {delay_text(&hop).map(|d| view! { <span class="hop-delay">{d}</span> })}
                </span>
                <span class=format!("hop-verdict badge badge-{kind}") data-testid="hop-verdict" data-verdict=verdict.clone()>
                    {verdict_label(&verdict)}
                </span>
            </button>
            <Show when=open>
                <HopDetail hop=detail_hop.clone()/>
            </Show>
        </li>
    }
}
