//! The audit module (`src/bin/hoplock-audit.rs`: the audit's views, `ui::audit`) is a wasm of
//! its own, loaded into the page on the first audit so that its code is not in the first
//! download. Both sides of that are here:
//!
//! * the page ([`mount`]): load the module's no-modules glue (a `<script>` next to the app; the
//!   single-file copy has it inline, with the wasm's bytes), instantiate it once, and call its
//!   `audit(container, files, in_folder, opened)`;
//! * the module ([`set_opener`], [`open_in_page`]): the page's `opened(text, note)` callback,
//!   called when someone opens a message of the audit (the two wasm instances share nothing
//!   but the DOM and such JavaScript functions).

use std::cell::RefCell;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::get;

/// Trunk's build of `src/bin/hoplock-audit.rs`: no-modules glue, whose `let wasm_bindgen` is
/// not a property of the page's global object, so the post-build step ends the glue with
/// `self.hoplockAudit = wasm_bindgen` (tools/postbuild.py).
const NAME: &str = "hoplock-audit";
const GLUE_GLOBAL: &str = "hoplockAudit";
/// Defined by the single-file copy: a function giving the module's wasm bytes.
const INLINE_WASM_GLOBAL: &str = "__hoplockAuditWasm";

thread_local! {
    /// The module's instantiation, once started (page side).
    static READY: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    /// The page's callback (module side).
    static OPENER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Add `<script src=url>` and wait for it to run.
async fn load_script(url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let script = document
        .create_element("script")
        .map_err(|_| "no script element")?;
    let _ = script.set_attribute("src", url);
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    let head = document.head().ok_or("no document head")?;
    head.append_child(&script)
        .map_err(|_| "the script could not be added")?;
    JsFuture::from(loaded).await.map(|_| ()).map_err(|_| {
        "the audit module could not be loaded (offline, or blocked by this page)".into()
    })
}

/// The module's exports, loading and instantiating it the first time.
async fn exports() -> Result<JsValue, String> {
    let global = js_sys::global();
    let ready = READY.with(|ready| ready.borrow().clone());
    let ready = match ready {
        Some(ready) => ready,
        None => {
            if get(&global, GLUE_GLOBAL).is_undefined() {
                let url = super::asset_url(&format!("{NAME}.js")).ok_or("no address")?;
                load_script(&url).await?;
            }
            let init: js_sys::Function = get(&global, GLUE_GLOBAL)
                .dyn_into()
                .map_err(|_| "the audit module did not load")?;
            let inline = get(&global, INLINE_WASM_GLOBAL);
            let source = match inline.dyn_ref::<js_sys::Function>() {
                Some(bytes) => bytes.call0(&JsValue::NULL).unwrap_or(JsValue::NULL),
                None => super::asset_url(&format!("{NAME}_bg.wasm"))
                    .ok_or("no address")?
                    .into(),
            };
            let options = super::engine::object(&[("module_or_path", source)]);
            let ready: js_sys::Promise = init
                .call1(&JsValue::NULL, &options)
                .map_err(|_| "the audit module could not start")?
                .dyn_into()
                .map_err(|_| "the audit module could not start")?;
            READY.with(|slot| *slot.borrow_mut() = Some(ready.clone()));
            ready
        }
    };
    if JsFuture::from(ready).await.is_err() {
        READY.with(|slot| slot.borrow_mut().take());
        return Err("the audit module could not start".into());
    }
    Ok(get(&global, GLUE_GLOBAL))
}

/// Page side: audit `files` in the module, drawn into `container`; `opened(text, note)` is
/// called when someone opens a message of the audit.
pub async fn mount(
    container: web_sys::HtmlElement,
    files: &js_sys::Array,
    in_folder: bool,
    opened: impl Fn(String, String) + 'static,
) -> Result<(), String> {
    let exports = exports().await?;
    let audit: js_sys::Function = get(&exports, "audit")
        .dyn_into()
        .map_err(|_| "the audit module has no entry point")?;
    let opened = Closure::<dyn Fn(String, String)>::new(opened).into_js_value();
    let args = js_sys::Array::of4(&container, files, &in_folder.into(), &opened);
    audit
        .apply(&JsValue::NULL, &args)
        .map(|_| ())
        .map_err(|_| "the audit module failed".into())
}

/// The audit's stylesheet (index.html copies `style/audit.css` next to the app).
const STYLESHEET: &str = "audit.css";

/// Module side: the audit's stylesheet, as the first child of `container` (a `<link>` in the
/// body is allowed, and inside the custom element's shadow root it styles that root). The
/// single-file copy has the rules inline already (and could not fetch them).
pub fn add_stylesheet(container: &web_sys::Element) {
    if !get(&js_sys::global(), INLINE_WASM_GLOBAL).is_undefined() {
        return;
    }
    let Some(href) = super::asset_url(STYLESHEET) else {
        return;
    };
    let link = container
        .owner_document()
        .and_then(|d| d.create_element("link").ok());
    if let Some(link) = link {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", &href);
        let _ = container.append_child(&link);
    }
}

/// `target.method(resolve, reject)` as a future: the callback-style file-system entry API.
async fn callback_call(target: &JsValue, method: &str) -> Option<JsValue> {
    let method: js_sys::Function = get(target, method).dyn_into().ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = method.call2(target, &resolve, &reject);
    });
    JsFuture::from(promise).await.ok()
}

/// Module side: the files under dropped file-system entries, folders walked in name order (a
/// Maildir's `tmp/`, unfinished deliveries, skipped, as the command line does). Each file is
/// named by its path in the drop, like a folder picker's files.
pub async fn files_of_entries(entries: &js_sys::Array) -> js_sys::Array {
    let files = js_sys::Array::new();
    let name = |entry: &JsValue| get(entry, "name").as_string().unwrap_or_default();
    let mut pending: Vec<JsValue> = entries.iter().collect();
    pending.reverse();
    while let Some(entry) = pending.pop() {
        if get(&entry, "isFile").is_truthy() {
            let Some(file) = callback_call(&entry, "file").await else {
                continue;
            };
            let path = get(&entry, "fullPath")
                .as_string()
                .unwrap_or_else(|| name(&entry));
            let named = web_sys::File::new_with_blob_sequence(
                &js_sys::Array::of1(&file),
                path.trim_start_matches('/'),
            );
            files.push(&named.map(JsValue::from).unwrap_or(file));
        } else if get(&entry, "isDirectory").is_truthy() {
            let Some(reader) = get(&entry, "createReader")
                .dyn_into::<js_sys::Function>()
                .ok()
                .and_then(|create| create.call0(&entry).ok())
            else {
                continue;
            };
            // readEntries gives a folder's entries in batches, then an empty one.
            let mut children = Vec::new();
            while let Some(batch) = callback_call(&reader, "readEntries").await {
                let batch = js_sys::Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                children.extend(batch.iter());
            }
            let maildir = children
                .iter()
                .any(|c| matches!(name(c).as_str(), "cur" | "new"));
            children.retain(|c| !(maildir && name(c) == "tmp"));
            children.sort_by_key(|c| std::cmp::Reverse(name(c)));
            pending.extend(children);
        }
    }
    files
}

/// Module side: keep the page's callback.
pub fn set_opener(opened: js_sys::Function) {
    OPENER.with(|slot| *slot.borrow_mut() = Some(opened));
}

/// Module side: show `text` (a message of the audit) in the page's message view, with `note`.
pub fn open_in_page(text: &str, note: &str) {
    OPENER.with(|slot| {
        if let Some(opened) = slot.borrow().as_ref() {
            let _ = opened.call2(&JsValue::NULL, &text.into(), &note.into());
        }
    });
}
