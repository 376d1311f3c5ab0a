//! The mailbox audit's view: a mailbox, a `.mbox.gz`, a folder or many files are audited by the
//! engine worker (`browser::engine`, `src/audit/session.rs`) while this view shows the progress
//! and the results as they grow: totals, regressions, charts, the per-domain and
//! per-organisation tables, a domain's messages, each of which opens in the page's message view.
//!
//! These components are not in the page's first download: they are the audit module
//! (`src/bin/hoplock-audit.rs`, [`mount`]), a wasm of their own that the page loads and mounts
//! into its audit pane when an audit starts (`ui::audit_host`, `browser::audit_module`). A
//! message opened here goes to the page through the host's callback.
//!
//! ```text
//! AuditView ─┬─ AuditProgress (progress bar, cancel)
//!            ├─ Totals (tiles: data-testid audit-messages, -encrypted, -not-encrypted, -unknown)
//!            ├─ Regressions (first, when there are any)
//!            ├─ Charts: verdict mix per domain / organisation, timeline, TLS versions
//!            ├─ GroupTable × 2 (sortable, filterable) ─ MessageList (a selected group)
//!            ├─ Problems
//!            └─ AuditExports (CSV, JSON; the redact switch is the page's)
//! ```

mod charts;
mod data;
mod tables;

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use wasm_bindgen::JsCast;

use super::Sort;
use super::browser::{self, engine, get};
use crate::audit::aggregate::{GroupKind, percent};
use crate::audit::session::{Digest, Listing};
use data::Progress;

/// Messages listed at once for a selected domain or organisation.
const LIST_LIMIT: usize = 200;

/// A domain or organisation whose messages are listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Selected {
    pub group: GroupKind,
    pub key: String,
    pub name: String,
}

/// The audit's state, provided as context by the app (all fields are `Copy` handles).
#[derive(Clone, Copy)]
pub(crate) struct Audit {
    /// What is audited ("Inbox.mbox", "312 files").
    pub title: RwSignal<String>,
    pub progress: RwSignal<Progress>,
    pub digest: RwSignal<Arc<Digest>>,
    /// Why the audit could not run or stopped.
    pub failure: RwSignal<String>,
    pub selected: RwSignal<Option<Selected>>,
    pub listing: RwSignal<Listing>,
    pub export_status: RwSignal<String>,
    /// Mask message ids in the exports.
    pub redact: RwSignal<bool>,
    pub domain_sort: RwSignal<Sort>,
    pub organisation_sort: RwSignal<Sort>,
}

impl Audit {
    pub fn new() -> Self {
        // Most messages first: the senders that matter most lead the tables.
        let by_messages = Sort {
            column: 1,
            ascending: false,
        };
        Audit {
            title: RwSignal::new(String::new()),
            progress: RwSignal::new(Progress::default()),
            digest: RwSignal::new(Arc::default()),
            failure: RwSignal::new(String::new()),
            selected: RwSignal::new(None),
            listing: RwSignal::new(Listing::default()),
            export_status: RwSignal::new(String::new()),
            redact: RwSignal::new(false),
            domain_sort: RwSignal::new(by_messages),
            organisation_sort: RwSignal::new(by_messages),
        }
    }

    /// Audit `files` (`File`s; in a folder, files that are not mail are skipped) in a fresh
    /// engine.
    pub fn start(self, files: &js_sys::Array, in_folder: bool) {
        // The page names the audit too (its way back); a title passed from it costs the page's
        // first load more than these lines cost the module.
        let files_of = files.iter().map(|f| f.unchecked_into::<web_sys::File>());
        let title = match files.length() {
            1 => files_of.clone().map(|f| f.name()).collect(),
            n => format!("{} files", count(u64::from(n))),
        };
        self.title.set(title);
        self.progress.set(Progress {
            total: files_of.map(|f| f.size() as u64).sum(),
            ..Progress::default()
        });
        let started = engine::start_audit(files, in_folder, move |event| self.on_event(event));
        if let Err(why) = started {
            self.failure
                .set(format!("The audit could not start: {why}."));
        }
    }

    fn on_event(self, event: JsValue) {
        if let Some(why) = get(&event, "failed").as_string() {
            self.failure.set(format!("The audit stopped: {why}."));
            self.progress.update(|p| p.finished = true);
            return;
        }
        if let Some(digest) = get(&event, "digest").as_string() {
            self.digest
                .set(Arc::new(serde_json::from_str(&digest).unwrap_or_default()));
        }
        self.progress.set(Progress::of(&get(&event, "progress")));
    }

    /// List the messages of a domain or organisation.
    pub fn select(self, selected: Selected) {
        let request = engine::object(&[
            ("call", "list".into()),
            ("group", selected.group.name().into()),
            ("key", selected.key.as_str().into()),
            ("limit", (LIST_LIMIT as u32).into()),
        ]);
        self.selected.set(Some(selected));
        self.listing.set(Listing::default());
        leptos::task::spawn_local(async move {
            match engine::call(request).await {
                Ok(json) => self
                    .listing
                    .set(serde_json::from_str(&json).unwrap_or_default()),
                Err(why) => self
                    .export_status
                    .set(format!("Could not list the messages: the engine {why}.")),
            }
        });
    }

    /// Read a message again from its file and show it in the message view.
    pub fn open(self, input: u32, offset: u64, file: String) {
        let request = engine::object(&[
            ("call", "open".into()),
            ("input", input.into()),
            ("offset", (offset as f64).into()),
        ]);
        leptos::task::spawn_local(async move {
            match engine::call(request).await {
                Ok(text) => browser::audit_module::open_in_page(
                    &text,
                    &format!(
                        "A message of the audit, from {file}. “Back to the mailbox audit” returns to it."
                    ),
                ),
                Err(why) => self
                    .export_status
                    .set(format!("Could not open the message: the engine {why}.")),
            }
        });
    }
}

pub(crate) fn use_audit() -> Audit {
    expect_context::<Audit>()
}

/// `12,345`.
pub(crate) fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `42%` of `total` (rounded; `–` when there is nothing to share).
pub(crate) fn share(part: u64, total: u64) -> String {
    percent(part, total).map_or_else(|| "–".into(), |p| format!("{p}%"))
}

/// Mount a fresh audit of `files` (`File`s, or a dropped folder's file-system entries) into
/// `container` (the page's audit pane), replacing the audit shown there before: the entry point
/// of the audit module.
pub fn mount(container: web_sys::HtmlElement, files: js_sys::Array, in_folder: bool) {
    thread_local! {
        static MOUNTED: std::cell::RefCell<Option<leptos::mount::UnmountHandle<<AnyView as leptos::tachys::view::Render>::State>>> =
            const { std::cell::RefCell::new(None) };
    }
    MOUNTED.with(|mounted| {
        // The old view goes first (and with it the old engine's audit).
        mounted.borrow_mut().take();
        container.set_inner_html("");
        browser::audit_module::add_stylesheet(&container);
        let handle = leptos::mount::mount_to(container, move || {
            let audit = Audit::new();
            provide_context(audit);
            // A dropped folder comes as file-system entries, walked here first.
            let entries = files.length() > 0 && !get(&files.get(0), "isDirectory").is_undefined();
            if entries {
                leptos::task::spawn_local(async move {
                    let files = browser::audit_module::files_of_entries(&files).await;
                    audit.start(&files, in_folder);
                });
            } else {
                audit.start(&files, in_folder);
            }
            view! { <AuditView /> }.into_any()
        });
        *mounted.borrow_mut() = Some(handle);
    });
}

/// The audit view.
#[component]
fn AuditView() -> impl IntoView {
    let audit = use_audit();
    let has_regressions = move || audit.digest.with(|d| !d.regressions.is_empty());
    let has_problems = move || audit.digest.with(|d| !d.problems.is_empty());
    view! {
        <section class="audit" aria-labelledby="audit-title" data-testid="audit">
            <h2 id="audit-title">"Mailbox audit: " {move || audit.title.get()}</h2>
            <p class="hint">
                "hoplock audits every message of a mailbox, a folder or several files here in your browser; nothing is uploaded. Paste one message's headers to see a single message again."
            </p>
            <AuditProgress />
            <Show when=move || !audit.failure.with(String::is_empty)>
                <p class="audit-failure" role="alert" data-testid="audit-failure">
                    {move || audit.failure.get()}
                </p>
            </Show>
            <Totals />
            <Show when=has_regressions>
                <Regressions />
            </Show>
            <charts::Charts />
            <tables::GroupTable group=GroupKind::Domain />
            <tables::GroupTable group=GroupKind::Organisation />
            <tables::MessageList />
            <Show when=has_problems>
                <Problems />
            </Show>
            <AuditExports />
        </section>
    }
}

/// Bytes and messages read, speed, time left; cancel.
#[component]
fn AuditProgress() -> impl IntoView {
    let audit = use_audit();
    let running = move || audit.progress.with(|p| !p.finished);
    let words = move || {
        audit.progress.with(|p| {
            // Whole numbers only (no float formatting in the wasm).
            let ms = p.elapsed_ms.max(1);
            let rate = p.messages * 1000 / ms;
            let state = if p.cancelled {
                "Cancelled: the results below are for the part read."
            } else if p.finished {
                "Done."
            } else {
                "Reading…"
            };
            let left = if !p.finished && p.read > 0 && p.total > p.read {
                let left_ms = u128::from(p.total - p.read) * u128::from(ms) / u128::from(p.read);
                format!(" · about {} s left", left_ms.div_ceil(1000))
            } else {
                String::new()
            };
            format!(
                "{state} {} of {} · {} messages · {} messages/s{left}",
                super::words::size_words(p.read),
                super::words::size_words(p.total),
                count(p.messages),
                count(rate)
            )
        })
    };
    view! {
        <div class="audit-progress">
            <progress
                data-testid="audit-progress"
                aria-label="Audit progress"
                max=move || audit.progress.with(|p| p.total.max(1).to_string())
                value=move || audit.progress.with(|p| p.read.to_string())
            ></progress>
            <p role="status" data-testid="audit-status">{words}</p>
            <Show when=running>
                <button
                    type="button"
                    class="button"
                    data-testid="audit-cancel"
                    on:click=move |_| engine::cancel_audit()
                >
                    "Cancel"
                </button>
            </Show>
        </div>
    }
}

/// The totals as tiles.
#[component]
fn Totals() -> impl IntoView {
    let audit = use_audit();
    let tile = move |testid: &'static str,
                     label: &'static str,
                     class: &'static str,
                     pick: fn(&Digest) -> u64| {
        let value = move || audit.digest.with(|d| pick(d));
        let of_all = move || audit.digest.with(|d| share(pick(d), d.messages));
        view! {
            <div class=format!("tile {class}")>
                <span class="tile-value" data-testid=testid>{move || value().to_string()}</span>
                <span class="tile-label">{label}</span>
                <span class="tile-share">{of_all}</span>
            </div>
        }
    };
    let rest = move || {
        audit.digest.with(|d| {
            format!(
                "{} without Received headers, {} not email; {} inputs; {} messages graded weak TLS.",
                count(d.no_hops),
                count(d.unreadable),
                count(d.inputs),
                count(d.weak)
            )
        })
    };
    view! {
        <div class="tiles" role="group" aria-label="Totals">
            {tile("audit-messages", "messages", "", |d| d.messages)}
            {tile("audit-encrypted", "encrypted on every hand-off", "ok", |d| d.mix.encrypted)}
            {tile("audit-not-encrypted", "not encrypted on a hand-off", "bad", |d| d.mix.not_encrypted)}
            {tile("audit-unknown", "not stated", "unk", |d| d.mix.unknown)}
        </div>
        <p class="hint">{rest}</p>
    }
}

/// Domains and organisations that got worse, with the message where it happened.
#[component]
fn Regressions() -> impl IntoView {
    let audit = use_audit();
    view! {
        <section class="regressions" aria-labelledby="regressions-title">
            <h3 id="regressions-title">"Regressions: who used to send with TLS and no longer does"</h3>
            <ul data-testid="audit-regressions">
                <For
                    each=move || audit.digest.with(|d| d.regressions.clone())
                    key=|r| (r.group, r.key.clone(), r.text.clone())
                    let:r
                >
                    <li>
                        <strong>{r.name.clone()}</strong>
                        {format!(" ({}): {}, since {}. ", r.group.name(), r.text, r.month)}
                        {r.input.map(|input| {
                            let file = r.name.clone();
                            view! {
                                <button
                                    type="button"
                                    class="link-button"
                                    on:click=move |_| audit.open(input, r.offset, file.clone())
                                >
                                    "Open that message"
                                </button>
                            }
                        })}
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// What could not be read, counted.
#[component]
fn Problems() -> impl IntoView {
    let audit = use_audit();
    view! {
        <section aria-labelledby="problems-title">
            <h3 id="problems-title">"Input problems"</h3>
            <ul data-testid="audit-problems">
                <For
                    each=move || audit.digest.with(|d| d.problems.clone())
                    key=|p| (p.text.clone(), p.count)
                    let:p
                >
                    <li>
                        {format!("{} × {}", count(p.count), p.text)}
                        {p.first.map(|first| format!(" (first: {first})"))}
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// CSV and JSON of the audit (the command line's `--csv` and `--json`), redacted on request.
#[component]
fn AuditExports() -> impl IntoView {
    let audit = use_audit();
    let save = move |format: &'static str| {
        let redacted = audit.redact.get_untracked();
        let name = format!(
            "hoplock-audit{}.{format}",
            if redacted { "-redacted" } else { "" }
        );
        let request = engine::object(&[
            ("call", "export".into()),
            ("format", format.into()),
            ("redact", redacted.into()),
        ]);
        leptos::task::spawn_local(async move {
            let mime = if format == "csv" {
                "text/csv"
            } else {
                "application/json"
            };
            let saved = match engine::call(request).await {
                Ok(text) => browser::download(&name, mime, &text),
                Err(why) => Err(format!("the engine {why}")),
            };
            audit.export_status.set(match saved {
                Ok(()) => format!("Saved {name}."),
                Err(why) => format!("Could not save: {why}."),
            });
        });
    };
    view! {
        <section class="exports" aria-labelledby="audit-exports-title">
            <h3 id="audit-exports-title">"Export the audit"</h3>
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    data-testid="audit-redact"
                    prop:checked=move || audit.redact.get()
                    on:change:target=move |ev| audit.redact.set(ev.target().checked())
                />
                <span>"Redact exports"</span>
                <span class="hint">" (mask local parts and IP addresses in message ids)"</span>
            </label>
            <div class="export-buttons">
                <button type="button" class="button" data-testid="audit-csv" on:click=move |_| save("csv")>
                    "Download CSV (per domain)"
                </button>
                <button type="button" class="button" data-testid="audit-json" on:click=move |_| save("json")>
                    "Download JSON (everything)"
                </button>
            </div>
            <p class="status" role="status" data-testid="audit-export-status">
                {move || audit.export_status.get()}
            </p>
        </section>
    }
}
