//! The per-domain and per-organisation tables (sortable, filterable) and the messages of the
//! selected one, each of which opens in the message view.

use leptos::prelude::*;

use super::{Selected, count, share, use_audit};
use crate::audit::aggregate::GroupKind;
use crate::audit::record::Class;
use crate::audit::session::Row;
use crate::ui::Sort;
use crate::ui::tables::{SortHeader, TableWrap};

/// Rows shown before "Show all".
const FIRST_ROWS: usize = 50;
const COLUMNS: [&str; 7] = [
    "Name",
    "Messages",
    "Encrypted",
    "Not encrypted",
    "Not stated",
    "First seen",
    "Last seen",
];
/// TLS versions by the digest's oldest-first index.
const VERSION_NAMES: [&str; 5] = ["SSL 3", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"];

/// `TLS 1.2 × 40, TLS 1.0 × 2`: the oldest TLS versions recorded on the group's messages.
fn versions(row: &Row) -> String {
    let seen: Vec<String> = (0..5)
        .rev()
        .filter(|&i| row.tls[i] > 0)
        .map(|i| format!("{} × {}", VERSION_NAMES[i], count(row.tls[i])))
        .collect();
    if seen.is_empty() {
        "–".into()
    } else {
        seen.join(", ")
    }
}

fn sorted(rows: &[Row], filter: &str, sort: Sort) -> Vec<Row> {
    let filter = filter.trim().to_lowercase();
    let mut rows: Vec<Row> = rows
        .iter()
        .filter(|r| {
            filter.is_empty()
                || r.name.to_lowercase().contains(&filter)
                || r.key.to_lowercase().contains(&filter)
        })
        .cloned()
        .collect();
    rows.sort_by(|a, b| {
        let by_number = |f: fn(&Row) -> u64| f(a).cmp(&f(b));
        let order = match sort.column {
            1 => by_number(|r| r.messages),
            2 => by_number(|r| r.mix.encrypted),
            3 => by_number(|r| r.mix.not_encrypted),
            4 => by_number(|r| r.mix.unknown),
            5 => a.first_seen.cmp(&b.first_seen),
            6 => a.last_seen.cmp(&b.last_seen),
            _ => a.name.cmp(&b.name),
        };
        let order = if sort.ascending {
            order
        } else {
            order.reverse()
        };
        order.then_with(|| a.key.cmp(&b.key))
    });
    rows
}

/// The table of sender domains (`group` "domain") or sending organisations.
#[component]
pub(crate) fn GroupTable(group: GroupKind) -> impl IntoView {
    let audit = use_audit();
    let domains = group == GroupKind::Domain;
    let group_name = group.name();
    let sort = if domains {
        audit.domain_sort
    } else {
        audit.organisation_sort
    };
    let filter = RwSignal::new(String::new());
    let show_all = RwSignal::new(false);
    let matching = Memo::new(move |_| {
        audit.digest.with(|d| {
            let rows = if domains {
                &d.domains
            } else {
                &d.organisations
            };
            filter.with(|f| sorted(rows, f, sort.get()))
        })
    });
    let shown = move || {
        let mut rows = matching.get();
        if !show_all.get() {
            rows.truncate(FIRST_ROWS);
        }
        rows
    };
    let hidden = move || matching.with(Vec::len).saturating_sub(FIRST_ROWS);
    let (title, what) = if domains {
        ("Sender domains", "sender domain")
    } else {
        ("Sending organisations", "sending organisation")
    };
    let title_id = format!("audit-{group_name}s-title");
    view! {
        <section class="audit-table" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{title}</h3>
            <label class="filter">
                {format!("Filter by {what} ")}
                <input
                    type="search"
                    data-testid=format!("audit-{group_name}-filter")
                    prop:value=move || filter.get()
                    on:input:target=move |ev| filter.set(ev.target().value())
                />
            </label>
            // The scroll region's name must differ from its section's (both are `region`
            // landmarks: axe `landmark-unique`).
            <TableWrap label=if domains { "Sender domains table" } else { "Sending organisations table" }>
                <table data-testid=format!("audit-{group_name}s")>
                    <caption class="visually-hidden">
                        {format!("Messages per {what}; select a column title to sort, a name to list its messages.")}
                    </caption>
                    <thead>
                        <tr>
                            {COLUMNS
                                .iter()
                                .enumerate()
                                .map(|(column, title)| {
                                    view! { <SortHeader column title=*title sort testid="audit-sort" /> }
                                })
                                .collect_view()}
                            <th scope="col">"Oldest TLS per message"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=shown key=|row| row.clone() let:row>
                            <GroupRow group row />
                        </For>
                    </tbody>
                </table>
            </TableWrap>
            <Show when=move || { hidden() > 0 && !show_all.get() }>
                <button type="button" class="button" on:click=move |_| show_all.set(true)>
                    {move || format!("Show all ({} more)", count(hidden() as u64))}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn GroupRow(group: GroupKind, row: Row) -> impl IntoView {
    let audit = use_audit();
    let selected = Selected {
        group,
        key: row.key.clone(),
        name: row.name.clone(),
    };
    let cell =
        move |n: u64| view! { <td>{format!("{} ({})", count(n), share(n, row.messages))}</td> };
    view! {
        <tr data-testid="audit-row" data-key=row.key.clone()>
            <th scope="row">
                <button
                    type="button"
                    class="link-button"
                    title="List its messages"
                    on:click=move |_| audit.select(selected.clone())
                >
                    {row.name.clone()}
                </button>
            </th>
            <td>{count(row.messages)}</td>
            {cell(row.mix.encrypted)}
            {cell(row.mix.not_encrypted)}
            {cell(row.mix.unknown)}
            <td>{row.first_seen.clone()}</td>
            <td>{row.last_seen.clone()}</td>
            <td>{versions(&row)}</td>
        </tr>
    }
}

fn class_words(class: Class) -> &'static str {
    match class {
        Class::Encrypted => "Encrypted",
        Class::NotEncrypted => "Not encrypted",
        Class::Unknown => "Not stated",
        Class::NoHops => "No Received headers",
        Class::Unreadable => "Not email",
    }
}

/// The messages of the selected domain or organisation.
#[component]
pub(crate) fn MessageList() -> impl IntoView {
    let audit = use_audit();
    let heading = NodeRef::<leptos::html::H3>::new();
    // A new selection moves the focus to the list, where its messages appear.
    Effect::new(move |_| {
        if audit.selected.with(Option::is_some)
            && let Some(h) = heading.get()
        {
            let _ = h.focus();
        }
    });
    let title = move || {
        audit.selected.with(|s| {
            s.as_ref()
                .map(|s| format!("Messages of {}", s.name))
                .unwrap_or_default()
        })
    };
    let total = move || {
        audit.listing.with(|l| {
            if (l.messages.len() as u64) < l.total {
                format!(
                    "The first {} of {} messages, oldest first.",
                    l.messages.len(),
                    count(l.total)
                )
            } else {
                format!("{} messages, oldest first.", count(l.total))
            }
        })
    };
    view! {
        <Show when=move || audit.selected.with(Option::is_some)>
            <section class="audit-messages" aria-labelledby="audit-messages-title">
                <h3 id="audit-messages-title" tabindex="-1" node_ref=heading>{title}</h3>
                <p class="hint">{total}</p>
                <TableWrap label="Messages">
                    <table data-testid="audit-messages-list">
                        <thead>
                            <tr>
                                <th scope="col">"Date"</th>
                                <th scope="col">"File"</th>
                                <th scope="col">"Verdict"</th>
                                <th scope="col">"Hops"</th>
                                <th scope="col">"Open"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || audit.listing.with(|l| l.messages.clone())
                                key=|m| (m.input, m.offset)
                                let:m
                            >
                                <tr data-testid="audit-message">
                                    <td>{m.date.clone().unwrap_or_else(|| "undated".into())}</td>
                                    <td>{m.file.clone()}</td>
                                    <td>{class_words(m.class)}</td>
                                    <td>{m.hops.to_string()}</td>
                                    <td>
                                        <button
                                            type="button"
                                            class="button"
                                            data-testid="audit-open"
                                            on:click={
                                                let file = m.file.clone();
                                                move |_| audit.open(m.input, m.offset, file.clone())
                                            }
                                        >
                                            "Open"
                                        </button>
                                    </td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </TableWrap>
            </section>
        </Show>
    }
}
