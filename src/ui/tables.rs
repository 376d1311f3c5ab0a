//! Tables: every hop (sortable), authentication results, every header (decoded), diagnostics.

use leptos::prelude::*;

use super::route::tls_text;
use super::{browser, ui};
use crate::core::Hop;
use crate::core::export::{format_delay, verdict_label};

/// Column title and the key it sorts by (numbers first, then text).
const COLUMNS: &[&str] = &[
    "#", "From", "By", "With", "TLS", "Version", "Cipher", "Strength", "Delay", "Scope", "Verdict",
];

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
        7 => {
            let grade = hop
                .assessment
                .strength
                .as_ref()
                .map(|s| s.grade.as_str())
                .unwrap_or("");
            let rank = ["broken", "weak", "unknown", "acceptable", "strong"]
                .iter()
                .position(|g| *g == grade);
            (rank.map(|r| r as i64).unwrap_or(-1), String::new())
        }
        8 => (hop.delay_seconds.unwrap_or(i64::MIN), String::new()),
        9 => (0, hop.assessment.scope.clone()),
        _ => (0, hop.assessment.verdict.clone()),
    }
}

fn cell(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "–".into())
}

#[component]
pub(crate) fn HopsTable() -> impl IntoView {
    let ui = ui();
    // (column, ascending)
    let sort = RwSignal::new((0usize, true));
    // Rows are built only while the table is open (a closed table costs nothing per keystroke).
    let open = RwSignal::new(false);
    let rows = move || {
        if !open.get() {
            return None;
        }
        let (column, ascending) = sort.get();
        let mut hops = ui.report.with(|r| r.hops.clone());
        hops.sort_by_cached_key(|h| (sort_key(h, column), h.index));
        if !ascending {
            hops.reverse();
        }
        hops.into_iter()
            .map(|h| {
                let l = &h.line;
                let verdict = h.assessment.verdict.clone();
                view! {
                    <tr data-testid="table-hop-row" data-hop-index=h.index>
                        <td>{h.index}</td>
                        <td class="wrap">{cell(&l.from_host)}{l.from_ip.clone().map(|ip| format!(" [{ip}]"))}</td>
                        <td class="wrap">{cell(&l.by_host)}</td>
                        <td>{cell(&l.with)}</td>
                        <td>{tls_text(&h)}</td>
                        <td>{cell(&l.tls.tls_version)}</td>
                        <td class="wrap">{cell(&l.tls.cipher)}</td>
                        <td>{h.assessment.strength.as_ref().map(|s| s.grade.clone()).unwrap_or_else(|| "–".into())}</td>
                        <td>{h.delay_seconds.map(format_delay).unwrap_or_else(|| "–".into())}</td>
                        <td>{h.assessment.scope.clone()}</td>
                        <td>{verdict_label(&verdict)}</td>
                    </tr>
                }
            })
            .collect_view()
            .into()
    };
    view! {
        <details class="panel" data-testid="hops-table-panel" on:toggle=move |ev| open.set(browser::details_open(&ev))>
            <summary><h2>"All hops as a table"</h2></summary>
            <div class="table-wrap" tabindex="0" role="region" aria-label="All hops (sortable table, scrolls sideways)">
                <table class="hops-table" data-testid="hops-table">
                    <caption class="visually-hidden">"Every hop; select a column title to sort."</caption>
                    <thead>
                        <tr>
                            {COLUMNS.iter().enumerate().map(|(i, title)| {
                                let aria_sort = move || match sort.get() {
                                    (c, true) if c == i => "ascending",
                                    (c, false) if c == i => "descending",
                                    _ => "none",
                                };
                                let on_click = move |_| sort.update(|(c, asc)| {
                                    if *c == i { *asc = !*asc } else { *c = i; *asc = true }
                                });
                                view! {
                                    <th scope="col" aria-sort=aria_sort>
                                        <button type="button" class="sort" data-testid=format!("sort-{i}") on:click=on_click>
                                            {*title}
                                            <span class="sort-mark" aria-hidden="true">{move || match aria_sort() { "ascending" => "▲", "descending" => "▼", _ => "↕" }}</span>
                                        </button>
                                    </th>
                                }
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
pub(crate) fn AuthTable() -> impl IntoView {
    let ui = ui();
    let results = move || ui.report.with(|r| r.authentication.clone());
    view! {
        <details class="panel" open>
            <summary><h2>"Authentication results"</h2></summary>
            <p class="hint">"What the receiving servers checked about the sender (SPF, DKIM, DMARC, ARC). This is about who sent the message, not about encryption."</p>
            <Show when=move || !results().is_empty() fallback=|| view! { <p class="empty">"No Authentication-Results header in the input."</p> }>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Authentication results table">
                    <table data-testid="auth-table">
                        <thead><tr><th scope="col">"Header"</th><th scope="col">"Checked by"</th><th scope="col">"SPF"</th><th scope="col">"DKIM"</th><th scope="col">"DMARC"</th><th scope="col">"ARC"</th></tr></thead>
                        <tbody>
                            {move || results().into_iter().map(|a| view! {
                                <tr>
                                    <td>{a.header}</td>
                                    <td class="wrap">{a.authserv_id}</td>
                                    <td class=result_class(&a.spf)>{cell(&a.spf)}</td>
                                    <td class=result_class(&a.dkim)>{cell(&a.dkim)}</td>
                                    <td class=result_class(&a.dmarc)>{cell(&a.dmarc)}</td>
                                    <td class=result_class(&a.arc)>{cell(&a.arc)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </Show>
        </details>
    }
}

fn result_class(v: &Option<String>) -> &'static str {
    match v
        .as_deref()
        .map(|s| s.split_whitespace().next().unwrap_or(""))
    {
        Some("pass") => "result-pass",
        Some("fail" | "softfail" | "permerror") => "result-fail",
        _ => "",
    }
}

#[component]
pub(crate) fn HeadersTable() -> impl IntoView {
    let ui = ui();
    let count = move || ui.report.with(|r| r.headers.len());
    let open = RwSignal::new(false);
    view! {
        <details class="panel" data-testid="headers-panel" on:toggle=move |ev| open.set(browser::details_open(&ev))>
            <summary><h2>{move || format!("All headers ({})", count())}</h2></summary>
            <p class="hint">"Every header field, in order, with encoded words (=?utf-8?…?=) decoded."</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="All headers table">
                <table class="headers-table" data-testid="headers-table">
                    <thead><tr><th scope="col">"#"</th><th scope="col">"Name"</th><th scope="col">"Value (decoded)"</th></tr></thead>
                    <tbody>
                        {move || open.get().then(|| ui.report.with(|r| r.headers.iter().enumerate().map(|(i, h)| view! {
                            <tr><td>{i + 1}</td><th scope="row">{h.name.clone()}</th><td class="wrap value">{h.value.clone()}</td></tr>
                        }).collect_view()))}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
pub(crate) fn Diagnostics() -> impl IntoView {
    let ui = ui();
    view! {
        <section class="panel diagnostics" aria-labelledby="diag-title">
            <h2 id="diag-title">"Notes on the input"</h2>
            <ul data-testid="diagnostics">
                {move || ui.report.with(|r| {
                    if r.diagnostics.is_empty() {
                        view! { <li class="empty">"None: the headers read cleanly."</li> }.into_any()
                    } else {
                        r.diagnostics.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view().into_any()
                    }
                })}
            </ul>
        </section>
    }
}

#[component]
pub(crate) fn MessagePanel() -> impl IntoView {
    let ui = ui();
    let rows = move || {
        ui.report.with(|r| {
            let m = &r.message;
            [
                ("From", m.from.clone()),
                ("To", m.to.clone()),
                ("Subject", m.subject.clone()),
                ("Date", m.date.clone()),
                ("Message-ID", m.message_id.clone()),
                (
                    "TLS-Required",
                    m.tls_required_no
                        .then(|| "No (the sender allowed delivery without TLS)".to_string()),
                ),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !rows().is_empty()>
            <section class="panel message" aria-labelledby="message-title">
                <h2 id="message-title">"The message"</h2>
                <dl class="facts" data-testid="message-info">
                    {move || rows().into_iter().map(|(k, v)| view! { <div class="fact"><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                </dl>
            </section>
        </Show>
    }
}
