//! The thin Leptos shell: renders the core's report and handles browser I/O.
//!
//! One screen, answer first: the input, the verdict banner, the route (hops grouped by
//! organisation, each opening its detail), the tables, exports and help. Every component is a
//! plain non-generic function (generic components are monomorphised per use: size). Shared state
//! lives in one `Copy` [`Ui`] passed through context. Nothing here parses headers: the core's
//! [`Report`] is rendered as it is, and web-sys is used only through [`browser`].

use leptos::prelude::*;

use crate::core::{Report, analyze};

mod actions;
pub mod browser;
mod detail;
mod help;
mod input;
mod route;
mod tables;
mod verdict;

/// Mount the app into a cleared `#app` (a page saved with "Save page as" must not show it twice).
pub fn mount() {
    console_error_panic_hook::set_once();
    let root = browser::app_root();
    leptos::mount::mount_to(root, App).forget();
}

/// State every component can read (all fields are `Copy` signal handles).
#[derive(Clone, Copy)]
pub(crate) struct Ui {
    /// The pasted (or loaded) header text; the analysis is a memo of it.
    pub text: RwSignal<String>,
    pub report: Memo<Report>,
    /// The hop whose detail is open (1-based hop index).
    pub open_hop: RwSignal<Option<usize>>,
    /// A note about the last loaded file ("read the first 512 KB of a 50 MB file").
    pub file_note: RwSignal<Option<String>>,
    /// Mask addresses, local parts and IPs in exports.
    pub redact: RwSignal<bool>,
    /// `""` (follow the system), `light` or `dark`.
    pub theme: RwSignal<String>,
}

pub(crate) fn ui() -> Ui {
    use_context::<Ui>().expect("the App provides Ui")
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let ui = Ui {
        text,
        report: Memo::new(move |_| text.with(|t| analyze(t.as_bytes()))),
        open_hop: RwSignal::new(None),
        file_note: RwSignal::new(None),
        redact: RwSignal::new(false),
        theme: RwSignal::new(String::new()),
    };
    provide_context(ui);
    // A new input closes a detail that may no longer exist.
    Effect::new(move |_| {
        text.track();
        ui.open_hop.set(None);
    });
    let has_text = move || text.with(|t| !t.trim().is_empty());
    view! {
        <div class="hoplock" data-theme=move || ui.theme.get()>
            <header class="top">
                <div class="brand">
                    <h1>"hoplock"</h1>
                    <p class="tagline">"Was this email sent with TLS? Hop by hop, from the Received headers. Nothing leaves your browser."</p>
                </div>
                <ThemeSwitch/>
            </header>
            <main class="layout">
                <input::InputPanel/>
                <section class="results" aria-label="Analysis">
                    <Show when=has_text fallback=help::Welcome>
                        <verdict::VerdictBanner/>
                        <tables::MessagePanel/>
                        <route::Route/>
                        <actions::Exports/>
                        <tables::HopsTable/>
                        <tables::AuthTable/>
                        <tables::HeadersTable/>
                        <tables::Diagnostics/>
                    </Show>
                </section>
            </main>
            <help::Help/>
        </div>
    }
}

/// System / light / dark, remembered for this page only.
#[component]
fn ThemeSwitch() -> impl IntoView {
    let ui = ui();
    let choose = move |value: &'static str| {
        move |_| {
            ui.theme.set(value.to_string());
            browser::set_document_theme(value);
        }
    };
    let pressed = move |value: &'static str| {
        move || {
            if ui.theme.get() == value {
                "true"
            } else {
                "false"
            }
        }
    };
    view! {
        <div class="theme-switch" role="group" aria-label="Colour theme">
            <button type="button" data-testid="theme-system" aria-pressed=pressed("") on:click=choose("")>"System"</button>
            <button type="button" data-testid="theme-light" aria-pressed=pressed("light") on:click=choose("light")>"Light"</button>
            <button type="button" data-testid="theme-dark" aria-pressed=pressed("dark") on:click=choose("dark")>"Dark"</button>
        </div>
    }
}
