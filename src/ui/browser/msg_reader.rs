//! Outlook .msg files are read by a wasm module of their own (`src/bin/hoplock-msg.rs`, the
//! `cfb` compound-file reader) in a Web Worker started for each file: the reader is fetched only
//! when someone drops a .msg, so it is not part of the page's first download, and a large or
//! malformed file is parsed off the page's thread.
//!
//! The worker is made from a `blob:` URL whose script loads the reader ([`super::worker_loader`]):
//! * hosted page, iframe, custom element: `importScripts` of `hoplock-msg.js` and its `.wasm`,
//!   found next to the app (the custom element says where through `__hoplockBase`, set from
//!   its own `import.meta.url`; otherwise the document's base URL);
//! * the single-file `hoplock.html` (opened from disk, where nothing can be fetched): the glue and
//!   the wasm (base64) are inlined in `<script type="text/plain" id="hoplock-msg-reader">`
//!   (tools/postbuild.py).
//!
//! A `blob:` worker runs under the page's Content-Security-Policy (`worker-src blob:`).
//! What crosses to the worker is the dropped file; what comes back is its header text.

use super::get;
use wasm_bindgen_futures::JsFuture;

/// Element of the single-file copy holding the reader's glue and wasm.
const INLINE_READER_ID: &str = "hoplock-msg-reader";
/// How long the reader may take before the page gives up on it (a real .msg takes milliseconds;
/// this only bounds a file built to make the reader loop).
const TIMEOUT_MS: i32 = 20_000;
/// The worker's message handler, after the loading part has defined `ready` (the reader's
/// instantiation promise) and `wasm_bindgen` (its exports). Replies `{headers}` (a string, or
/// null when the file holds none) or `{error}`.
const WORKER_MAIN: &str = "onmessage=async(e)=>{try{await ready;postMessage({headers:wasm_bindgen.transport_headers(new Uint8Array(await e.data.arrayBuffer()))??null})}catch(x){postMessage({error:String(x)})}};";

/// The transport headers of the Outlook message in `file`: `Ok(None)` when it has none (drafts,
/// sent items), `Err(reason)` when the reader could not run (not loadable offline, refused by
/// the page's policy, or it failed on the file).
pub async fn transport_headers(file: &web_sys::Blob) -> Result<Option<String>, String> {
    let source = super::worker_loader(INLINE_READER_ID, "hoplock-msg", &[])
        .ok_or("the Outlook reader was not found")?
        + WORKER_MAIN;
    let (worker, url) = super::start_worker(&source)
        .map_err(|_| "the Outlook reader could not be started".to_string())?;
    // The first message, error or timeout settles the promise; the worker then goes.
    let settled = js_sys::Promise::new(&mut |resolve, reject| {
        worker.set_onmessage(Some(&resolve));
        worker.set_onerror(Some(&reject));
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&reject, TIMEOUT_MS);
        }
    });
    let _ = worker.post_message(file);
    let reply = JsFuture::from(settled).await;
    worker.terminate();
    let reply = reply.map_err(|reason| {
        if reason.is_undefined() {
            format!(
                "the Outlook reader gave no answer within {} seconds",
                TIMEOUT_MS / 1000
            )
        } else {
            "the Outlook reader could not be loaded (offline, or blocked by this page)".to_string()
        }
    });
    let _ = web_sys::Url::revoke_object_url(&url);
    let data = get(&reply?, "data");
    match get(&data, "error").as_string() {
        Some(error) => Err(format!("the Outlook reader failed ({error})")),
        None => Ok(get(&data, "headers").as_string()),
    }
}
