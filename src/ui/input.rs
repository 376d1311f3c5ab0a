//! The input: paste box, drop zone, file picker, examples, clear.

use super::browser::dom;
use super::node::{El, el};
use super::{Ui, browser};
use crate::core::intake::MAX_HEADER_BYTES;
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
fn take_text(ui: &Ui, text: String) {
    match oversized(&text) {
        Some((kept, message)) => {
            set_text(ui, kept);
            note(ui, Some(message));
        }
        None => {
            note(ui, None);
            set_text(ui, text);
        }
    }
}

/// Read a file the person chose or dropped and put its header text in the box.
fn load(ui: &Ui, file: browser::PickedFile) {
    note(ui, Some(format!("Reading {}…", file.name())));
    let ui = ui.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let ui = &ui;
        let loaded = browser::read(file).await;
        let name = loaded.name.clone();
        if outlook_msg::is_compound_file(&loaded.bytes) {
            read_outlook(ui, &loaded).await;
            return;
        }
        let text = String::from_utf8_lossy(&loaded.bytes);
        let headers = header_part(&text).to_string();
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
        set_text(ui, headers);
        note(ui, Some(message));
    });
}

/// An Outlook compound file (.msg): its stored Internet headers, read by the .msg reader's
/// worker, go in the box.
async fn read_outlook(ui: &Ui, loaded: &browser::LoadedFile) {
    let name = &loaded.name;
    if loaded.size > browser::MSG_MAX_BYTES {
        note(
            ui,
            Some(format!(
                "{name} is {}: too large to open here. In Outlook, open the message and copy its Internet headers instead (see “How to get the headers”).",
                size_words(loaded.size)
            )),
        );
        return;
    }
    match browser::msg_reader::transport_headers(&loaded.file).await {
        Ok(Some(headers)) => {
            set_text(ui, headers);
            note(
                ui,
                Some(format!(
                    "Read the Internet headers stored in the Outlook file {name}."
                )),
            );
        }
        Ok(None) => note(
            ui,
            Some(format!(
                "{name} is an Outlook file without stored Internet headers (drafts and sent items have none). Open a received message instead."
            )),
        ),
        Err(why) => note(
            ui,
            Some(format!(
                "{name} is an Outlook file, but {why}. In Outlook, open the message and copy its Internet headers instead (see “How to get the headers”)."
            )),
        ),
    }
}

/// Put text in the box from the program (example, file, clear, cut paste): the textarea's value
/// is set directly (typing sets only the signal, so a keystroke never copies the text back).
pub(crate) fn set_text(ui: &Ui, text: String) {
    if let Some(textarea) = dom::find(&ui.root, "#headers") {
        dom::set_value(&textarea, &text);
    }
    if let Some(select) = dom::find(&ui.root, "[data-testid=examples]") {
        dom::set_value(&select, "");
    }
    super::new_text(ui, text);
}

/// The note under the input (`data-testid=file-note`, a status line).
pub(crate) fn note(ui: &Ui, text: Option<String>) {
    if let Some(line) = dom::find(&ui.root, "[data-testid=file-note]") {
        dom::set_text(&line, text.as_deref());
    }
}

/// `<option>`s of the example menu.
pub(crate) fn example_options() -> Vec<El> {
    EXAMPLES
        .iter()
        .map(|(id, label, _)| el("option").at("value", *id).txt(*label))
        .collect()
}

/// `input` anywhere in the app: the paste box.
pub(crate) fn on_input(ui: &Ui, ev: &web_sys::Event) {
    if dom::target_id(ev).as_deref() == Some("headers") {
        super::new_text(ui, dom::target_value(ev));
    }
}

/// `change`: the file picker or the example menu.
pub(crate) fn on_change(ui: &Ui, ev: &web_sys::Event) {
    match dom::target_testid(ev).as_deref() {
        Some("file") => {
            if let Some(file) = browser::picked_file(ev) {
                load(ui, file);
            }
        }
        Some("examples") => {
            let chosen = dom::target_value(ev);
            if let Some((_, label, text)) = EXAMPLES.iter().find(|(id, _, _)| *id == chosen) {
                set_text(ui, text.to_string());
                note(ui, Some(format!("Example: {label}.")));
            }
        }
        _ => {}
    }
}

/// "Clear": empty box, no note, focus back in the box.
pub(crate) fn clear(ui: &Ui) {
    set_text(ui, String::new());
    note(ui, None);
    if let Some(textarea) = dom::find(&ui.root, "#headers") {
        dom::focus(&textarea, false);
    }
}

/// A paste larger than the limit never reaches the textarea (layout of megabytes of text
/// freezes the page); smaller pastes are left to the browser (undo, caret position).
pub(crate) fn on_paste(ui: &Ui, ev: &web_sys::Event) {
    if dom::target_id(ev).as_deref() != Some("headers") {
        return;
    }
    let Some(text) = browser::pasted_text(ev) else {
        return;
    };
    if text.len() > MAX_HEADER_BYTES {
        browser::prevent_default(ev);
        take_text(ui, text);
    }
}

/// Drag events over the drop zone (`kind`: `dragenter`, `dragover`, `dragleave`, `drop`):
/// enter/over accept the drop and mark the zone, leave unmarks it, drop reads the file (or
/// dragged text).
pub(crate) fn on_drag(ui: &Ui, ev: &web_sys::Event, kind: &str) {
    let Some(zone) = dom::closest(ev, "[data-testid=dropzone]") else {
        return;
    };
    if kind != "dragleave" {
        browser::prevent_default(ev);
    }
    let dragging = matches!(kind, "dragenter" | "dragover");
    dom::set_attr(
        &zone,
        "class",
        if dragging {
            "dropzone dragging"
        } else {
            "dropzone"
        },
    );
    if kind == "drop" {
        if let Some(file) = browser::dropped_file(ev) {
            load(ui, file);
        } else if let Some(text) = browser::dropped_text(ev) {
            take_text(ui, text);
        }
    }
}

/// The "3 hops, 2 min in transit" line.
pub(crate) fn stats(r: &crate::core::Report) -> String {
    let hops = r.hops.len();
    let transit = r
        .total_transit_seconds
        .map(|s| format!(", {} in transit", format_delay(s)))
        .unwrap_or_default();
    format!("{hops} hop{}{transit}", if hops == 1 { "" } else { "s" })
}
