//! The thin Leptos shell: renders the core's report and handles browser I/O.
//! (Skeleton: to be completed by the web-app issue.)

use leptos::prelude::*;

use crate::core::analyze;

/// Mount the app into a cleared `#app` (a page saved with "Save page as" must not show it twice).
pub fn mount() {
    console_error_panic_hook::set_once();
    let root = browser::app_root();
    leptos::mount::mount_to(root, App).forget();
}

pub mod browser;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let report = Memo::new(move |_| text.with(|t| analyze(t.as_bytes())));
    view! {
        <main class="hoplock">
            <h1>"hoplock"</h1>
            <label for="headers">"Paste the raw headers of a message"</label>
            <textarea id="headers" data-testid="headers" bind:value=text rows="12"></textarea>
            <p data-testid="verdict" data-verdict=move || report.with(|r| r.summary.verdict.clone())>{move || report.with(|r| r.summary.text.clone())}</p>
            <table>
                <thead><tr><th>"#"</th><th>"from"</th><th>"by"</th><th>"with"</th><th>"TLS recorded"</th></tr></thead>
                <tbody>
                    {move || report.with(|r| r.hops.iter().map(|h| {
                        let tls = match h.line.tls.tls { Some(true) => "yes", Some(false) => "no", None => "not stated" };
                        view! { <tr data-testid="hop-row" data-hop-index=h.index>
                            <td>{h.index}</td>
                            <td data-testid="hop-from">{h.line.from_host.clone().unwrap_or_default()}</td>
                            <td data-testid="hop-by">{h.line.by_host.clone().unwrap_or_default()}</td>
                            <td data-testid="hop-with">{h.line.with.clone().unwrap_or_default()}</td>
                            <td data-testid="hop-tls">{tls}</td>
                            <td data-testid="hop-verdict" data-verdict=h.assessment.verdict.clone()>{h.assessment.verdict.clone()}</td>
                        </tr> }
                    }).collect_view())}
                </tbody>
            </table>
        </main>
    }
}
