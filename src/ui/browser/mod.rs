//! The web APIs the app uses beyond rendering: files, clipboard, downloads, printing, the page's
//! theme mark, panics. (Rendering and events are Leptos's; this module is where everything else
//! that talks to the browser lives, with `embed`, the engine worker and the audit module.)

pub mod audit_module;
pub mod charsets;
pub mod embed;
pub mod engine;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Global the custom element sets to the URL of the directory it was loaded from.
const BASE_GLOBAL: &str = "__hoplockBase";

/// `target[key]`, or `undefined`.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The loading part of an on-demand worker's script, for Trunk's worker build `name` (its
/// no-modules glue `name.js` and `name_bg.wasm`) and the worker's own `scripts` (its message
/// loop, when it is a file of its own): it defines `ready` (the instantiation) and
/// `wasm_bindgen` (the exports).
/// * hosted page, iframe, custom element: `importScripts` of the two files found next to the
///   app (the custom element says where through `__hoplockBase`, set from its own
///   `import.meta.url`; otherwise the document's base URL);
/// * the single-file `hoplock.html` (opened from disk, where nothing can be fetched): the glue
///   and the wasm (base64), then the scripts, are inlined in
///   `<script type="text/plain" id=inline_id>` (tools/postbuild.py).
///
/// The worker is then made from a `blob:` URL, under the page's Content-Security-Policy
/// (`worker-src blob:`).
pub fn worker_loader(inline_id: &str, name: &str, scripts: &[&str]) -> Option<String> {
    let document = web_sys::window()?.document()?;
    if let Some(inline) = document.get_element_by_id(inline_id) {
        return inline.text_content();
    }
    let url = |file: String| asset_url(&file);
    // URL serialisation percent-encodes quotes and backslashes: safe inside a JS string.
    let mut imports = format!("\"{}\"", url(format!("{name}.js"))?);
    for script in scripts {
        imports += &format!(",\"{}\"", url(script.to_string())?);
    }
    Some(format!(
        "importScripts({imports});const ready=wasm_bindgen({{module_or_path:\"{}\"}});",
        url(format!("{name}_bg.wasm"))?
    ))
}

/// The URL of one of the app's files: next to the app (the custom element says where through
/// `__hoplockBase`, set from its own `import.meta.url`; otherwise the document's base URL).
pub fn asset_url(file: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let base = get(&js_sys::global(), BASE_GLOBAL)
        .as_string()
        .or_else(|| get(&document, "baseURI").as_string())?;
    web_sys::Url::new_with_base(file, &base)
        .ok()
        .map(|u| u.href())
}

/// A Web Worker running `source`, and the `blob:` URL it was made from (revoke it once the
/// worker is done: the worker may still be fetching its script when this returns).
pub fn start_worker(source: &str) -> Result<(web_sys::Worker, String), String> {
    let not_started = |_| "the worker could not be started".to_string();
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let script = web_sys::Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&source.into()),
        &options,
    )
    .map_err(not_started)?;
    let url = web_sys::Url::create_object_url_with_blob(&script).map_err(not_started)?;
    match web_sys::Worker::new(&url) {
        Ok(worker) => Ok((worker, url)),
        Err(_) => {
            let _ = web_sys::Url::revoke_object_url(&url);
            Err("the worker could not be started".into())
        }
    }
}

/// `#app`, emptied (or `<body>` when the page has no `#app`).
pub fn app_root() -> web_sys::HtmlElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document");
    match document.get_element_by_id("app") {
        Some(el) => {
            el.set_inner_html("");
            el.unchecked_into()
        }
        None => document.body().expect("a <body>"),
    }
}

thread_local! {
    /// Where each mounted app shows its notes (for [`report_panics_in`]).
    static NOTES: std::cell::RefCell<Vec<web_sys::Element>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A panic is a bug (the core is total and fuzzed), and it ends the wasm instance with the
/// reactive system in it: say so where the person looks, in `note` (the line under the paste
/// box of each mounted app, written directly since nothing reactive runs any more), and in the
/// console with the panic's message and place.
pub fn report_panics_in(note: web_sys::Element) {
    NOTES.with(|notes| {
        let mut notes = notes.borrow_mut();
        if notes.is_empty() {
            std::panic::set_hook(Box::new(on_panic));
        }
        notes.push(note);
    });
}

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    let place = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let message = info.payload_as_str().unwrap_or_default();
    web_sys::console::error_1(
        &format!("hoplock stopped on an internal error{place}: {message}").into(),
    );
    let text = "hoplock stopped on an internal error (a bug, not a problem with your headers). Reload the page to start again; nothing was sent anywhere.";
    // try_with/try_borrow: a panic while the list is borrowed still reaches the console.
    let _ = NOTES.try_with(|notes| {
        if let Ok(notes) = notes.try_borrow() {
            for note in notes.iter() {
                note.set_text_content(Some(text));
            }
        }
    });
}

/// How much of a file is read first (`Blob.slice`): the header part of any real message fits,
/// a 50 MB message with attachments is never loaded whole, and it shows whether the file is an
/// Outlook compound file, which the .msg reader then gets whole.
pub const TEXT_HEAD_BYTES: u64 = 512 * 1024;
/// Largest .msg read (a compound file must be read whole to find the header stream).
pub const MSG_MAX_BYTES: u64 = 40 * 1024 * 1024;

/// A file the person chose or dropped, not read yet.
pub struct PickedFile(web_sys::File);

/// What reading a file gave.
pub struct LoadedFile {
    pub name: String,
    /// Size of the whole file in bytes.
    pub size: u64,
    /// The bytes read (all of them, or the first [`TEXT_HEAD_BYTES`]).
    pub bytes: Vec<u8>,
    /// Only the first [`TEXT_HEAD_BYTES`] were read.
    pub head_only: bool,
    /// The file itself, for the .msg reader (the engine worker, [`engine`]).
    pub file: web_sys::File,
}

impl PickedFile {
    pub fn name(&self) -> String {
        self.0.name()
    }

    pub fn size(&self) -> u64 {
        self.0.size() as u64
    }
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<PickedFile> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(PickedFile)
        .collect()
}

/// The files of a drop.
pub fn dropped_files(ev: &web_sys::DragEvent) -> Vec<PickedFile> {
    files_of(ev.data_transfer().and_then(|d| d.files()))
}

/// The dropped items as file-system entries when one of them is a folder (`None` otherwise):
/// the browser lists a folder's files only through its entry, which must be taken while the
/// drop event runs. The audit module walks them (`audit_module::files_of_entries`).
pub fn dropped_folder(ev: &web_sys::DragEvent) -> Option<js_sys::Array> {
    let items = get(&ev.data_transfer()?.into(), "items");
    let count = get(&items, "length").as_f64().unwrap_or(0.0) as u32;
    let entries: js_sys::Array = (0..count)
        .filter_map(|i| {
            let item = js_sys::Reflect::get_u32(&items, i).ok()?;
            let as_entry: js_sys::Function = get(&item, "webkitGetAsEntry").dyn_into().ok()?;
            as_entry.call0(&item).ok().filter(|e| !e.is_null())
        })
        .collect();
    entries
        .iter()
        .any(|e| get(&e, "isDirectory").is_truthy())
        .then_some(entries)
}

/// The files handed to the engine worker for an audit.
pub fn file_array(files: &[PickedFile]) -> js_sys::Array {
    files.iter().map(|f| JsValue::from(f.0.clone())).collect()
}

/// Text dragged from another window (no file) in a drop, if any.
pub fn dropped_text(ev: &web_sys::DragEvent) -> Option<String> {
    ev.data_transfer()?
        .get_data("text/plain")
        .ok()
        .filter(|t| !t.is_empty())
}

/// The text of a paste (`text/plain`), if any.
pub fn pasted_text(ev: &web_sys::ClipboardEvent) -> Option<String> {
    ev.clipboard_data()?.get_data("text/plain").ok()
}

/// The files chosen in an `<input type=file>` (a folder's, for a folder picker); the input is
/// reset so the same files can be chosen again.
pub fn picked_files(input: &web_sys::HtmlInputElement) -> Vec<PickedFile> {
    let files = files_of(input.files());
    input.set_value("");
    files
}

/// Read a picked file's first [`TEXT_HEAD_BYTES`] (all of it when smaller; `Blob.slice`), so
/// a huge message never freezes the page.
pub async fn read(file: PickedFile) -> LoadedFile {
    let file = file.0;
    let size = file.size() as u64;
    let head_only = size > TEXT_HEAD_BYTES;
    let head = if head_only {
        file.slice_with_f64_and_f64(0.0, TEXT_HEAD_BYTES as f64)
            .ok()
    } else {
        Some(file.clone().into())
    };
    let mut bytes = Vec::new();
    if let Some(head) = head
        && let Ok(buffer) = JsFuture::from(head.array_buffer()).await
    {
        bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    }
    LoadedFile {
        name: file.name(),
        size,
        bytes,
        head_only,
        file,
    }
}

/// Put text on the clipboard. `Err` carries a reason to show (no secure context, refused).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    if !window.is_secure_context() {
        return Err("the clipboard needs a secure (https) page".into());
    }
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser refused the clipboard".into())
}

/// Offer `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |_| "the download could not start".to_string();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Open the browser's print dialog (the print stylesheet lays the report out).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// Mark the document's colour scheme (`light`, `dark`, or system when empty) so the page
/// background outside the app follows the toggle too.
pub fn set_document_theme(theme: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = if theme.is_empty() {
            root.remove_attribute("data-hoplock-theme")
        } else {
            root.set_attribute("data-hoplock-theme", theme)
        };
    }
}
