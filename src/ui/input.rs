//! The input: paste box, drop zone, file picker, examples, clear, the counts and the note.

use leptos::prelude::*;

use super::audit_host::{AuditHost, use_audit_host};
use super::words::size_words;
use super::{Ui, browser, use_ui};
use crate::audit::mbox::is_mailbox;
use crate::core::intake::{MAX_HEADER_BYTES, header_section};
use crate::core::outlook_msg;
use crate::core::wording::format_delay;

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

/// Text too large for the paste box: what to keep and what to say. The core reads at most
/// [`MAX_HEADER_BYTES`] of header section, and Chromium needs seconds to lay out a
/// megabyte-sized textarea, so a larger paste or drop keeps only its header part, cut at a line
/// end within the limit. `None` when the text fits.
fn oversized(text: &str) -> Option<(String, String)> {
    if text.len() <= MAX_HEADER_BYTES {
        return None;
    }
    let pasted = size_words(text.len() as u64);
    let headers = header_section(text);
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
        Some((kept, message)) => {
            ui.put_text(kept);
            ui.note.set(message);
        }
        None => {
            ui.note.set(String::new());
            ui.put_text(text);
        }
    }
}

/// Read a file the person chose or dropped and put its header text in the box, or audit it
/// when it is a mailbox.
fn load(ui: Ui, audit: AuditHost, file: browser::PickedFile) {
    ui.note.set(format!("Reading {}…", file.name()));
    leptos::task::spawn_local(async move {
        let loaded = browser::read(file).await;
        if is_mailbox(&loaded.bytes, loaded.size) {
            ui.note.set(format!(
                "{} is a mailbox: auditing every message in it.",
                loaded.name
            ));
            audit.start(js_sys::Array::of1(&loaded.file), loaded.name, false);
            return;
        }
        if outlook_msg::is_compound_file(&loaded.bytes) {
            ui.note.set(read_outlook(ui, &loaded).await);
            return;
        }
        let name = &loaded.name;
        let text = String::from_utf8_lossy(&loaded.bytes);
        let message = if loaded.head_only {
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
        ui.put_text(header_section(&text).to_string());
        ui.note.set(message);
    });
}

/// Files picked or dropped: one message goes in the box; a mailbox (see [`load`]), a folder or
/// several files are audited (the audit view says so).
fn take_files(ui: Ui, audit: AuditHost, files: Vec<browser::PickedFile>, in_folder: bool) {
    if files.len() > 1 || in_folder {
        let title = format!("{} files", files.len());
        ui.note.set(format!("Auditing {title} as a mailbox."));
        audit.start(browser::file_array(&files), title, in_folder);
    } else if let Some(file) = files.into_iter().next() {
        load(ui, audit, file);
    }
}

/// An Outlook compound file (.msg): its stored Internet headers, read by the engine worker
/// (`browser::engine`: the compound-file reader is not in the first download, and a malformed
/// file is parsed off the page's thread), go in the box. Returns the note to show.
async fn read_outlook(ui: Ui, loaded: &browser::LoadedFile) -> String {
    let name = &loaded.name;
    if loaded.size > browser::MSG_MAX_BYTES {
        return format!(
            "{name} is {}: too large to open here. In Outlook, open the message and copy its Internet headers instead (see “How to get the headers”).",
            size_words(loaded.size)
        );
    }
    let request =
        browser::engine::object(&[("call", "msg".into()), ("file", loaded.file.clone().into())]);
    match browser::engine::call(request).await {
        Ok(headers) if !headers.is_empty() => {
            ui.put_text(headers);
            format!("Read the Internet headers stored in the Outlook file {name}.")
        }
        Ok(_) => format!(
            "{name} is an Outlook file without stored Internet headers (drafts and sent items have none). Open a received message instead."
        ),
        Err(why) => format!(
            "{name} is an Outlook file, but the Outlook reader {why}. In Outlook, open the message and copy its Internet headers instead (see “How to get the headers”)."
        ),
    }
}

/// The "3 hops, 2 min in transit" line.
fn stats(r: &crate::core::Report) -> String {
    let hops = r.hops.len();
    let transit = r
        .total_transit_seconds
        .map(|s| format!(", {} in transit", format_delay(s)))
        .unwrap_or_default();
    format!("{hops} hop{}{transit}", if hops == 1 { "" } else { "s" })
}

/// The input section: the paste box in its drop zone, the file picker, the example menu,
/// "Clear", the counts and the note (`data-testid=file-note`).
#[component]
pub(crate) fn InputPanel() -> impl IntoView {
    let ui = use_ui();
    let audit = use_audit_host();
    let dragging = RwSignal::new(false);
    let note = NodeRef::<leptos::html::P>::new();
    note.on_load(|note| browser::report_panics_in(note.into()));

    // A paste larger than the limit never reaches the textarea (layout of megabytes of text
    // freezes the page); smaller pastes are left to the browser (undo, caret position).
    let on_paste = move |ev: leptos::ev::ClipboardEvent| {
        if let Some(text) = browser::pasted_text(&ev).filter(|t| t.len() > MAX_HEADER_BYTES) {
            ev.prevent_default();
            take_text(ui, text);
        }
    };
    // Enter/over accept the drop and mark the zone; the drop reads the file (or dragged text).
    let on_drag_over = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(true);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(entries) = browser::dropped_folder(&ev) {
            let title = "a dropped folder".to_string();
            ui.note.set(format!("Auditing {title} as a mailbox."));
            audit.start(entries, title, true);
            return;
        }
        let files = browser::dropped_files(&ev);
        if !files.is_empty() {
            take_files(ui, audit, files, false);
        } else if let Some(text) = browser::dropped_text(&ev) {
            take_text(ui, text);
        }
    };
    let on_example =
        move |ev: leptos::ev::Targeted<leptos::ev::Event, web_sys::HtmlSelectElement>| {
            let chosen = ev.target().value();
            // The menu goes back to its prompt: it chooses a text, it does not hold one.
            ev.target().set_value("");
            if let Some((_, label, text)) = EXAMPLES.iter().find(|(id, _, _)| *id == chosen) {
                ui.put_text(text.to_string());
                ui.note.set(format!("Example: {label}."));
            }
        };
    let clear = move |_| {
        ui.put_text(String::new());
        ui.note.set(String::new());
        if let Some(textarea) = ui.textarea.get_untracked() {
            let _ = textarea.focus();
        }
    };
    view! {
        <section class="input" aria-labelledby="input-title">
            <h2 id="input-title" class="visually-hidden">"Input"</h2>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                data-testid="dropzone"
                on:dragenter=on_drag_over
                on:dragover=on_drag_over
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <label for="headers" class="input-label">"Paste the raw headers of a message, or drop an .eml, .txt or Outlook .msg file here — or a mailbox (mbox, .mbox.gz) or many files to audit them all"</label>
                <textarea
                    id="headers"
                    data-testid="headers"
                    rows="14"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby="input-help"
                    placeholder="Received: from mail.example.org (mail.example.org [192.0.2.1])\n        by mx.example.com with ESMTPS id …"
                    node_ref=ui.textarea
                    on:input:target=move |ev| ui.take_text(ev.target().value())
                    on:paste=on_paste
                ></textarea>
                <p id="input-help" class="hint">
                    "Analysed as you type; nothing is uploaded. "
                    <a href="#help-get-headers">"How to get the headers"</a>
                </p>
            </div>
            <div class="input-tools">
                <label class="button file-button">
                    "Open a file…"
                    <input
                        type="file"
                        multiple
                        class="visually-hidden"
                        data-testid="file"
                        on:change:target=move |ev| {
                            take_files(ui, audit, browser::picked_files(&ev.target()), false)
                        }
                    />
                </label>
                <label class="button file-button">
                    "Audit a folder…"
                    <input
                        type="file"
                        prop:webkitdirectory=true
                        multiple
                        class="visually-hidden"
                        data-testid="folder"
                        on:change:target=move |ev| {
                            take_files(ui, audit, browser::picked_files(&ev.target()), true)
                        }
                    />
                </label>
                <label class="example-picker">
                    <span>"Try an example"</span>
                    <select data-testid="examples" on:change:target=on_example>
                        <option value="">"Choose a real message…"</option>
                        {EXAMPLES
                            .iter()
                            .map(|(id, label, _)| view! { <option value=*id>{*label}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" class="button" data-testid="clear" on:click=clear>
                    "Clear"
                </button>
                <span class="stats" aria-live="polite">
                    {move || ui.report.with(|r| stats(r))}
                </span>
            </div>
            <p class="file-note" data-testid="file-note" role="status" node_ref=note>
                {move || ui.note.get()}
            </p>
        </section>
    }
}
