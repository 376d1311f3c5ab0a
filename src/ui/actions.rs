//! Export: copy as Markdown, download JSON, print; the redact switch applies to all exports.
//! The buttons are dispatched by the results' click handler (`data-action`).

use leptos::prelude::*;

use super::node::{El, action_button, el, elc, text_el};
use super::{Ui, browser};
use crate::core::export::{to_json, to_markdown};

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

/// Run an export action; `say` shows the outcome in the status line.
pub(crate) fn run(ui: Ui, action: &str, say: impl Fn(String) + 'static) {
    let redacted = ui.redact.get_value();
    match action {
        "copy" => {
            let markdown = ui.report.with_untracked(|r| to_markdown(r, redacted));
            leptos::task::spawn_local(async move {
                say(match browser::copy_text(&markdown).await {
                    Ok(()) => format!(
                        "Copied the report as Markdown{}.",
                        if redacted { " (redacted)" } else { "" }
                    ),
                    Err(why) => format!("Could not copy: {why}. Use “Download JSON” instead."),
                });
            });
        }
        "download" => {
            let json = ui.report.with_untracked(|r| to_json(r, redacted));
            let name = if redacted {
                "hoplock-report-redacted.json"
            } else {
                "hoplock-report.json"
            };
            say(match browser::download(name, "application/json", &json) {
                Ok(()) => format!("Saved {name}."),
                Err(why) => format!("Could not save: {why}."),
            });
        }
        _ => browser::print(),
    }
}
