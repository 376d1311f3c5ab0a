//! The route: sender → recipient, hops grouped by the organisation that received them, each
//! hand-off with a lock icon and words (colour is never the only signal). A hop opens its detail.

use leptos::html;
use leptos::prelude::*;

use super::detail::HopDetail;
use super::icon::Icon;
use super::use_ui;
use super::words::{Lock, is_handoff, org_kind_words, shown_grade};
use crate::core::Hop;
use crate::core::export::{format_delay, tls_word, verdict_label};

/// `a.example → b.example` for a hop, with organisation names when known.
pub(crate) fn hop_label(hop: &Hop) -> String {
    let from = hop
        .assessment
        .from_org
        .as_ref()
        .map(|o| o.name.as_str())
        .or(hop.line.from_host.as_deref())
        .unwrap_or("unnamed sender");
    let by = hop
        .assessment
        .by_org
        .as_ref()
        .map(|o| o.name.as_str())
        .or(hop.line.by_host.as_deref())
        .unwrap_or("unnamed server");
    format!("{from} → {by}")
}

/// The TLS word of a hop's row and table: begins with `yes`, `no` or `not stated` (DOM
/// contract), then the strength grade when known.
pub(crate) fn tls_text(hop: &Hop) -> String {
    let mut out = tls_word(hop.line.tls.tls).to_string();
    if let Some(grade) = shown_grade(hop) {
        out.push_str(" · ");
        out.push_str(grade);
    }
    out
}

/// What the receiving server recorded about the connection: TLS version, cipher and key bits
/// (`TLS 1.2 · ECDHE-RSA-AES256-GCM-SHA384 · 256-bit`); `None` when it recorded none of them.
pub(crate) fn recorded_tls(hop: &Hop) -> Option<String> {
    let t = &hop.line.tls;
    let parts: Vec<String> = [
        t.tls_version.as_ref().map(|v| v.replace("TLS1.", "TLS 1.")),
        t.cipher.clone(),
        t.bits.map(|b| format!("{b}-bit")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
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

/// A run of consecutive hops received by the same organisation (the core's grouping).
#[derive(Clone, Debug, PartialEq)]
struct Group {
    /// Index of its first and last hop.
    first: usize,
    last: usize,
    /// The receiving organisation's id (`None`: not known).
    org: Option<String>,
    /// Its full name and kind (`mailbox`, `gateway`, …).
    name: String,
    kind: String,
}

fn groups(hops: &[Hop]) -> Vec<Group> {
    crate::core::path::receiver_runs(hops)
        .map(|run| {
            let by = run[0].assessment.by_org.as_ref();
            Group {
                first: run[0].index,
                last: run[run.len() - 1].index,
                org: by.map(|o| o.id.clone()),
                name: by.map_or("Unknown organisation".into(), |o| o.full_name.clone()),
                kind: by.map_or(String::new(), |o| o.kind.clone()),
            }
        })
        .collect()
}

/// The whole route, sender first, grouped by receiving organisation.
#[component]
pub(crate) fn Route() -> impl IntoView {
    let ui = use_ui();
    let groups = Memo::new(move |_| ui.report.with(|r| groups(&r.hops)));
    view! {
        <section class="route" aria-labelledby="route-title">
            <h2 id="route-title">"The route, sender first"</h2>
            <p class="hint">"Each step is one server receiving the message. Select a step for every fact, the rule behind its verdict and the raw header."</p>
            <ol class="org-groups">
                <For
                    each=move || groups.get()
                    key=|group| (group.first, group.org.clone())
                    children=move |group| view! { <OrgGroup group groups /> }
                />
            </ol>
        </section>
    }
}

/// One organisation's hops. Keyed by its first hop and organisation: when a hop joins or leaves
/// the run, the group stays and only that row comes or goes.
#[component]
fn OrgGroup(group: Group, groups: Memo<Vec<Group>>) -> impl IntoView {
    let (first, org) = (group.first, group.org.clone());
    let indexes = move || {
        groups.with(|all| {
            all.iter()
                .find(|g| g.first == first && g.org == org)
                .map(|g| (g.first..=g.last).collect::<Vec<usize>>())
                .unwrap_or_default()
        })
    };
    let kind = org_kind_words(&group.kind);
    view! {
        <li class="org-group">
            <h3 class="org-name">
                {group.name}
                {(!kind.is_empty()).then(|| view! { <span class="org-kind">{kind}</span> })}
            </h3>
            <ol class="hops">
                <For each=indexes key=|index| *index let:index>
                    <HopRow index />
                </For>
            </ol>
        </li>
    }
}

/// The class of a hop's row: lock kind, hand-off, open.
fn row_class(hop: &Hop, open: bool) -> String {
    let mut class = format!("hop hop-{}", Lock::of_hop(hop).name());
    if is_handoff(hop) {
        class.push_str(" handoff");
    }
    if open {
        class.push_str(" open");
    }
    class
}

/// One hop (`data-testid=hop-row`): a button with what the receiving server recorded, and the
/// detail under it while open. Built on the hop's own memo, so it re-renders only when that hop
/// changed; the button itself stays (the focus stays on it when the detail opens or closes).
#[component]
fn HopRow(index: usize) -> impl IntoView {
    let ui = use_ui();
    let hop = ui.hop(index);
    let open = Memo::new(move |_| ui.is_open(index));
    let button = NodeRef::<html::Button>::new();
    // "Show hop N" in the banner: this row takes the focus (once).
    Effect::new(move || {
        if ui.focus_hop.get() == Some(index)
            && let Some(button) = button.get()
        {
            *ui.focus_hop.write_untracked() = None;
            button.scroll_into_view();
            let _ = button.focus();
        }
    });
    view! {
        <li
            class=move || hop.with(|h| h.as_ref().map_or(String::new(), |h| row_class(h, open.get())))
            data-testid="hop-row"
            data-hop-index=index.to_string()
        >
            {move || hop.with(|h| h.as_ref().and_then(handoff_label))}
            <button
                type="button"
                class="hop-main"
                id=format!("hop-{index}")
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=format!("hop-detail-{index}")
                node_ref=button
                on:click=move |_| ui.toggle_hop(index)
            >
                {move || hop.with(|h| h.as_ref().map(hop_summary))}
            </button>
            <Show when=move || open.get()>
                {move || hop.get().map(|hop| view! { <HopDetail hop /> })}
            </Show>
        </li>
    }
}

/// `Hand-off Proofpoint → LuxSci` above a row that crosses organisations.
fn handoff_label(hop: &Hop) -> Option<impl IntoView + use<>> {
    let name = |o: &Option<crate::core::path::OrgRef>| {
        o.as_ref().map_or("unknown".to_string(), |o| o.name.clone())
    };
    is_handoff(hop).then(|| {
        let a = &hop.assessment;
        view! {
            <p class="handoff-label">
                {format!("Hand-off {} → {}", name(&a.from_org), name(&a.by_org))}
            </p>
        }
    })
}

/// The inside of a row's button: number, icon, from → by, protocol, TLS word, what was
/// recorded, delay, verdict badge.
fn hop_summary(hop: &Hop) -> impl IntoView + use<> {
    let index = hop.index;
    let kind = Lock::of_hop(hop);
    let verdict = hop.assessment.verdict.clone();
    view! {
        <span class="hop-num" aria-label=format!("Hop {index}")>{index}</span>
        <Icon kind />
        <span class="hop-route">
            <span class="hop-from" data-testid="hop-from">{from_text(hop)}</span>
            <span class="arrow" aria-hidden="true">" → "</span>
            <span class="visually-hidden">" to "</span>
            <span class="hop-by" data-testid="hop-by">
                {hop.line.by_host.clone().unwrap_or_else(|| "(server not named)".into())}
            </span>
        </span>
        <span class="hop-meta">
            <span class="hop-with" data-testid="hop-with">
                {hop.line.with.clone().unwrap_or_else(|| "–".into())}
            </span>
            <span class="hop-tls" data-testid="hop-tls">{tls_text(hop)}</span>
            {recorded_tls(hop)
                .map(|text| {
                    view! {
                        <span class="hop-recorded" data-testid="hop-recorded">{text}</span>
                    }
                })}
            {delay_text(hop).map(|delay| view! { <span class="hop-delay">{delay}</span> })}
        </span>
        <span
            class=format!("hop-verdict badge badge-{}", kind.name())
            data-testid="hop-verdict"
            data-verdict=verdict.clone()
        >
            {verdict_label(&verdict)}
        </span>
    }
}
