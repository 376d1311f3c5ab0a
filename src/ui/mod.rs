//! The thin Leptos shell: renders the core's report and handles browser I/O.
//!
//! One screen, answer first: the input, the verdict banner, the route (hops grouped by
//! organisation, each opening its detail), the tables, exports and help. The interactive shell
//! (paste box, theme switch) is Leptos; the results are plain data ([`node::El`]) built from the
//! [`Report`] by ordinary functions and turned into DOM by one renderer whenever the report
//! changes: every distinct `view!` shape costs its own monomorphised code in the wasm, and the
//! report is replaced as a whole on each keystroke anyway. Clicks inside the results are handled
//! by one delegated handler (`data-action`). Nothing here parses headers; web-sys is used only
//! through [`browser`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::core::Report;
use crate::core::model::Hop;

mod actions;
pub mod browser;
mod detail;
mod help;
mod input;
mod node;
mod route;
mod tables;
mod verdict;

use browser::charsets::analyze;
use browser::dom;

/// Mount the app into a cleared `#app` (a page saved with "Save page as" must not show it twice).
pub fn mount() {
    let root = browser::app_root();
    browser::report_panics(&root);
    leptos::mount::mount_to(root, App).forget();
}

/// The state of one mounted app, shared by its event handlers (`Rc`). The analysis is a Leptos
/// memo of the text signal ([`ArcMemo`]: reference-counted, so the app's state stays out of the
/// arena, ~0.9 KB gzip less than `Memo`): it is computed once per new text, when something first
/// reads it. The rest is plain cells: what changes on screen is written by [`refresh`] and the handlers
/// themselves, so effects and per-element reactive closures would only add code (~12 KB gzip).
pub(crate) struct State {
    /// The app's root element (`.hoplock`): the DOM updates look their elements up under it
    /// (also inside a shadow root).
    pub root: web_sys::Element,
    /// The pasted (or loaded) header text.
    pub text: ArcRwSignal<String>,
    /// The analysis of `text`. Every new text counts as a change (no `Report` comparison: the
    /// derived one costs ~9 KB of wasm); `new_text` already skips a text equal to the last.
    pub report: ArcMemo<Arc<Report>>,
    /// The hop whose detail is open.
    pub open_hop: RefCell<Option<OpenHop>>,
    /// Mask addresses, local parts and IPs in exports.
    pub redact: Cell<bool>,
    /// Hop table sort: (column, ascending).
    pub sort: Cell<(usize, bool)>,
    /// The last export message.
    pub status: RefCell<String>,
    /// Counts renders of the results, so a deferred part of a stale render is dropped.
    pub render_count: Cell<u32>,
    /// What the answer part of the results was last built from (`None` while the welcome text
    /// is shown): the next render patches only what differs.
    pub answer: RefCell<Option<Vec<node::El>>>,
}

/// An open hop: its index (1-based) and the names of the two servers it joins. After an edit of
/// the text its detail stays open while the hop at that index still joins them (typing does not
/// close it; another message does).
#[derive(PartialEq)]
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

/// A handle on the app's state, cloned into event handlers and tasks.
pub(crate) type Ui = Rc<State>;

/// Whether a results panel (`data-panel`) is open now; `default` when it is not rendered.
fn panel_open(root: &web_sys::Element, name: &str, default: bool) -> bool {
    dom::find(root, &format!("[data-panel={name}]")).map_or(default, |d| dom::is_open(&d))
}

/// Render the whole results area for the current report (or the welcome text). The answer
/// (banner, message, route) is built at once; exports, tables and notes follow in a task of
/// their own, so the verdict is on screen sooner and fast typing skips stale secondary parts.
fn render_results(ui: &Ui, root: &web_sys::Element, shown: bool) {
    {
        let r = ui.report.get_untracked();
        let mut open = ui.open_hop.borrow_mut();
        if open
            .as_ref()
            .is_some_and(|o| !r.hops.iter().any(|h| OpenHop::of(h) == *o))
        {
            *open = None;
        }
    }
    let this_render = ui.render_count.get().wrapping_add(1);
    ui.render_count.set(this_render);
    if !shown {
        ui.answer.replace(None);
        dom::fill(root, &[help::welcome()]);
        return;
    }
    let hops_open = panel_open(root, "hops", false);
    let auth_open = panel_open(root, "auth", true);
    let headers_open = panel_open(root, "headers", false);
    // The last render's exports, tables and notes go; this one appends its own a task later.
    dom::keep_first(root, ui.answer.borrow().as_ref().map_or(0, Vec::len));
    render_answer(ui, root);
    let ui = ui.clone();
    let root = root.clone();
    browser::later(move || {
        if ui.render_count.get() != this_render {
            return;
        }
        let r = ui.report.get_untracked();
        for node in [
            actions::exports(ui.redact.get(), &ui.status.borrow()),
            tables::hops_panel(&r, hops_open, ui.sort.get()),
            tables::auth_panel(&r, auth_open),
            tables::headers_panel(&r, headers_open),
            tables::diagnostics(&r),
        ] {
            dom::append(&root, &node);
        }
    });
}

/// Build the answer (banner, message, the route with the open hop's detail) and patch it into
/// `results` in place of the last one: only what differs changes (opening a hop adds its detail
/// to its row and keeps the row's button, so focus stays on it).
fn render_answer(ui: &Ui, results: &web_sys::Element) {
    let caveats = panel_open(results, "caveats", false);
    let answer = {
        let r = ui.report.get_untracked();
        let open = ui.open_hop.borrow().as_ref().map(|o| o.index);
        let mut nodes = vec![verdict::verdict_banner(&r, caveats)];
        nodes.extend(tables::message_panel(&r));
        nodes.push(route::route(&r.hops, open));
        nodes
    };
    let mut last = ui.answer.borrow_mut();
    dom::patch(results, last.as_deref(), &answer);
    *last = Some(answer);
}

/// Open hop `index` (closing the open one), or close it when it is open and `keep_open` is false.
fn toggle_hop(ui: &Ui, index: usize, keep_open: bool) {
    let open = {
        let r = ui.report.get_untracked();
        let is_open = ui
            .open_hop
            .borrow()
            .as_ref()
            .is_some_and(|o| o.index == index);
        if is_open && !keep_open {
            None
        } else {
            r.hops.iter().find(|h| h.index == index).map(OpenHop::of)
        }
    };
    ui.open_hop.replace(open);
    if let Some(results) = dom::find(&ui.root, "section.results") {
        render_answer(ui, &results);
    }
}

/// Rebuild a lazy table (`hops` in the current sort, or `headers`) with all its rows, when shown.
fn refill_table(ui: &Ui, root: &web_sys::Element, name: &str) {
    let Some(table) = dom::find(root, &format!("[data-testid={name}-table]")) else {
        return;
    };
    let r = ui.report.get_untracked();
    let new = match name {
        "hops" => tables::hops_table(&r, true, ui.sort.get()),
        "headers" => tables::headers_table(&r, true),
        _ => return,
    };
    dom::replace(&table, &new);
}

/// The one click handler of the results area (`data-action` / `data-arg`).
fn on_results_click(ui: &Ui, target: web_sys::Element, action: &str, arg: &str) {
    let root = &ui.root;
    let number = arg.parse::<usize>().unwrap_or(0);
    match action {
        "hop" => toggle_hop(ui, number, false),
        "show-hop" => {
            toggle_hop(ui, number, true);
            if let Some(button) = dom::find(root, &format!("#hop-{number}")) {
                dom::focus(&button, true);
            }
        }
        "sort" => {
            let (column, ascending) = ui.sort.get();
            ui.sort.set(if column == number {
                (column, !ascending)
            } else {
                (number, true)
            });
            refill_table(ui, root, "hops");
            if let Some(button) = dom::find(root, &format!("[data-testid=sort-{number}]")) {
                dom::focus(&button, false);
            }
        }
        "panel" => {
            // The summary was activated: the <details> opens after this click. Fill a lazy table.
            if target.parent_element().is_some_and(|d| !dom::is_open(&d)) {
                refill_table(ui, root, arg);
            }
        }
        "redact" => ui.redact.set(dom::is_checked(&target)),
        _ => actions::run(ui, action),
    }
}

/// System / light / dark, remembered for this page only.
fn set_theme(root: &web_sys::Element, value: &str) {
    dom::set_attr(root, "data-theme", value);
    browser::set_document_theme(value);
    for (id, theme) in [("system", ""), ("light", "light"), ("dark", "dark")] {
        if let Some(button) = dom::find(root, &format!("[data-testid=theme-{id}]")) {
            let pressed = if theme == value { "true" } else { "false" };
            dom::set_attr(&button, "aria-pressed", pressed);
        }
    }
}

/// The one click handler of the app (`data-action` / `data-arg`).
fn on_click(ui: &Ui, ev: &web_sys::Event) {
    let Some((target, action, arg)) = dom::action_of(ev) else {
        return;
    };
    match action.as_str() {
        "clear" => input::clear(ui),
        "theme" => set_theme(&ui.root, &arg),
        _ => on_results_click(ui, target, &action, &arg),
    }
}

/// Take a new text: unless it is the text already shown, set it and render its analysis.
/// (The text is compared, not the report: a derived `Report` comparison costs ~9 KB of wasm; an
/// edit that changes the text but not its analysis renders the same results again.)
pub(crate) fn new_text(ui: &Ui, text: String) {
    if ui.text.with_untracked(|shown| *shown == text) {
        return;
    }
    ui.text.set(text);
    refresh(ui);
}

/// Render the analysis of the text (the memo computes it here, on first read after a change),
/// the results and the counts beside the input.
fn refresh(ui: &Ui) {
    let shown = ui.text.with_untracked(|text| !text.trim().is_empty());
    let root = &ui.root;
    if let Some(results) = dom::find(root, "section.results") {
        render_results(ui, &results, shown);
    }
    let (stats, summary) = {
        let r = ui.report.get_untracked();
        (input::stats(&r), r.summary.text.clone())
    };
    if let Some(line) = dom::find(root, ".stats") {
        dom::set_text(&line, Some(&stats));
    }
    if let Some(line) = dom::find(root, "[data-testid=verdict-announce]") {
        dom::set_text(&line, Some(if shown { summary.as_str() } else { "" }));
    }
}

/// The app's events, each handled by one listener on the root (`data-action`, ids).
const EVENTS: &[&str] = &[
    "click",
    "input",
    "change",
    "paste",
    "dragenter",
    "dragover",
    "dragleave",
    "drop",
];

/// Start the app on its root element, while Leptos builds it: the listeners now (no event can
/// come before the children exist), the examples and the first render once the children are
/// mounted.
fn start(root: &web_sys::Element) {
    let text = ArcRwSignal::new(String::new());
    let source = text.clone();
    let ui: Ui = Rc::new(State {
        root: root.clone(),
        text,
        report: ArcMemo::new_with_compare(
            move |_| Arc::new(source.with(|t| analyze(t))),
            |_, _| true,
        ),
        open_hop: RefCell::new(None),
        redact: Cell::new(false),
        sort: Cell::new((0, true)),
        status: RefCell::new(String::new()),
        render_count: Cell::new(0),
        answer: RefCell::new(None),
    });
    let handler = ui.clone();
    browser::listen(root, EVENTS, move |kind, ev| match kind {
        "click" => on_click(&handler, ev),
        "input" => input::on_input(&handler, ev),
        "change" => input::on_change(&handler, ev),
        "paste" => input::on_paste(&handler, ev),
        _ => input::on_drag(&handler, ev, kind),
    });
    browser::soon(move || {
        let root = &ui.root;
        if let Some(select) = dom::find(root, "[data-testid=examples]") {
            for option in input::example_options() {
                dom::append(&select, &option);
            }
        }
        refresh(&ui);
    });
}

/// Leptos hands the root element here as it builds it (`node_ref`), before its children.
#[derive(Clone, Copy)]
struct Start;

impl leptos::tachys::html::node_ref::NodeRefContainer<leptos::html::Div> for Start {
    fn load(self, el: &web_sys::Element) {
        start(el);
    }
}

/// The whole page: static markup (Leptos renders it from one HTML string); events are handled
/// by one listener per kind on the root, and what changes is written by [`refresh`] and the
/// input functions: no reactive closures to compile.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="hoplock" data-theme="" node_ref=Start>
            <header class="top">
                <div class="brand">
                    <h1>"hoplock"</h1>
                    <p class="tagline">"Was this email sent with TLS? Hop by hop, from the Received headers. Nothing leaves your browser."</p>
                </div>
                <div class="theme-switch" role="group" aria-label="Colour theme">
                    <button type="button" data-testid="theme-system" aria-pressed="true" data-action="theme" data-arg="">"System"</button>
                    <button type="button" data-testid="theme-light" aria-pressed="false" data-action="theme" data-arg="light">"Light"</button>
                    <button type="button" data-testid="theme-dark" aria-pressed="false" data-action="theme" data-arg="dark">"Dark"</button>
                </div>
            </header>
            <main class="layout">
                <section class="input" aria-labelledby="input-title">
                    <h2 id="input-title" class="visually-hidden">"Input"</h2>
                    <div class="dropzone" data-testid="dropzone">
                        <label for="headers" class="input-label">"Paste the raw headers of a message, or drop an .eml, .txt or Outlook .msg file here"</label>
                        <textarea
                            id="headers"
                            data-testid="headers"
                            rows="14"
                            spellcheck="false"
                            autocomplete="off"
                            aria-describedby="input-help"
                            placeholder="Received: from mail.example.org (mail.example.org [192.0.2.1])\n        by mx.example.com with ESMTPS id …"
                        ></textarea>
                        <p id="input-help" class="hint">
                            "Analysed as you type; nothing is uploaded. "
                            <a href="#help-get-headers">"How to get the headers"</a>
                        </p>
                    </div>
                    <div class="input-tools">
                        <label class="button file-button">
                            "Open a file…"
                            <input type="file" class="visually-hidden" data-testid="file" accept=".eml,.txt,.msg,message/rfc822,text/plain,application/vnd.ms-outlook"/>
                        </label>
                        <label class="example-picker">
                            <span>"Try an example"</span>
                            <select data-testid="examples">
                                <option value="">"Choose a real message…"</option>
                            </select>
                        </label>
                        <button type="button" class="button" data-testid="clear" data-action="clear">"Clear"</button>
                        <span class="stats" aria-live="polite"></span>
                    </div>
                    <p class="file-note" data-testid="file-note" role="status"></p>
                </section>
                <section class="results" aria-label="Analysis"></section>
                <p class="visually-hidden" role="status" data-testid="verdict-announce"></p>
            </main>
            <div class="help-host">
                <section class="help" aria-labelledby="help-title">
                    <h2 id="help-title">"Help"</h2>
                    <details class="panel" id="help-get-headers" data-testid="help-get-headers">
                        <summary><h3>"How to get the raw headers"</h3></summary>
                        <p>"You need the full header block, not only From, To and Subject. Whatever you paste stays in this page: nothing is sent anywhere."</p>
                        <div class="help-grid">
                            <div class="help-card">
                                <h4>"Gmail (web)"</h4>
                                <ol>
                                    <li>"Open the message."</li>
                                    <li>"Select the three-dot menu (More) next to Reply."</li>
                                    <li>"Choose “Show original”. A new tab shows the whole message; use “Copy to clipboard”, or copy everything above the first empty line."</li>
                                </ol>
                            </div>
                            <div class="help-card">
                                <h4>"Outlook for Windows (desktop)"</h4>
                                <ol>
                                    <li>"Open the message in its own window (double-click it)."</li>
                                    <li>"Choose File › Properties."</li>
                                    <li>"The box “Internet headers” holds them: click inside, press Ctrl+A, then Ctrl+C."</li>
                                    <li>"Or save the message as an Outlook .msg file and drop it here."</li>
                                </ol>
                            </div>
                            <div class="help-card">
                                <h4>"Outlook on the web and new Outlook"</h4>
                                <ol>
                                    <li>"Open the message."</li>
                                    <li>"Select the three-dot menu (More actions) at the top right of the message."</li>
                                    <li>"Choose View › View message details (or “View message source”) and copy the text."</li>
                                </ol>
                            </div>
                            <div class="help-card">
                                <h4>"Outlook mobile (iOS and Android)"</h4>
                                <ol>
                                    <li>"The apps do not show headers. Forward the message to yourself as an attachment from a computer, or open it in Outlook on the web on the phone's browser and use the steps above."</li>
                                </ol>
                            </div>
                            <div class="help-card">
                                <h4>"Apple Mail (Mac)"</h4>
                                <ol>
                                    <li>"Select the message."</li>
                                    <li>"Choose View › Message › Raw Source (Option+Command+U)."</li>
                                    <li>"Copy the top part, up to the first empty line. Or drag the message to the desktop to get an .eml file and drop that here."</li>
                                </ol>
                            </div>
                            <div class="help-card">
                                <h4>"Thunderbird"</h4>
                                <ol>
                                    <li>"Select the message."</li>
                                    <li>"Choose View › Message Source (Ctrl+U), or More › View Source."</li>
                                    <li>"Copy everything, or use File › Save As to get an .eml file and drop it here."</li>
                                </ol>
                            </div>
                            <div class="help-card">
                                <h4>"Yahoo Mail (web)"</h4>
                                <ol>
                                    <li>"Open the message."</li>
                                    <li>"Select the three-dot menu (More) in the toolbar."</li>
                                    <li>"Choose “View raw message” and copy the text."</li>
                                </ol>
                            </div>
                        </div>
                    </details>
                    <details class="panel" id="help-read" data-testid="help-read">
                        <summary><h3>"How to read this"</h3></summary>
                        <h4>"What a hop is"</h4>
                        <p>"A message travels from server to server. Each receiving server writes a Received line on top of the others, so the lowest line is the oldest. hoplock turns them around: hop 1 is the sender's side, the last hop is your mailbox."</p>
                        <h4>"What TLS means here"</h4>
                        <p>"TLS encrypts the connection between two servers, like the padlock in a browser. It protects the message on the wire between those two machines. It is not end-to-end encryption: every server along the way can read the message."</p>
                        <h4>"Which hops matter"</h4>
                        <p>"Hand-offs between organisations cross the public Internet, so those are the ones that should be encrypted. Steps inside one organisation (between its own servers, or between programs on one machine) are marked internal: they usually stay on a private network. Recorded TLS is still shown for them."</p>
                        <h4>"Why silence is not proof"</h4>
                        <p>"A server only writes what its software is set up to write. Many note the protocol (ESMTPS means TLS was used) or the cipher, but some note nothing at all. When a line says nothing, hoplock says “not recorded” instead of guessing, unless the server's software is known to always mark TLS; then the missing mark is reported as a named inference."</p>
                        <h4>"What the lines can and cannot prove"</h4>
                        <p>"Lines written by your own provider are trustworthy. Lines further down were written by servers you do not control and could be invented by a sender. The caveats under the verdict list what the answer depends on."</p>
                        <h4>"Icons"</h4>
                        <ul class="legend">
                            <li>"Closed lock: the receiving server recorded TLS."</li>
                            <li>"Open lock: recorded (or reliably implied) without TLS."</li>
                            <li>"Question mark: the server did not record it."</li>
                            <li>"Building: an internal step inside one organisation or one machine."</li>
                        </ul>
                    </details>
                </section>
            </div>
        </div>
    }
}
