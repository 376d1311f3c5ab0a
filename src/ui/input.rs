//! The input: paste box, drop zone, file picker, examples, clear.

use leptos::prelude::*;

use super::{Ui, browser, ui};
use crate::core::export::format_delay;
use crate::core::intake::MAX_HEADER_BYTES;
use crate::core::outlook_msg;

/// Real messages from the corpus (public sources), offered as "try an example".
pub(crate) const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "luxsci",
        "Hotmail → Proofpoint → LuxSci (TLS on every hand-off)",
        include_str!("../../tests/data/corpus/messages/seed-luxsci-hotmail-proofpoint.txt"),
    ),
    (
        "gmail-outlook",
        "Gmail → Microsoft 365 (provider to provider)",
        include_str!("../../tests/data/corpus/messages/mha-gmail-to-outlook-ews.txt"),
    ),
    (
        "mailing-list",
        "OpenSMTPD → kernel.org mailing list",
        include_str!("../../tests/data/corpus/messages/vger-opensmtpd-kernelorg.txt"),
    ),
    (
        "old-postfix",
        "Postfix → Lotus Domino, 2008 (no TLS recorded)",
        include_str!("../../tests/data/corpus/messages/sa-postfix-domino-2008.txt"),
    ),
];

/// The header part of a message: everything before the first empty line (when a body follows).
fn header_part(text: &str) -> &str {
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some(at) = text.find(sep) {
            return &text[..at + sep.len() / 2];
        }
    }
    text
}

/// `3.2 MB`, `12 KB` (integer arithmetic: no float formatting code in the wasm); from 1000 KB
/// on in MB, so a size just under 1 MiB reads `1.0 MB`.
fn size_words(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= 1000 * 1024 {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Text too large for the paste box: what to keep and what to say. The core reads at most
/// [`MAX_HEADER_BYTES`] of header section, and Chromium needs seconds to lay out a
/// megabyte-sized textarea, so a larger paste or drop keeps only its header part, cut at a line
/// end within the limit. `None` when the text fits.
fn oversized(text: &str) -> Option<(String, String)> {
    if text.len() <= MAX_HEADER_BYTES {
        return None;
    }
    let pasted = size_words(text.len() as u64);
    let headers = header_part(text);
    if headers.len() <= MAX_HEADER_BYTES {
        let note = format!(
            "Pasted {pasted}; kept the header part ({}). The message body is not needed.",
            size_words(headers.len() as u64)
        );
        return Some((headers.to_string(), note));
    }
    let mut cut = MAX_HEADER_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let kept = &text[..cut];
    let kept = kept.rfind('\n').map_or(kept, |at| &kept[..at + 1]);
    let note = format!(
        "Pasted {pasted}; kept the first {} — the header section limit. Real headers are a few KB: check that this is the header part of one message.",
        size_words(kept.len() as u64)
    );
    Some((kept.to_string(), note))
}

/// Put pasted or dropped text in the box, cut to the limit when oversized (and say so).
fn take_text(ui: Ui, text: String) {
    match oversized(&text) {
        Some((kept, note)) => {
            ui.text.set(kept);
            ui.file_note.set(Some(note));
        }
        None => {
            ui.file_note.set(None);
            ui.text.set(text);
        }
    }
}

/// Read a file the person chose or dropped and put its header text in the box.
fn load(ui: Ui, file: browser::PickedFile) {
    ui.file_note.set(Some(format!("Reading {}…", file.name())));
    leptos::task::spawn_local(async move {
        let loaded = browser::read(file).await;
        let name = loaded.name.clone();
        if loaded.refused {
            ui.file_note.set(Some(format!(
                "{name} is {}: too large to open here. In Outlook, open the message and copy its Internet headers instead (see “How to get the headers”).",
                size_words(loaded.size)
            )));
            return;
        }
        if outlook_msg::is_compound_file(&loaded.bytes) {
            match outlook_msg::transport_headers(&loaded.bytes) {
                Some(headers) => {
                    ui.text.set(headers);
                    ui.file_note.set(Some(format!(
                        "Read the Internet headers stored in the Outlook file {name}."
                    )));
                }
                None => ui.file_note.set(Some(format!(
                    "{name} is an Outlook file without stored Internet headers (drafts and sent items have none). Open a received message instead."
                ))),
            }
            return;
        }
        let text = String::from_utf8_lossy(&loaded.bytes);
        let headers = header_part(&text).to_string();
        let note = if loaded.head_only {
            format!(
                "{name} is {}: only its first {} were read, which holds the header part. Attachments were not loaded.",
                size_words(loaded.size),
                size_words(browser::TEXT_HEAD_BYTES)
            )
        } else {
            format!(
                "Read the header part of {name} ({}).",
                size_words(loaded.size)
            )
        };
        ui.text.set(headers);
        ui.file_note.set(Some(note));
    });
}

#[component]
pub(crate) fn InputPanel() -> impl IntoView {
    let ui = ui();
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        browser::prevent_default(&ev);
        dragging.set(false);
        if let Some(file) = browser::dropped_file(&ev) {
            load(ui, file);
        } else if let Some(text) = browser::dropped_text(&ev) {
            take_text(ui, text);
        }
    };
    // A paste larger than the limit never reaches the textarea (layout of megabytes of text
    // freezes the page); smaller pastes are left to the browser (undo, caret position).
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        let Some(text) = browser::pasted_text(&ev) else {
            return;
        };
        if text.len() > MAX_HEADER_BYTES {
            browser::prevent_default(&ev);
            take_text(ui, text);
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        if let Some(file) = browser::picked_file(&ev) {
            load(ui, file);
        }
    };
    let on_example = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some((_, label, text)) = EXAMPLES.iter().find(|(id, _, _)| *id == chosen) {
            ui.text.set(text.to_string());
            ui.file_note.set(Some(format!("Example: {label}.")));
        }
    };
    let clear = move |_| {
        ui.text.set(String::new());
        ui.file_note.set(None);
        browser::focus_id("headers");
    };
    let stats = move || {
        let r = ui.report.read();
        let hops = r.hops.len();
        let transit = r
            .total_transit_seconds
            .map(|s| format!(", {} in transit", format_delay(s)))
            .unwrap_or_default();
        format!("{hops} hop{}{transit}", if hops == 1 { "" } else { "s" })
    };
    view! {
        <section class="input" aria-labelledby="input-title">
            <h2 id="input-title" class="visually-hidden">"Input"</h2>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                data-testid="dropzone"
                on:dragenter=move |ev: leptos::ev::DragEvent| { browser::prevent_default(&ev); dragging.set(true); }
                on:dragover=move |ev: leptos::ev::DragEvent| browser::prevent_default(&ev)
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for="headers" class="input-label">"Paste the raw headers of a message, or drop an .eml, .txt or Outlook .msg file here"</label>
                <textarea
                    id="headers"
                    data-testid="headers"
                    bind:value=ui.text
                    on:paste=on_paste
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
                    <input type="file" class="visually-hidden" data-testid="file" accept=".eml,.txt,.msg,message/rfc822,text/plain,application/vnd.ms-outlook" on:change=on_pick/>
                </label>
                <label class="example-picker">
                    <span>"Try an example"</span>
                    <select data-testid="examples" on:change=on_example prop:value=move || { ui.text.track(); String::new() }>
                        <option value="">"Choose a real message…"</option>
                        {EXAMPLES.iter().map(|(id, label, _)| view! { <option value=*id>{*label}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="button" data-testid="clear" on:click=clear>"Clear"</button>
                <span class="stats" aria-live="polite">{stats}</span>
            </div>
            <p class="file-note" data-testid="file-note" role="status">{move || ui.file_note.get()}</p>
        </section>
    }
}
