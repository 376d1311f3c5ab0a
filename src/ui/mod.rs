//! The web app: Leptos components over the core's report. Nothing here parses headers; web APIs
//! (files, clipboard, downloads, the engine worker, the audit module, embedding) are used only through
//! [`browser`].
//!
//! State lives in one [`Ui`] in context: the pasted text (a signal), its analysis (a memo, so
//! views update only when the report really changed), the open hop, the table sort, the
//! redaction switch and the status lines. Components, one per concept:
//!
//! ```text
//! App ─┬─ ThemeSwitch
//!      ├─ InputPanel (paste box, file and folder pickers, examples, clear, counts, file note)
//!      ├─ Results ── Welcome | VerdictBanner (Caveats), MessagePanel,
//!      │             Route ─ OrgGroup ─ HopRow ─ HopDetail,
//!      │             ExportBar, HopsTable, AuthPanel, HeadersPanel, Diagnostics
//!      │   or AuditPane (a mailbox, a folder, many files: the audit module's view, `audit`,
//!      │   loaded on demand by `audit_host`), BackToAudit
//!      └─ Help
//! ```

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use crate::core::Report;
use crate::core::model::Hop;

pub mod audit;
mod audit_host;
pub mod browser;
mod detail;
mod export;
mod help;
mod icon;
mod input;
mod route;
mod tables;
mod theme;
mod verdict;
mod words;

/// Mount the app into a cleared `#app` (a page saved with "Save page as" must not show it twice).
pub fn mount() {
    leptos::mount::mount_to(browser::app_root(), App).forget();
}

/// An open hop: its index (1-based) and the names of the two servers it joins. After an edit of
/// the text its detail stays open while the hop at that index still joins them (typing does not
/// close it; another message does).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OpenHop {
    index: usize,
    servers: [Option<String>; 2],
}

impl OpenHop {
    fn of(hop: &Hop) -> Self {
        OpenHop {
            index: hop.index,
            servers: [hop.line.from_host.clone(), hop.line.by_host.clone()],
        }
    }
}

/// The hop table's order: a column (of [`tables::COLUMNS`]) and the direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sort {
    pub column: usize,
    pub ascending: bool,
}

/// The app's state, provided as context by [`App`] (all fields are `Copy` handles).
#[derive(Clone, Copy)]
pub(crate) struct Ui {
    /// The pasted (or loaded) header text.
    pub text: RwSignal<String>,
    /// The analysis of `text`, computed once per new text; views are notified only when the
    /// report differs from the last one.
    pub report: Memo<Arc<Report>>,
    /// The report's hops with their revisions (see [`Revised`]).
    pub hops: Memo<Vec<Revised>>,
    /// Whether there is anything to analyse (else the welcome text is shown).
    pub shown: Memo<bool>,
    /// The hop whose detail is open.
    pub open_hop: RwSignal<Option<OpenHop>>,
    /// A hop whose button should take the focus (set by "Show hop N"; taken by its row).
    pub focus_hop: RwSignal<Option<usize>>,
    /// Hop table order.
    pub sort: RwSignal<Sort>,
    /// Mask addresses, local parts and IPs in exports.
    pub redact: RwSignal<bool>,
    /// The outcome of the last export.
    pub export_status: RwSignal<String>,
    /// The note under the input (file read, cut paste, example chosen).
    pub note: RwSignal<String>,
    /// The mailbox audit's pane is on screen instead of the message view (`audit_host`); any
    /// new text brings the message view back.
    pub audit_shown: RwSignal<bool>,
    /// The paste box: the program writes into it only when the text comes from elsewhere
    /// (typing sets the signal, and a keystroke never copies the text back).
    pub textarea: NodeRef<html::Textarea>,
}

impl Ui {
    fn new() -> Self {
        let text = RwSignal::new(String::new());
        let report = Memo::new(move |_| Arc::new(text.with(|t| browser::charsets::analyze(t))));
        Ui {
            text,
            report,
            hops: Memo::new(move |last| report.with(|r| revise(last, r))),
            shown: Memo::new(move |_| text.with(|t| !t.trim().is_empty())),
            open_hop: RwSignal::new(None),
            focus_hop: RwSignal::new(None),
            sort: RwSignal::new(Sort {
                column: 0,
                ascending: true,
            }),
            redact: RwSignal::new(false),
            export_status: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
            audit_shown: RwSignal::new(false),
            textarea: NodeRef::new(),
        }
    }

    /// Take a new text (typed, or put in the box by [`Ui::put_text`]). An open hop detail stays
    /// open while its hop still joins the same two servers.
    pub fn take_text(self, text: String) {
        if self.text.with_untracked(|shown| *shown == text) {
            return;
        }
        self.text.set(text);
        self.audit_shown.set(false);
        let Some(open) = self.open_hop.get_untracked() else {
            return;
        };
        let still_there = self
            .report
            .with_untracked(|r| r.hops.iter().any(|h| OpenHop::of(h) == open));
        if !still_there {
            self.open_hop.set(None);
        }
    }

    /// Put text in the paste box from the program (example, file, clear, a cut paste).
    pub fn put_text(self, text: String) {
        if let Some(textarea) = self.textarea.get_untracked() {
            textarea.set_value(&text);
        }
        self.take_text(text);
    }

    /// Open hop `index` (closing the open one), or close it when it is the open one.
    pub fn toggle_hop(self, index: usize) {
        self.open_hop.set(if self.is_open_untracked(index) {
            None
        } else {
            self.report
                .with_untracked(|r| r.hops.iter().find(|h| h.index == index).map(OpenHop::of))
        });
    }

    /// Open hop `index` and move the focus to it ("Show hop N" in the banner).
    pub fn show_hop(self, index: usize) {
        if !self.is_open_untracked(index) {
            self.toggle_hop(index);
        }
        self.focus_hop.set(Some(index));
    }

    /// Whether hop `index` is open (tracked: a view reading this follows the open hop).
    pub fn is_open(self, index: usize) -> bool {
        self.open_hop
            .with(|open| open.as_ref().is_some_and(|o| o.index == index))
    }

    fn is_open_untracked(self, index: usize) -> bool {
        self.open_hop
            .with_untracked(|open| open.as_ref().is_some_and(|o| o.index == index))
    }
}

/// A hop of the report with its revision: a number that changes exactly when the hop does. Rows
/// of the route and of the hop table are keyed by `(index, revision)`, so typing elsewhere in
/// the headers leaves a row (and the focus on its button) alone, and a hop that changed gets a
/// freshly built row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Revised {
    pub hop: Arc<Hop>,
    pub revision: u64,
}

impl Revised {
    /// The key of this hop's rows.
    pub fn key(&self) -> (usize, u64) {
        (self.hop.index, self.revision)
    }
}

/// The hops of `report`, each keeping its revision from `last` when it is unchanged and getting
/// a new one otherwise.
fn revise(last: Option<&Vec<Revised>>, report: &Report) -> Vec<Revised> {
    let last = last.map_or(&[][..], Vec::as_slice);
    let mut next = last.iter().map(|r| r.revision + 1).max().unwrap_or(0);
    report
        .hops
        .iter()
        .map(|hop| match last.iter().find(|r| *r.hop == *hop) {
            Some(same) => same.clone(),
            None => {
                next += 1;
                Revised {
                    hop: Arc::new(hop.clone()),
                    revision: next,
                }
            }
        })
        .collect()
}

/// The app's state, from context.
pub(crate) fn use_ui() -> Ui {
    expect_context::<Ui>()
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ui = Ui::new();
    provide_context(ui);
    provide_context(audit_host::AuditHost::new(ui));
    let theme = RwSignal::new("");
    let announce = move || {
        if ui.shown.get() {
            ui.report.with(|r| r.summary.text.clone())
        } else {
            String::new()
        }
    };
    view! {
        <div class="hoplock" data-theme=move || theme.get()>
            <header class="top">
                <div class="brand">
                    <h1>"hoplock"</h1>
                    <p class="tagline">"Was this email sent with TLS? Hop by hop, from the Received headers. Nothing leaves your browser."</p>
                </div>
                <theme::ThemeSwitch theme />
            </header>
            <main class="layout">
                <input::InputPanel />
                <section
                    class="results"
                    aria-label="Analysis"
                    data-audit=move || ui.audit_shown.get().then_some("")
                >
                    <audit_host::AuditPane />
                    <Show when=move || ui.shown.get() fallback=help::Welcome>
                        <Results />
                    </Show>
                </section>
                <p class="visually-hidden" role="status" data-testid="verdict-announce">
                    {announce}
                </p>
            </main>
            <help::Help />
        </div>
    }
}

/// The analysis of a non-empty text: the answer first, then exports, tables and notes.
#[component]
fn Results() -> impl IntoView {
    view! {
        <verdict::VerdictBanner />
        <tables::MessagePanel />
        <route::Route />
        <export::ExportBar />
        <tables::HopsTable />
        <tables::AuthPanel />
        <tables::HeadersPanel />
        <tables::Diagnostics />
    }
}
