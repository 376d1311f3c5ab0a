//! Export: copy as Markdown, download JSON, print; the redact switch applies to all exports.
//! The buttons are dispatched by the results' click handler (`data-action`).

use super::browser::dom;
use super::node::{El, action_button, el, elc, text_el};
use super::{Ui, browser};
use crate::core::export::{to_json, to_markdown};
use leptos::prelude::GetUntracked;

/// The export bar; `redact` and `status` are the current switch and the last message.
pub(crate) fn exports(redact: bool, status: &str) -> El {
    let mut switch = el("input")
        .at("type", "checkbox")
        .at("role", "switch")
        .tid("redact")
        .at("data-action", "redact");
    if redact {
        switch = switch.at("checked", "");
    }
    elc("section", "exports")
        .at("aria-labelledby", "exports-title")
        .kid(text_el("h2", "visually-hidden", "Export").at("id", "exports-title"))
        .kid(
            elc("label", "switch")
                .kid(switch)
                .kid(el("span").txt("Redact exports"))
                .kid(text_el(
                    "span",
                    "hint",
                    " (hide addresses, local parts, IPs and the subject)",
                )),
        )
        .kid(
            elc("div", "export-buttons")
                .kid(
                    action_button("button", "copy", "")
                        .tid("copy-markdown")
                        .txt("Copy as Markdown"),
                )
                .kid(
                    action_button("button", "download", "")
                        .tid("download-json")
                        .txt("Download JSON"),
                )
                .kid(
                    action_button("button", "print", "")
                        .tid("print")
                        .txt("Print"),
                ),
        )
        .kid(
            text_el("p", "status", status)
                .at("role", "status")
                .tid("export-status"),
        )
}

/// Show the outcome of an export in the status line (and keep it for the next render).
fn say(ui: &Ui, message: String) {
    if let Some(line) = dom::find(&ui.root, "[data-testid=export-status]") {
        dom::set_text(&line, Some(&message));
    }
    ui.status.replace(message);
}

/// Run an export action (`copy`, `download`, else print).
pub(crate) fn run(ui: &Ui, action: &str) {
    let redacted = ui.redact.get();
    match action {
        "copy" => {
            let markdown = to_markdown(&ui.report.get_untracked(), redacted);
            let ui = ui.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let message = match browser::copy_text(&markdown).await {
                    Ok(()) => format!(
                        "Copied the report as Markdown{}.",
                        if redacted { " (redacted)" } else { "" }
                    ),
                    Err(why) => format!("Could not copy: {why}. Use “Download JSON” instead."),
                };
                say(&ui, message);
            });
        }
        "download" => {
            let json = to_json(&ui.report.get_untracked(), redacted);
            let name = if redacted {
                "hoplock-report-redacted.json"
            } else {
                "hoplock-report.json"
            };
            let message = match browser::download(name, "application/json", &json) {
                Ok(()) => format!("Saved {name}."),
                Err(why) => format!("Could not save: {why}."),
            };
            say(ui, message);
        }
        _ => browser::print(),
    }
}
