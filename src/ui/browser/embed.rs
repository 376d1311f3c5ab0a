//! How the page was loaded, and what that changes: the hosted page registers the service worker,
//! `?embed` (an iframe in a knowledge base) gets the compact layout and reports its height to the
//! parent, a copy opened from disk does neither, and `<hoplock-analyzer>` mounts into its own
//! shadow root instead of the host page.
//!
//! Privacy: the only thing this module ever sends out of the page is the iframe's height (a
//! number) to the embedding parent. Header text never leaves the app.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// How this copy of the page is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The hosted page over http(s): full layout, service worker for offline use.
    Hosted,
    /// `?embed` in the URL: compact layout for an iframe, height reported to the parent.
    Embed,
    /// Opened from disk (`file://`, e.g. the single-file `hoplock.html`): no service worker
    /// (browsers refuse them there).
    File,
    /// Loaded by `hoplock-analyzer.js`: the custom element calls [`mount_into`] itself.
    Element,
}

/// Global set by `hoplock-analyzer.js` before it starts the wasm.
const ELEMENT_FLAG: &str = "__hoplockNoAutoMount";
/// `postMessage` type of the height report (`{ type, height }`) to an embedding parent.
pub const HEIGHT_MESSAGE: &str = "hoplock:height";

/// Decide the mode from the URL's protocol (`https:`), query (`?embed`, `?a=1&embed=1`) and
/// whether the custom element started us.
pub fn mode_for(protocol: &str, search: &str, started_by_element: bool) -> Mode {
    let embed = search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair == "embed" || pair.starts_with("embed="));
    if started_by_element {
        Mode::Element
    } else if embed {
        Mode::Embed
    } else if protocol == "file:" {
        Mode::File
    } else {
        Mode::Hosted
    }
}

/// The mode of the running page.
pub fn mode() -> Mode {
    let global = js_sys::global();
    let started_by_element = js_sys::Reflect::get(&global, &ELEMENT_FLAG.into())
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    let location = web_sys::window().map(|w| w.location());
    let protocol = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .unwrap_or_default();
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    mode_for(&protocol, &search, started_by_element)
}

/// Entry point of the wasm binary: mount the app the way the mode asks for.
pub fn start() {
    match mode() {
        Mode::Element => {}
        Mode::Embed => {
            mark_document_embedded();
            crate::ui::mount();
            report_height_to_parent();
        }
        Mode::File => crate::ui::mount(),
        Mode::Hosted => {
            crate::ui::mount();
            register_service_worker();
        }
    }
}

/// Mount the app into `host` (the custom element's shadow root container). Called from
/// `hoplock-analyzer.js` after the wasm has started.
#[cfg(feature = "page")]
#[wasm_bindgen(js_name = mountInto)]
pub fn mount_into(host: web_sys::HtmlElement) {
    leptos::mount::mount_to(host, crate::ui::App).forget();
}

fn document_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// `<html data-embed>`: style/embed.css keys the compact layout on it.
fn mark_document_embedded() {
    if let Some(html) = document_element() {
        let _ = html.set_attribute("data-embed", "");
    }
}

/// Post `{ type: "hoplock:height", height }` to the parent whenever the page's height changes,
/// so a host page can size the iframe to fit (snippet in README.md).
fn report_height_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return; // not framed
    }
    let measured = body.clone();
    let post = Closure::<dyn FnMut()>::new(move || {
        let height = measured.get_bounding_client_rect().height().ceil();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        // "*": the message carries only a number, and the embedding origin is not known to us.
        let _ = parent.post_message(&message, "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(post.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    post.forget(); // lives as long as the page
}

/// Cache the page's own files so the hosted page also works offline after one visit. Only in a
/// secure context with service-worker support (http://127.0.0.1 counts; file:// does not).
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let supported = window.is_secure_context()
        && js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !supported {
        return;
    }
    let registration = navigator.service_worker().register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        // A failed registration only costs offline use; the page itself works regardless.
        let _ = wasm_bindgen_futures::JsFuture::from(registration).await;
    });
}
