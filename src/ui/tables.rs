//! Tables: every hop (sortable), authentication results, every header (decoded), diagnostics.

use super::node::{El, el, elc, facts, text_el};
use super::route::tls_text;
use crate::core::wording::{format_delay, verdict_label};
use crate::core::{Hop, Report};

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
                .map_or(-1, |s| s.grade as i64);
            (grade, String::new())
        }
        8 => (hop.delay_seconds.unwrap_or(i64::MIN), String::new()),
        9 => (0, hop.assessment.scope.to_string()),
        _ => (0, hop.assessment.verdict.to_string()),
    }
}

fn cell(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "–".into())
}

/// A `<details class="panel">` whose open state survives re-rendering (`data-panel`); its
/// summary is dispatched on (`data-action=panel`) so a lazy table fills when it opens.
fn panel(name: &'static str, open: bool, title: String) -> El {
    let mut d = elc("details", "panel").at("data-panel", name);
    if open {
        d = d.at("open", "");
    }
    d.kid(
        el("summary")
            .at("data-action", "panel")
            .at("data-arg", name)
            .kid(el("h2").txt(title)),
    )
}

/// A scrolling table region.
fn table_wrap(label: &'static str, table: El) -> El {
    elc("div", "table-wrap")
        .at("tabindex", "0")
        .at("role", "region")
        .at("aria-label", label)
        .kid(table)
}

/// `<thead>` with plain column titles.
fn thead(titles: &[&str]) -> El {
    el("thead").kid(
        el("tr").kids(
            titles
                .iter()
                .map(|t| text_el("th", "", *t).at("scope", "col")),
        ),
    )
}

/// A `<tr>` of text cells (`(class, text)`; empty class = none).
fn row(cells: Vec<(&'static str, String)>) -> El {
    el("tr").kids(
        cells
            .into_iter()
            .map(|(class, text)| text_el("td", class, text)),
    )
}

/// The sortable hop table; rows only while open (a closed table costs nothing per keystroke).
pub(crate) fn hops_panel(r: &Report, open: bool, sort: (usize, bool)) -> El {
    panel("hops", open, "All hops as a table".into())
        .tid("hops-table-panel")
        .kid(table_wrap(
            "All hops (sortable table, scrolls sideways)",
            hops_table(r, open, sort),
        ))
}

/// The `<table data-testid=hops-table>` itself (replaced whole when the sort changes).
pub(crate) fn hops_table(r: &Report, open: bool, (column, ascending): (usize, bool)) -> El {
    let titles = COLUMNS.iter().enumerate().map(|(i, title)| {
        let (sort, mark) = match (i == column, ascending) {
            (true, true) => ("ascending", "▲"),
            (true, false) => ("descending", "▼"),
            _ => ("none", "↕"),
        };
        el("th").at("scope", "col").at("aria-sort", sort).kid(
            elc("button", "sort")
                .at("type", "button")
                .tid(format!("sort-{i}"))
                .at("data-action", "sort")
                .at("data-arg", i.to_string())
                .txt(*title)
                .kid(text_el("span", "sort-mark", mark).at("aria-hidden", "true")),
        )
    });
    // Each hop inserted at its place by binary search (the hop index makes every key distinct,
    // so the order is total): a few hundred rows at most, and no slice-sort code in the wasm.
    let mut sorted: Vec<((i64, String, usize), &Hop)> = Vec::new();
    for h in r.hops.iter().filter(|_| open) {
        let (number, text) = sort_key(h, column);
        let key = (number, text, h.index);
        let place = sorted
            .binary_search_by(|(k, _)| k.cmp(&key))
            .unwrap_or_else(|place| place);
        sorted.insert(place, (key, h));
    }
    if !ascending {
        sorted.reverse();
    }
    let rows = sorted.into_iter().map(|(_, h)| {
        let l = &h.line;
        let from = match &l.from_ip {
            Some(ip) => format!("{} [{ip}]", cell(&l.from_host)),
            None => cell(&l.from_host),
        };
        row(vec![
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
        ])
        .tid("table-hop-row")
        .at("data-hop-index", h.index.to_string())
    });
    elc("table", "hops-table")
        .tid("hops-table")
        .kid(text_el(
            "caption",
            "visually-hidden",
            "Every hop; select a column title to sort.",
        ))
        .kid(el("thead").kid(el("tr").kids(titles)))
        .kid(el("tbody").kids(rows))
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

/// Authentication results (open by default).
pub(crate) fn auth_panel(r: &Report, open: bool) -> El {
    let p = panel("auth", open, "Authentication results".into()).kid(text_el("p", "hint", "What the receiving servers checked about the sender (SPF, DKIM, DMARC, ARC). This is about who sent the message, not about encryption."));
    if r.authentication.is_empty() {
        return p.kid(text_el(
            "p",
            "empty",
            "No Authentication-Results header in the input.",
        ));
    }
    let rows = r.authentication.iter().map(|a| {
        row(vec![
            ("", a.header.clone()),
            ("wrap", a.authserv_id.clone()),
            (result_class(&a.spf), cell(&a.spf)),
            (result_class(&a.dkim), cell(&a.dkim)),
            (result_class(&a.dmarc), cell(&a.dmarc)),
            (result_class(&a.arc), cell(&a.arc)),
        ])
    });
    p.kid(table_wrap(
        "Authentication results table",
        el("table")
            .tid("auth-table")
            .kid(thead(&[
                "Header",
                "Checked by",
                "SPF",
                "DKIM",
                "DMARC",
                "ARC",
            ]))
            .kid(el("tbody").kids(rows)),
    ))
}

/// Every header field (rows only while open).
pub(crate) fn headers_table(r: &Report, open: bool) -> El {
    let rows = r.headers.iter().enumerate().filter(|_| open).map(|(i, h)| {
        el("tr")
            .kid(el("td").txt((i + 1).to_string()))
            .kid(el("th").at("scope", "row").txt(h.name.clone()))
            .kid(text_el("td", "wrap value", h.value.clone()))
    });
    elc("table", "headers-table")
        .tid("headers-table")
        .kid(thead(&["#", "Name", "Value (decoded)"]))
        .kid(el("tbody").kids(rows))
}

/// The headers panel (closed by default).
pub(crate) fn headers_panel(r: &Report, open: bool) -> El {
    panel(
        "headers",
        open,
        format!("All headers ({})", r.headers.len()),
    )
    .tid("headers-panel")
    .kid(text_el(
        "p",
        "hint",
        "Every header field, in order, with encoded words (=?utf-8?…?=) decoded.",
    ))
    .kid(table_wrap("All headers table", headers_table(r, open)))
}

/// Notes on the input (`data-testid=diagnostics`).
pub(crate) fn diagnostics(r: &Report) -> El {
    let list = el("ul").tid("diagnostics");
    let list = if r.diagnostics.is_empty() {
        list.kid(text_el("li", "empty", "None: the headers read cleanly."))
    } else {
        list.kids(r.diagnostics.iter().map(|d| el("li").txt(d.text.clone())))
    };
    elc("section", "panel diagnostics")
        .at("aria-labelledby", "diag-title")
        .kid(el("h2").at("id", "diag-title").txt("Notes on the input"))
        .kid(list)
}

/// From, To, Subject, … of the message, when any is there.
pub(crate) fn message_panel(r: &Report) -> Option<El> {
    let m = &r.message;
    let rows: Vec<(&str, String)> = [
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
    .collect();
    (!rows.is_empty()).then(|| {
        elc("section", "panel message")
            .at("aria-labelledby", "message-title")
            .kid(el("h2").at("id", "message-title").txt("The message"))
            .kid(facts(rows).tid("message-info"))
    })
}
