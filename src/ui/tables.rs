//! Tables: every hop (sortable), authentication results, every header (decoded), diagnostics.

use std::sync::Arc;

use leptos::either::Either;
use leptos::prelude::*;

use super::detail::fact_items;
use super::route::tls_text;
use super::words::grade_rank;
use super::{Revised, Sort, use_ui};
use crate::core::wording::{format_delay, verdict_label};
use crate::core::{Hop, Report};

/// The hop table's column titles; [`sort_key`] gives each column's key.
pub(crate) const COLUMNS: &[&str] = &[
    "#", "From", "By", "With", "TLS", "Version", "Cipher", "Strength", "Delay", "Scope", "Verdict",
];

/// The key a column sorts by: a number first, then text.
fn sort_key(hop: &Hop, column: usize) -> (i64, String) {
    let l = &hop.line;
    let text = |s: &Option<String>| (0, s.clone().unwrap_or_default().to_ascii_lowercase());
    match column {
        0 => (hop.index as i64, String::new()),
        1 => text(&l.from_host),
        2 => text(&l.by_host),
        3 => text(&l.with),
        4 => (
            l.tls.tls.map(|t| if t { 2 } else { 0 }).unwrap_or(1),
            String::new(),
        ),
        5 => text(&l.tls.tls_version),
        6 => text(&l.tls.cipher),
        7 => (grade_rank(hop), String::new()),
        8 => (hop.delay_seconds.unwrap_or(i64::MIN), String::new()),
        9 => (0, hop.assessment.scope.to_string()),
        _ => (0, hop.assessment.verdict.to_string()),
    }
}

fn cell(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "–".into())
}

/// The hops in a column's order (the hop index breaks ties, so the order is total).
fn sorted(hops: &[Revised], sort: Sort) -> Vec<Revised> {
    let mut keyed: Vec<((i64, String, usize), &Revised)> = hops
        .iter()
        .map(|r| {
            let (number, text) = sort_key(&r.hop, sort.column);
            ((number, text, r.hop.index), r)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if !sort.ascending {
        keyed.reverse();
    }
    keyed.into_iter().map(|(_, r)| r.clone()).collect()
}

/// A `<details class="panel">` (`data-panel` = `name`) whose `open` signal follows the
/// disclosure, so a table can render its rows only while it is open.
#[component]
fn Panel(
    name: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <details
            class="panel"
            data-panel=name
            data-testid=testid
            open=open.get_untracked()
            on:toggle:target=move |ev| open.set(ev.target().open())
        >
            // The click already says what the disclosure is about to become (its `toggle` event
            // comes a task later), so a table's rows are there as it opens.
            <summary on:click=move |_| open.update(|o| *o = !*o)>
                <h2>{title}</h2>
            </summary>
            {children()}
        </details>
    }
}

/// A scrolling table region.
#[component]
pub(crate) fn TableWrap(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}

/// `<thead>` with plain column titles.
fn thead(titles: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead>
            <tr>{titles.iter().map(|t| view! { <th scope="col">{*t}</th> }).collect_view()}</tr>
        </thead>
    }
}

/// The sortable table of every hop (closed by default; rows only while open).
#[component]
pub(crate) fn HopsTable() -> impl IntoView {
    let ui = use_ui();
    let open = RwSignal::new(false);
    let order = move || {
        if open.get() {
            ui.hops.with(|hops| sorted(hops, ui.sort.get()))
        } else {
            Vec::new()
        }
    };
    view! {
        <Panel name="hops" testid="hops-table-panel" open title="All hops as a table">
            <TableWrap label="All hops (sortable table, scrolls sideways)">
                <table class="hops-table" data-testid="hops-table">
                    <caption class="visually-hidden">
                        "Every hop; select a column title to sort."
                    </caption>
                    <thead>
                        <tr>
                            {COLUMNS
                                .iter()
                                .enumerate()
                                .map(|(column, title)| view! { <SortHeader column title sort=ui.sort /> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=order key=Revised::key let:revised>
                            <HopTableRow hop=revised.hop />
                        </For>
                    </tbody>
                </table>
            </TableWrap>
        </Panel>
    }
}

/// A column title that sorts `sort` by its column (again: the other way round).
#[component]
pub(crate) fn SortHeader(
    column: usize,
    title: &'static str,
    sort: RwSignal<Sort>,
    #[prop(default = "sort")] testid: &'static str,
) -> impl IntoView {
    let state = move || {
        let sort = sort.get();
        match (sort.column == column, sort.ascending) {
            (true, true) => ("ascending", "▲"),
            (true, false) => ("descending", "▼"),
            _ => ("none", "↕"),
        }
    };
    let sort_by = move |_| {
        sort.update(|sort| {
            *sort = if sort.column == column {
                Sort {
                    column,
                    ascending: !sort.ascending,
                }
            } else {
                Sort {
                    column,
                    ascending: true,
                }
            }
        })
    };
    view! {
        <th scope="col" aria-sort=move || state().0>
            <button
                class="sort"
                type="button"
                data-testid=format!("{testid}-{column}")
                on:click=sort_by
            >
                {title}
                <span class="sort-mark" aria-hidden="true">{move || state().1}</span>
            </button>
        </th>
    }
}

/// One row of the hop table (`data-testid=table-hop-row`), built for one revision of its hop.
#[component]
fn HopTableRow(hop: Arc<Hop>) -> impl IntoView {
    view! {
        <tr data-testid="table-hop-row" data-hop-index=hop.index.to_string()>
            {hop_cells(&hop)}
        </tr>
    }
}

fn hop_cells(h: &Hop) -> impl IntoView + use<> {
    let l = &h.line;
    let from = match &l.from_ip {
        Some(ip) => format!("{} [{ip}]", cell(&l.from_host)),
        None => cell(&l.from_host),
    };
    let cells = [
        ("", h.index.to_string()),
        ("wrap", from),
        ("wrap", cell(&l.by_host)),
        ("", cell(&l.with)),
        ("", tls_text(h)),
        ("", cell(&l.tls.tls_version)),
        ("wrap", cell(&l.tls.cipher)),
        (
            "",
            h.assessment
                .strength
                .as_ref()
                .map_or("–".into(), |s| s.grade.to_string()),
        ),
        ("", h.delay_seconds.map_or("–".into(), format_delay)),
        ("", h.assessment.scope.to_string()),
        ("", verdict_label(h.assessment.verdict).into()),
    ];
    cells
        .into_iter()
        .map(|(class, text)| view! { <td class=(!class.is_empty()).then_some(class)>{text}</td> })
        .collect_view()
}

/// The class of an authentication result cell: `pass`, a failure, or neither.
fn result_class(v: &Option<String>) -> Option<&'static str> {
    match v
        .as_deref()
        .map(|s| s.split_whitespace().next().unwrap_or(""))
    {
        Some("pass") => Some("result-pass"),
        Some("fail" | "softfail" | "permerror") => Some("result-fail"),
        _ => None,
    }
}

/// One row of the authentication table.
fn auth_row(a: &crate::core::model::AuthResult) -> impl IntoView + use<> {
    view! {
        <tr>
            <td>{a.header.clone()}</td>
            <td class="wrap">{a.authserv_id.clone()}</td>
            {[&a.spf, &a.dkim, &a.dmarc, &a.arc]
                .into_iter()
                .map(|v| view! { <td class=result_class(v)>{cell(v)}</td> })
                .collect_view()}
        </tr>
    }
}

/// Authentication results (open by default).
#[component]
pub(crate) fn AuthPanel() -> impl IntoView {
    let ui = use_ui();
    let any = Memo::new(move |_| ui.report.with(|r| !r.authentication.is_empty()));
    let rows = move || {
        ui.report
            .with(|r| r.authentication.iter().map(auth_row).collect_view())
    };
    view! {
        <Panel name="auth" open=RwSignal::new(true) title="Authentication results">
            <p class="hint">"What the receiving servers checked about the sender (SPF, DKIM, DMARC, ARC). This is about who sent the message, not about encryption."</p>
            <Show
                when=move || any.get()
                fallback=|| view! { <p class="empty">"No Authentication-Results header in the input."</p> }
            >
                <TableWrap label="Authentication results table">
                    <table data-testid="auth-table">
                        {thead(&["Header", "Checked by", "SPF", "DKIM", "DMARC", "ARC"])}
                        <tbody>{rows}</tbody>
                    </table>
                </TableWrap>
            </Show>
        </Panel>
    }
}

/// Every header field, decoded (closed by default; rows only while open).
#[component]
pub(crate) fn HeadersPanel() -> impl IntoView {
    let ui = use_ui();
    let open = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        if !open.get() {
            return Vec::new();
        }
        ui.report.with(|r| {
            r.headers
                .iter()
                .enumerate()
                .map(|(i, h)| (i + 1, h.name.clone(), h.value.clone()))
                .collect::<Vec<_>>()
        })
    });
    let title = Signal::derive(move || {
        ui.report
            .with(|r| format!("All headers ({})", r.headers.len()))
    });
    view! {
        <Panel name="headers" testid="headers-panel" open title>
            <p class="hint">
                "Every header field, in order, with encoded words (=?utf-8?…?=) decoded."
            </p>
            <TableWrap label="All headers table">
                <table class="headers-table" data-testid="headers-table">
                    {thead(&["#", "Name", "Value (decoded)"])}
                    <tbody>
                        <For each=move || rows.get() key=|row| row.clone() let:row>
                            <tr>
                                <td>{row.0}</td>
                                <th scope="row">{row.1}</th>
                                <td class="wrap value">{row.2}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </TableWrap>
        </Panel>
    }
}

/// Notes on the input (`data-testid=diagnostics`).
#[component]
pub(crate) fn Diagnostics() -> impl IntoView {
    let ui = use_ui();
    let notes = move || {
        ui.report.with(|r| {
            if r.diagnostics.is_empty() {
                Either::Left(view! { <li class="empty">"None: the headers read cleanly."</li> })
            } else {
                Either::Right(
                    r.diagnostics
                        .iter()
                        .map(|note| view! { <li>{note.text.clone()}</li> })
                        .collect_view(),
                )
            }
        })
    };
    view! {
        <section class="panel diagnostics" aria-labelledby="diag-title">
            <h2 id="diag-title">"Notes on the input"</h2>
            <ul data-testid="diagnostics">{notes}</ul>
        </section>
    }
}

/// From, To, Subject, … of the message, when any is there.
fn message_rows(r: &Report) -> Vec<(&'static str, String)> {
    let m = &r.message;
    [
        ("From", &m.from),
        ("To", &m.to),
        ("Subject", &m.subject),
        ("Date", &m.date),
        ("Message-ID", &m.message_id),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, v.clone()?)))
    .chain(m.tls_required_no.then(|| {
        (
            "TLS-Required",
            "No (the sender allowed delivery without TLS)".to_string(),
        )
    }))
    .collect()
}

/// The message's own headers (From, To, Subject, Date, Message-ID), when any is there.
#[component]
pub(crate) fn MessagePanel() -> impl IntoView {
    let ui = use_ui();
    let rows = Memo::new(move |_| ui.report.with(|r| message_rows(r)));
    let facts = move || fact_items(rows.get());
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <section class="panel message" aria-labelledby="message-title">
                <h2 id="message-title">"The message"</h2>
                <dl class="facts" data-testid="message-info">{facts}</dl>
            </section>
        </Show>
    }
}
