//! Export: copy as Markdown, download JSON, print; the redact switch applies to all exports.

use leptos::prelude::*;

use super::{browser, ui};
use crate::core::export::{to_json, to_markdown};

#[component]
pub(crate) fn Exports() -> impl IntoView {
    let ui = ui();
    let status = RwSignal::new(String::new());
    let copy = move |_| {
        let markdown = ui
            .report
            .with(|r| to_markdown(r, ui.redact.get_untracked()));
        let redacted = ui.redact.get_untracked();
        leptos::task::spawn_local(async move {
            match browser::copy_text(&markdown).await {
                Ok(()) => status.set(format!(
                    "Copied the report as Markdown{}.",
                    if redacted { " (redacted)" } else { "" }
                )),
                Err(why) => status.set(format!(
                    "Could not copy: {why}. Use “Download JSON” instead."
                )),
            }
        });
    };
    let download = move |_| {
        let redacted = ui.redact.get_untracked();
        let json = ui.report.with(|r| to_json(r, redacted));
        let name = if redacted {
            "hoplock-report-redacted.json"
        } else {
            "hoplock-report.json"
        };
        match browser::download(name, "application/json", &json) {
            Ok(()) => status.set(format!("Saved {name}.")),
            Err(why) => status.set(format!("Could not save: {why}.")),
        }
    };
    view! {
        <section class="exports" aria-labelledby="exports-title">
            <h2 id="exports-title" class="visually-hidden">"Export"</h2>
            <label class="switch">
                <input type="checkbox" role="switch" data-testid="redact" bind:checked=ui.redact/>
                <span>"Redact exports"</span>
                <span class="hint">" (hide addresses, local parts, IPs and the subject)"</span>
            </label>
            <div class="export-buttons">
                <button type="button" class="button" data-testid="copy-markdown" on:click=copy>"Copy as Markdown"</button>
                <button type="button" class="button" data-testid="download-json" on:click=download>"Download JSON"</button>
                <button type="button" class="button" data-testid="print" on:click=move |_| browser::print()>"Print"</button>
            </div>
            <p class="status" role="status" data-testid="export-status">{move || status.get()}</p>
        </section>
    }
}
