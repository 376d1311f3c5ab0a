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

use leptos::prelude::*;

use crate::core::Report;

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
    console_error_panic_hook::set_once();
    let root = browser::app_root();
    leptos::mount::mount_to(root, App).forget();
}

/// The app's state (all fields are `Copy` handles). Only the text and its report are reactive;
/// the rest is read when an event or a render needs it.
#[derive(Clone, Copy)]
pub(crate) struct Ui {
    /// The pasted (or loaded) header text; the analysis is a memo of it.
    pub text: RwSignal<String>,
    pub report: Memo<Report>,
    /// The hop whose detail is open (1-based hop index).
    pub open_hop: StoredValue<Option<usize>>,
    /// Mask addresses, local parts and IPs in exports.
    pub redact: StoredValue<bool>,
    /// The app's root element (`.hoplock`), once mounted: the DOM updates outside the results
    /// (paste box, notes, theme) look their elements up under it (also inside a shadow root).
    pub root: StoredValue<Option<web_sys::Element>, LocalStorage>,
    /// Hop table sort: (column, ascending).
    pub sort: StoredValue<(usize, bool)>,
    /// The last export message.
    pub status: StoredValue<String>,
    /// Counts renders of the results, so a deferred part of a stale render is dropped.
    pub render_count: StoredValue<u32>,
    /// What the answer part of the results was last built from (`None` after a direct DOM
    /// change such as opening a hop): the next render patches only what differs.
    pub answer: StoredValue<Option<Vec<node::El>>>,
}

/// Whether a results panel (`data-panel`) is open now; `default` when it is not rendered.
fn panel_open(root: &web_sys::Element, name: &str, default: bool) -> bool {
    dom::find(root, &format!("[data-panel={name}]")).map_or(default, |d| dom::is_open(&d))
}

/// Render the whole results area for the current report (or the welcome text). The answer
/// (banner, message, route) is built at once; exports, tables and notes follow in a task of
/// their own, so the verdict is on screen sooner and fast typing skips stale secondary parts.
fn render_results(ui: Ui, root: &web_sys::Element, shown: bool) {
    ui.open_hop.set_value(None);
    ui.render_count.update_value(|n| *n = n.wrapping_add(1));
    if !shown {
        ui.answer.set_value(None);
        dom::fill(root, &[help::welcome()]);
        return;
    }
    let caveats = panel_open(root, "caveats", false);
    let hops_open = panel_open(root, "hops", false);
    let auth_open = panel_open(root, "auth", true);
    let headers_open = panel_open(root, "headers", false);
    let answer = ui.report.with(|r| {
        let mut nodes = vec![verdict::verdict_banner(r, caveats)];
        nodes.extend(tables::message_panel(r));
        nodes.push(route::route(&r.hops));
        nodes
    });
    ui.answer.update_value(|last| {
        dom::patch(root, last.as_deref(), &answer);
        *last = Some(answer);
    });
    let this_render = ui.render_count.get_value();
    let root = root.clone();
    set_timeout(
        move || {
            if ui.render_count.get_value() != this_render {
                return;
            }
            let redact = ui.redact.get_value();
            let sort = ui.sort.get_value();
            ui.report.with_untracked(|r| {
                for node in [
                    ui.status.with_value(|s| actions::exports(redact, s)),
                    tables::hops_panel(r, hops_open, sort),
                    tables::auth_panel(r, auth_open),
                    tables::headers_panel(r, headers_open),
                    tables::diagnostics(r),
                ] {
                    dom::append(&root, &node);
                }
            });
        },
        std::time::Duration::ZERO,
    );
}

/// Open hop `index` (closing the open one), or close it when it is open: only those two rows
/// change, so focus stays on the button.
fn toggle_hop(ui: Ui, root: &web_sys::Element, index: usize, keep_open: bool) {
    let before = ui.open_hop.get_value();
    let after = if before == Some(index) && !keep_open {
        None
    } else {
        Some(index)
    };
    if before == after {
        return;
    }
    ui.open_hop.set_value(after);
    ui.answer.set_value(None);
    ui.report.with_untracked(|r| {
        for (which, open) in [(before, false), (after, true)] {
            let Some(hop) = which.and_then(|i| r.hops.iter().find(|h| h.index == i)) else {
                continue;
            };
            let selector = format!("[data-testid=hop-row][data-hop-index=\"{}\"]", hop.index);
            let Some(row) = dom::find(root, &selector) else {
                continue;
            };
            dom::set_attr(&row, "class", &route::row_class(hop, open));
            if let Some(button) = dom::find(&row, ".hop-main") {
                dom::set_attr(
                    &button,
                    "aria-expanded",
                    if open { "true" } else { "false" },
                );
            }
            if open {
                dom::append(&row, &detail::hop_detail(hop));
            } else if let Some(d) = dom::find(&row, ".hop-detail") {
                dom::remove(&d);
            }
        }
    });
}

/// Rebuild a lazy table (`hops` in the current sort, or `headers`) with all its rows, when shown.
fn refill_table(ui: Ui, root: &web_sys::Element, name: &str) {
    let Some(table) = dom::find(root, &format!("[data-testid={name}-table]")) else {
        return;
    };
    let new = ui.report.with_untracked(|r| match name {
        "hops" => Some(tables::hops_table(r, true, ui.sort.get_value())),
        "headers" => Some(tables::headers_table(r, true)),
        _ => None,
    });
    if let Some(new) = new {
        dom::replace(&table, &new);
    }
}

/// The one click handler of the results area (`data-action` / `data-arg`).
fn on_results_click(ui: Ui, root: web_sys::Element, ev: &web_sys::Event) {
    let Some((target, action, arg)) = dom::action_of(ev) else {
        return;
    };
    let number = arg.parse::<usize>().unwrap_or(0);
    match action.as_str() {
        "hop" => toggle_hop(ui, &root, number, false),
        "show-hop" => {
            toggle_hop(ui, &root, number, true);
            if let Some(button) = dom::find(&root, &format!("#hop-{number}")) {
                dom::focus(&button, true);
            }
        }
        "sort" => {
            ui.sort.update_value(|(column, ascending)| {
                if *column == number {
                    *ascending = !*ascending
                } else {
                    *column = number;
                    *ascending = true
                }
            });
            refill_table(ui, &root, "hops");
            if let Some(button) = dom::find(&root, &format!("[data-testid=sort-{number}]")) {
                dom::focus(&button, false);
            }
        }
        "panel" => {
            // The summary was activated: the <details> opens after this click. Fill a lazy table.
            if target.parent_element().is_some_and(|d| !dom::is_open(&d)) {
                refill_table(ui, &root, &arg);
            }
        }
        "redact" => ui.redact.set_value(dom::is_checked(&target)),
        _ => actions::run(ui, &action, move |message: String| {
            if let Some(line) = dom::find(&root, "[data-testid=export-status]") {
                dom::set_text(&line, Some(&message));
            }
            ui.status.set_value(message);
        }),
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
fn on_click(ui: Ui, root: web_sys::Element, ev: &web_sys::Event) {
    match dom::action_of(ev) {
        Some((_, action, _)) if action == "clear" => input::clear(ui),
        Some((_, action, arg)) if action == "theme" => set_theme(&root, &arg),
        _ => on_results_click(ui, root, ev),
    }
}

/// The whole page. The shell is static markup; events are handled by one listener per kind on
/// the root (`data-action`, ids), and what changes is written by [`render_results`] and the
/// input functions: no per-element reactive closures to compile.
#[component]
pub fn App() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let ui = Ui {
        text,
        report: Memo::new(move |_| text.with(|t| analyze(t.as_bytes()))),
        open_hop: StoredValue::new(None),
        redact: StoredValue::new(false),
        root: StoredValue::new_local(None),
        sort: StoredValue::new((0, true)),
        status: StoredValue::new(String::new()),
        render_count: StoredValue::new(0),
        answer: StoredValue::new(None),
    };
    let has_text = Memo::new(move |_| text.with(|t| !t.trim().is_empty()));
    let root_ref = NodeRef::<leptos::html::Div>::new();
    // Re-render the results (and the counts beside the input) when the report changes.
    Effect::new(move |_| {
        let shown = has_text.get();
        ui.report.track();
        let Some(root) = root_ref.get() else {
            return;
        };
        let root: web_sys::Element = root.into();
        if ui.root.with_value(Option::is_none) {
            ui.root.set_value(Some(root.clone()));
            if let Some(host) = dom::find(&root, ".help-host") {
                dom::fill(&host, &[help::help()]);
            }
            if let Some(select) = dom::find(&root, "[data-testid=examples]") {
                for option in input::example_options() {
                    dom::append(&select, &option);
                }
            }
        }
        if let Some(results) = dom::find(&root, "section.results") {
            render_results(ui, &results, shown);
        }
        let (stats, summary) = ui
            .report
            .with(|r| (input::stats(r), r.summary.text.clone()));
        if let Some(line) = dom::find(&root, ".stats") {
            dom::set_text(&line, Some(&stats));
        }
        if let Some(line) = dom::find(&root, "[data-testid=verdict-announce]") {
            dom::set_text(&line, Some(if shown { summary.as_str() } else { "" }));
        }
    });
    let root_of = move || root_ref.get_untracked().map(web_sys::Element::from);
    view! {
        <div
            class="hoplock"
            data-theme=""
            node_ref=root_ref
            on:click=move |ev| {
                if let Some(root) = root_of() {
                    on_click(ui, root, &ev);
                }
            }
            on:input=move |ev| input::on_input(ui, &ev)
            on:change=move |ev| input::on_change(ui, &ev)
            on:paste=move |ev| input::on_paste(ui, &ev)
            on:dragenter=move |ev| input::on_drag(ui, &ev, "enter")
            on:dragover=move |ev| input::on_drag(ui, &ev, "over")
            on:dragleave=move |ev| input::on_drag(ui, &ev, "leave")
            on:drop=move |ev| input::on_drag(ui, &ev, "drop")
        >
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
            <div class="help-host"></div>
        </div>
    }
}
