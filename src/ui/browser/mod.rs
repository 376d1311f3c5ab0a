//! The only module that touches web-sys: DOM look-ups, files, clipboard, downloads, printing.

pub mod charsets;
pub(crate) mod dom;
pub mod embed;
pub mod msg_reader;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;

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
    /// Where each mounted app shows its notes (for [`report_panics`]).
    static MOUNTED: std::cell::RefCell<Vec<web_sys::Element>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A panic is a bug (the core is total and fuzzed), and it ends the wasm instance: say so where
/// the person looks, in the note under the paste box of every app mounted (`app` is the one being
/// mounted now), and in the console with the panic's message and place.
pub fn report_panics(app: &web_sys::Element) {
    MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        if mounted.is_empty() {
            std::panic::set_hook(Box::new(on_panic));
        }
        mounted.push(app.clone());
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
    let note = "hoplock stopped on an internal error (a bug, not a problem with your headers). Reload the page to start again; nothing was sent anywhere.";
    // try_with/try_borrow: a panic while the list is borrowed still reaches the console.
    let _ = MOUNTED.try_with(|mounted| {
        if let Ok(mounted) = mounted.try_borrow() {
            for app in mounted.iter() {
                if let Some(line) = dom::find(app, "[data-testid=file-note]") {
                    dom::set_text(&line, Some(note));
                }
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
    /// The file itself, for the .msg reader ([`msg_reader::transport_headers`]).
    pub file: web_sys::File,
}

impl PickedFile {
    pub fn name(&self) -> String {
        self.0.name()
    }
}

/// Call `handler(kind, event)` for every event of each kind in `kinds` under `root` (one
/// listener per kind, for the lifetime of the page). The kind is passed along so the handler
/// needs no `Event.type` import.
pub fn listen(
    root: &web_sys::Element,
    kinds: &'static [&'static str],
    handler: impl Fn(&'static str, &web_sys::Event) + 'static,
) {
    let handler = std::rc::Rc::new(handler);
    for &kind in kinds {
        let handler = handler.clone();
        let listener =
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| handler(kind, &ev));
        let _ = root.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
        listener.forget();
    }
}

/// Run `f` in a task of its own (`setTimeout` 0): after the browser had a chance to paint.
pub fn later(f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let f = Closure::once_into_js(f);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), 0);
    }
}

/// Run `f` as soon as the code running now is done (a microtask).
pub fn soon(f: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move { f() });
}

/// Stop the browser from opening a dragged file itself.
pub fn prevent_default(ev: &web_sys::Event) {
    ev.prevent_default();
}

/// The first file of a drop (a `drop` event), if any.
pub fn dropped_file(ev: &web_sys::Event) -> Option<PickedFile> {
    let ev: &web_sys::DragEvent = ev.unchecked_ref();
    ev.data_transfer()?.files()?.get(0).map(PickedFile)
}

/// Text dragged from another window (no file) in a `drop` event, if any.
pub fn dropped_text(ev: &web_sys::Event) -> Option<String> {
    let ev: &web_sys::DragEvent = ev.unchecked_ref();
    ev.data_transfer()?
        .get_data("text/plain")
        .ok()
        .filter(|t| !t.is_empty())
}

/// The text of a `paste` event (`text/plain`), if any.
pub fn pasted_text(ev: &web_sys::Event) -> Option<String> {
    let ev: &web_sys::ClipboardEvent = ev.unchecked_ref();
    ev.clipboard_data()?.get_data("text/plain").ok()
}

/// The file chosen in an `<input type=file>` that fired `change`, and reset the input so the same
/// file can be chosen again.
pub fn picked_file(ev: &web_sys::Event) -> Option<PickedFile> {
    // `files` and `value` through Reflect: imports the app has anyway, where the typed
    // `HtmlInputElement` accessors would add two of their own.
    let input: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let files = js_sys::Reflect::get(&input, &"files".into())
        .ok()
        .filter(|f| f.is_truthy())?;
    let file = files
        .unchecked_into::<web_sys::FileList>()
        .get(0)
        .map(PickedFile);
    dom::set_value(&input, "");
    file
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
    // The blob's type and the link's href/download through Reflect and setAttribute (imports
    // the app has anyway) rather than three typed setters of their own.
    let options = web_sys::BlobPropertyBag::new();
    let _ = js_sys::Reflect::set(&options, &"type".into(), &mime.into());
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor = document.create_element("a").map_err(fail)?;
    anchor.set_attribute("href", &url).map_err(fail)?;
    anchor.set_attribute("download", name).map_err(fail)?;
    anchor.unchecked_ref::<web_sys::HtmlElement>().click();
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
