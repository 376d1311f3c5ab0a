//! The route: sender → recipient, hops grouped by the organisation that received them, each
//! hand-off with a lock icon and words (colour is never the only signal). A hop opens its detail.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use super::detail::HopDetail;
use super::icon::Icon;
use super::words::{Lock, is_handoff, org_kind_words, shown_grade};
use super::{Revised, use_ui};
use crate::core::Hop;
pub(crate) use crate::core::wording::hop_label;
use crate::core::wording::{format_delay, tls_word, verdict_label};
use crate::core::{OrgKind, Provenance};

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
fn recorded_tls(hop: &Hop) -> Option<String> {
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

/// The sending side as written: host and address, or whichever of them was recorded.
fn from_text(hop: &Hop) -> String {
    match (&hop.line.from_host, &hop.line.from_ip) {
        (Some(h), Some(ip)) if h != ip => format!("{h} [{ip}]"),
        (Some(h), _) => h.clone(),
        (None, Some(ip)) => format!("[{ip}]"),
        (None, None) => "(sender not recorded)".into(),
    }
}

/// The time since the previous hop (`+2 s`), marked when the clocks disagree.
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
    kind: Option<OrgKind>,
    /// Kept while a group with the same first hop and organisation follows it in the next
    /// report (its hops may change), new otherwise: the group's key is `(first, revision)`.
    revision: u64,
}

/// The groups of `hops`, each keeping its revision from `last` when it starts at the same hop
/// and is received by the same organisation.
fn groups(last: Option<&Vec<Group>>, hops: &[Hop]) -> Vec<Group> {
    let last = last.map_or(&[][..], Vec::as_slice);
    let mut next = last.iter().map(|g| g.revision + 1).max().unwrap_or(0);
    crate::core::path::receiver_runs(hops)
        .map(|run| {
            let by = run[0].assessment.by_org.as_ref();
            let mut group = Group {
                first: run[0].index,
                last: run[run.len() - 1].index,
                org: by.map(|o| o.id.clone()),
                name: by.map_or("Unknown organisation".into(), |o| o.full_name.clone()),
                kind: by.map(|o| o.kind),
                revision: 0,
            };
            let same = last.iter().find(|g| {
                (g.first, &g.org, &g.name, &g.kind)
                    == (group.first, &group.org, &group.name, &group.kind)
            });
            group.revision = same.map_or_else(
                || {
                    next += 1;
                    next
                },
                |g| g.revision,
            );
            group
        })
        .collect()
}

/// The whole route, sender first, grouped by receiving organisation.
#[component]
pub(crate) fn Route() -> impl IntoView {
    let ui = use_ui();
    let groups = Memo::new(move |last| ui.report.with(|r| groups(last, &r.hops)));
    view! {
        <section class="route" aria-labelledby="route-title">
            <h2 id="route-title">"The route, sender first"</h2>
            <p class="hint">"Each step is one server receiving the message. Select a step for every fact, the rule behind its verdict and the raw header."</p>
            <ol class="org-groups">
                <For
                    each=move || groups.get()
                    key=|group| (group.first, group.revision)
                    children=move |group| view! { <OrgGroup group groups /> }
                />
            </ol>
        </section>
    }
}

/// One organisation's hops. Keyed by its first hop and revision: when a hop joins or leaves the
/// run, the group stays and only that row comes or goes.
#[component]
fn OrgGroup(group: Group, groups: Memo<Vec<Group>>) -> impl IntoView {
    let ui = use_ui();
    let (first, revision) = (group.first, group.revision);
    let hops = move || {
        let last = groups.with(|all| {
            all.iter()
                .find(|g| (g.first, g.revision) == (first, revision))
                .map_or(0, |g| g.last)
        });
        ui.hops.with(|hops| {
            hops.iter()
                .filter(|r| (first..=last).contains(&r.hop.index))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let kind = org_kind_words(group.kind);
    view! {
        <li class="org-group">
            <h3 class="org-name">
                {group.name}
                {(!kind.is_empty()).then(|| view! { <span class="org-kind">{kind}</span> })}
            </h3>
            <ol class="hops">
                <For each=hops key=Revised::key let:revised>
                    <HopRow hop=revised.hop />
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
/// detail under it while open. The row is built for one revision of its hop (see
/// [`super::Revised`]); only its open state changes in place, so the button (and the focus on
/// it) stays while the detail opens and closes.
#[component]
fn HopRow(hop: Arc<Hop>) -> impl IntoView {
    let ui = use_ui();
    let index = hop.index;
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
    let class = {
        let hop = hop.clone();
        move || row_class(&hop, open.get())
    };
    let detail = hop.clone();
    view! {
        <li class=class data-testid="hop-row" data-hop-index=index.to_string()>
            {handoff_label(&hop)}
            <button
                type="button"
                class="hop-main"
                id=format!("hop-{index}")
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=format!("hop-detail-{index}")
                node_ref=button
                on:click=move |_| ui.toggle_hop(index)
            >
                {hop_summary(&hop)}
            </button>
            <Show when=move || open.get()>
                <HopDetail hop=detail.clone() />
            </Show>
        </li>
    }
}

/// `Hand-off Proofpoint → LuxSci` above a row that crosses organisations.
fn handoff_label(hop: &Hop) -> Option<impl IntoView + use<>> {
    let name = |o: &Option<crate::core::model::OrgRef>| {
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
    let verdict = hop.assessment.verdict;
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
            {(hop.assessment.provenance == Provenance::AfterChainBreak)
                .then(|| {
                    view! {
                        <span class="hop-claim" data-testid="hop-claim">
                            "claimed by the sender's side"
                        </span>
                    }
                })}
        </span>
        <span
            class=format!("hop-verdict badge badge-{}", kind.name())
            data-testid="hop-verdict"
            data-verdict=verdict.as_str()
        >
            {verdict_label(verdict)}
        </span>
    }
}
