//! Export: copy as Markdown, download JSON, print; the redact switch applies to all exports.
//! The Markdown and JSON are written by the engine worker (`browser::engine`), from the same
//! text the page analysed: the writers are not part of the page's first download.

use leptos::prelude::*;

use super::{browser, use_ui};
use browser::engine;

/// The single message's export in `format` (`markdown` or `json`), from the engine.
async fn export_of(text: String, format: &str, redacted: bool) -> Result<String, String> {
    engine::call(engine::object(&[
        ("call", "report".into()),
        ("text", text.into()),
        ("format", format.into()),
        ("redact", redacted.into()),
    ]))
    .await
}

/// The export bar: the redact switch, the three exports and their status line.
#[component]
pub(crate) fn ExportBar() -> impl IntoView {
    let ui = use_ui();
    let copy = move |_| {
        let redacted = ui.redact.get_untracked();
        let text = ui.text.get_untracked();
        ui.export_status.set("Writing the report…".into());
        leptos::task::spawn_local(async move {
            let copied = match export_of(text, "markdown", redacted).await {
                Ok(markdown) => browser::copy_text(&markdown).await,
                Err(why) => Err(why),
            };
            ui.export_status.set(match copied {
                Ok(()) => format!(
                    "Copied the report as Markdown{}.",
                    if redacted { " (redacted)" } else { "" }
                ),
                Err(why) => format!("Could not copy: {why}. Use “Download JSON” instead."),
            });
        });
    };
    let download = move |_| {
        let redacted = ui.redact.get_untracked();
        let text = ui.text.get_untracked();
        let name = if redacted {
            "hoplock-report-redacted.json"
        } else {
            "hoplock-report.json"
        };
        ui.export_status.set("Writing the report…".into());
        leptos::task::spawn_local(async move {
            let saved = match export_of(text, "json", redacted).await {
                Ok(json) => browser::download(name, "application/json", &json),
                Err(why) => Err(format!("the report writer {why}")),
            };
            ui.export_status.set(match saved {
                Ok(()) => format!("Saved {name}."),
                Err(why) => format!("Could not save: {why}."),
            });
        });
    };
    view! {
        <section class="exports" aria-labelledby="exports-title">
            <h2 class="visually-hidden" id="exports-title">"Export"</h2>
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    data-testid="redact"
                    prop:checked=move || ui.redact.get()
                    on:change:target=move |ev| ui.redact.set(ev.target().checked())
                />
                <span>"Redact exports"</span>
                <span class="hint">" (hide addresses, local parts, IPs and the subject)"</span>
            </label>
            <div class="export-buttons">
                <button class="button" type="button" data-testid="copy-markdown" on:click=copy>
                    "Copy as Markdown"
                </button>
                <button class="button" type="button" data-testid="download-json" on:click=download>
                    "Download JSON"
                </button>
                <button
                    class="button"
                    type="button"
                    data-testid="print"
                    on:click=move |_| browser::print()
                >
                    "Print"
                </button>
            </div>
            <p class="status" role="status" data-testid="export-status">
                {move || ui.export_status.get()}
            </p>
        </section>
    }
}
