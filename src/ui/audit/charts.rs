//! The audit's charts, drawn as SVG from the digest: the verdict mix of the largest senders,
//! the monthly timeline and the TLS-version mix. Each bar or column is an image with its
//! numbers as its accessible name, and each chart has its numbers in a table too.

use leptos::prelude::*;

use super::{count, use_audit};
use crate::audit::session::{Mix, Row};
use crate::ui::tables::TableWrap;

/// Senders shown in the verdict-mix chart (the tables have all of them).
const TOP: usize = 10;
/// TLS versions, newest first, with their index in the digest's oldest-first arrays.
const VERSIONS: [(&str, usize); 5] = [
    ("TLS 1.3", 4),
    ("TLS 1.2", 3),
    ("TLS 1.1", 2),
    ("TLS 1.0", 1),
    ("SSL 3", 0),
];

fn mix_words(mix: Mix) -> String {
    format!(
        "{} encrypted, {} not encrypted, {} not stated",
        count(mix.encrypted),
        count(mix.not_encrypted),
        count(mix.unknown)
    )
}

/// Stacked segments `(value, class)` as rectangles along `length` units for `scale`
/// (horizontal bars, or columns growing `upward`). Whole units: no float formatting in the wasm.
fn segments(
    parts: [(u64, &'static str); 3],
    scale: u64,
    length: u64,
    upward: bool,
) -> impl IntoView {
    let mut at = 0;
    parts
        .into_iter()
        .filter(|(value, _)| *value > 0)
        .map(|(value, class)| {
            // At least one unit, so a small share stays visible.
            let size = (value * length / scale.max(1)).max(1);
            let start = at;
            at += size;
            if upward {
                view! { <rect class=class x="1" width="8" y=length.saturating_sub(start + size) height=size /> }
                    .into_any()
            } else {
                view! { <rect class=class y="0" height="10" x=start width=size /> }.into_any()
            }
        })
        .collect_view()
}

fn parts(mix: Mix) -> [(u64, &'static str); 3] {
    [
        (mix.encrypted, "seg-ok"),
        (mix.not_encrypted, "seg-bad"),
        (mix.unknown, "seg-unk"),
    ]
}

/// One labelled horizontal bar.
fn bar(label: String, parts: [(u64, &'static str); 3], scale: u64, words: String) -> impl IntoView {
    view! {
        <li class="bar-row">
            <span class="bar-label">{label.clone()}</span>
            <svg
                class="bar"
                viewBox="0 0 1000 10"
                preserveAspectRatio="none"
                role="img"
                aria-label=format!("{label}: {words}")
            >
                {segments(parts, scale, 1000, false)}
            </svg>
            <span class="bar-numbers">{words}</span>
        </li>
    }
}

/// A chart's numbers as a table, behind a disclosure. `first` names the row headers' column (a
/// column header without text is an accessibility error: axe `empty-table-header`); the table
/// scrolls sideways in its own region named `label` (on a phone it is wider than the page).
fn numbers(
    label: &'static str,
    first: &'static str,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
) -> impl IntoView {
    view! {
        <details class="chart-numbers">
            <summary>"The numbers"</summary>
            <TableWrap label>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{first}</th>
                            {headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|cells| {
                                let mut cells = cells.into_iter();
                                let first = cells.next().unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{first}</th>
                                        {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </TableWrap>
        </details>
    }
}

fn mix_cells(label: String, mix: Mix) -> Vec<String> {
    vec![
        label,
        count(mix.encrypted),
        count(mix.not_encrypted),
        count(mix.unknown),
    ]
}

const MIX_HEADERS: &[&str] = &["Encrypted", "Not encrypted", "Not stated"];

/// The largest senders by messages.
fn top(rows: &[Row]) -> Vec<Row> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.key.cmp(&b.key)));
    rows.truncate(TOP);
    rows
}

#[component]
pub(crate) fn Charts() -> impl IntoView {
    let audit = use_audit();
    let organisations = RwSignal::new(false);
    let senders = move || {
        audit.digest.with(|d| {
            top(if organisations.get() {
                &d.organisations
            } else {
                &d.domains
            })
        })
    };
    let mix_chart = move || {
        let rows = senders();
        let scale = rows.iter().map(|r| r.mix.total()).max().unwrap_or(0);
        let table = rows
            .iter()
            .map(|r| mix_cells(r.name.clone(), r.mix))
            .collect();
        view! {
            <ul class="bars">
                {rows
                    .into_iter()
                    .map(|r| bar(r.name.clone(), parts(r.mix), scale, mix_words(r.mix)))
                    .collect_view()}
            </ul>
            {numbers(
                "Verdicts per sender (numbers)",
                if organisations.get() { "Organisation" } else { "Domain" },
                MIX_HEADERS,
                table,
            )}
        }
    };
    let timeline = move || {
        let months = audit.digest.with(|d| d.months.clone());
        let scale = months.iter().map(|m| m.mix.total()).max().unwrap_or(0);
        let span = match (months.first(), months.last()) {
            (Some(first), Some(last)) => format!("{} to {}", first.month, last.month),
            _ => "no dated messages yet".into(),
        };
        let width = (months.len().max(1) * 10).to_string();
        let table = months
            .iter()
            .map(|m| mix_cells(m.month.clone(), m.mix))
            .collect();
        view! {
            <svg
                class="timeline"
                viewBox=format!("0 0 {width} 100")
                preserveAspectRatio="none"
                role="img"
                aria-label=format!("Messages per month, {span}: the table below has the numbers.")
            >
                {months
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| {
                        view! {
                            <g transform=format!("translate({} 0)", i * 10)>
                                <title>{format!("{}: {}", m.month, mix_words(m.mix))}</title>
                                {segments(parts(m.mix), scale, 100, true)}
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
            <p class="hint">{span}</p>
            {numbers("Messages per month (numbers)", "Month", MIX_HEADERS, table)}
        }
    };
    let versions = move || {
        let tls = audit.digest.with(|d| d.tls);
        let scale = tls.iter().copied().max().unwrap_or(0);
        let table = VERSIONS
            .iter()
            .map(|(name, i)| vec![name.to_string(), count(tls[*i])])
            .collect();
        view! {
            <ul class="bars">
                {VERSIONS
                    .iter()
                    .map(|(name, i)| {
                        let n = tls[*i];
                        let class = if *i >= 3 { "seg-ok" } else { "seg-bad" };
                        bar(
                            name.to_string(),
                            [(n, class), (0, class), (0, class)],
                            scale,
                            format!("{} messages", count(n)),
                        )
                    })
                    .collect_view()}
            </ul>
            {numbers("Oldest TLS versions (numbers)", "TLS version", &["Messages"], table)}
        }
    };
    view! {
        <section class="charts" aria-labelledby="charts-title">
            <h3 id="charts-title">"At a glance"</h3>
            <figure>
                <figcaption>
                    "Verdicts of the ten largest "
                    {move || if organisations.get() { "sending organisations" } else { "sender domains" }}
                    <span class="legend">
                        <span class="key seg-ok">"encrypted"</span>
                        <span class="key seg-bad">"not encrypted"</span>
                        <span class="key seg-unk">"not stated"</span>
                    </span>
                </figcaption>
                <div class="chart-switch" role="group" aria-label="Group by">
                    <button
                        type="button"
                        class="button"
                        aria-pressed=move || (!organisations.get()).to_string()
                        on:click=move |_| organisations.set(false)
                    >
                        "Domains"
                    </button>
                    <button
                        type="button"
                        class="button"
                        aria-pressed=move || organisations.get().to_string()
                        on:click=move |_| organisations.set(true)
                    >
                        "Organisations"
                    </button>
                </div>
                {mix_chart}
            </figure>
            <figure>
                <figcaption>"Messages per month"</figcaption>
                {timeline}
            </figure>
            <figure>
                <figcaption>"Oldest TLS version on each message's hand-offs"</figcaption>
                {versions}
            </figure>
        </section>
    }
}
