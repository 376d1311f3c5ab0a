//! The engine worker (`src/bin/hoplock-worker.rs`, message loop `engine-worker.js`): the
//! mailbox audit and the single message's exports run there, off the page's thread and outside
//! the page's first download. It is started the first time one of them is asked for, and
//! loaded like the .msg reader ([`super::worker_loader`]: next to the app, or inlined in the
//! single-file copy).
//!
//! One engine at a time: a new audit replaces the worker (and its memory) with a fresh one; the
//! exports, the Outlook .msg reader and the audit's questions (a domain's messages, a message
//! read again) go to the current one. What crosses to the worker is the files and the pasted
//! text; what comes back is text (the digest as JSON, an export, a header section).
//!
//! A request's error is a predicate its caller gives a subject ("the Outlook reader …"):
//! [`NOT_LOADED`], "failed (…)" or "was stopped".

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

use super::get;

/// Element of the single-file copy holding the engine's glue and wasm (tools/postbuild.py).
const INLINE_ID: &str = "hoplock-worker-engine";
/// Trunk's worker build of `src/bin/hoplock-worker.rs`.
const NAME: &str = "hoplock-worker";
/// The worker's message loop, a file of its own next to the glue (index.html copies it; the
/// single-file copy inlines it after the glue).
const MESSAGE_LOOP: &str = "engine-worker.js";

type Handler = Rc<dyn Fn(JsValue)>;

/// Why a request failed when the worker could not start.
pub const NOT_LOADED: &str = "could not be loaded (offline, or blocked by this page)";

struct Engine {
    worker: web_sys::Worker,
    script_url: String,
    next_id: u32,
    /// Requests waiting for their reply: id, resolve, reject.
    pending: Vec<(u32, js_sys::Function, js_sys::Function)>,
    /// Where the audit's progress goes.
    on_audit: Option<Handler>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Engine {
    /// Fail every waiting request with `reason`.
    fn reject_all(&mut self, reason: &str) {
        for (_, _, reject) in self.pending.drain(..) {
            let _ = reject.call1(&JsValue::NULL, &reason.into());
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.worker.terminate();
        let _ = web_sys::Url::revoke_object_url(&self.script_url);
        self.reject_all("was stopped");
    }
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

fn on_message(event: web_sys::MessageEvent) {
    let data = event.data();
    let id = get(&data, "id").as_f64();
    // Taken out of the engine first, called after: a handler may ask the engine again.
    let (reply, audit) = ENGINE.with(|engine| {
        let mut engine = engine.borrow_mut();
        let Some(engine) = engine.as_mut() else {
            return (None, None);
        };
        match id {
            Some(id) => {
                let at = engine
                    .pending
                    .iter()
                    .position(|(p, _, _)| f64::from(*p) == id);
                let reply = at.map(|at| {
                    let (_, resolve, reject) = engine.pending.remove(at);
                    match get(&data, "error").as_string() {
                        None => (resolve, get(&data, "reply")),
                        Some(error) => (reject, format!("failed ({error})").into()),
                    }
                });
                (reply, None)
            }
            None => (None, engine.on_audit.clone()),
        }
    });
    if let Some((settle, value)) = reply {
        let _ = settle.call1(&JsValue::NULL, &value);
    }
    if let Some(handler) = audit {
        handler(data);
    }
}

/// The worker could not load (offline hosted page, a blocked script) or broke: every waiting
/// request fails, the audit hears it, and the next request starts a fresh worker.
fn on_error(_: JsValue) {
    let stopped = ENGINE.with(|engine| engine.borrow_mut().take());
    if let Some(mut engine) = stopped {
        engine.reject_all(NOT_LOADED);
        if let Some(handler) = engine.on_audit.clone() {
            let failed = object(&[("failed", format!("the audit engine {NOT_LOADED}").into())]);
            handler(failed.into());
        }
    }
}

fn start() -> Result<Engine, String> {
    let source =
        super::worker_loader(INLINE_ID, NAME, &[MESSAGE_LOOP]).ok_or("the engine was not found")?;
    let (worker, script_url) = super::start_worker(&source)?;
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
    let on_error = Closure::<dyn FnMut(JsValue)>::new(on_error);
    worker.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(
        on_message.as_ref(),
    )));
    worker.set_onerror(Some(wasm_bindgen::JsCast::unchecked_ref(on_error.as_ref())));
    Ok(Engine {
        worker,
        script_url,
        next_id: 1,
        pending: Vec::new(),
        on_audit: None,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// `{key: value, …}` for a message to the worker.
pub fn object(fields: &[(&str, JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), value);
    }
    object
}

/// Ask the engine (`request` is one of the calls `engine-worker.js` lists) and wait for its
/// text reply. Starts the engine when none runs. The error is a predicate (module doc).
pub async fn call(request: js_sys::Object) -> Result<String, String> {
    let promise = ENGINE.with(|slot| -> Result<js_sys::Promise, String> {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(start().map_err(|_| NOT_LOADED.to_string())?);
        }
        let engine = slot.as_mut().expect("started above");
        let id = engine.next_id;
        engine.next_id += 1;
        let _ = js_sys::Reflect::set(&request, &"id".into(), &id.into());
        let mut settle = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
        if let Some((resolve, reject)) = settle {
            engine.pending.push((id, resolve, reject));
        }
        engine
            .worker
            .post_message(&request)
            .map_err(|_| "failed (the request could not be sent)".to_string())?;
        Ok(promise)
    })?;
    JsFuture::from(promise)
        .await
        .map(|reply| reply.as_string().unwrap_or_default())
        .map_err(|why| why.as_string().unwrap_or_else(|| "failed".into()))
}

/// Start an audit of `files` in a fresh engine; `on_event` gets each `{progress, digest}`
/// (the last one with `progress.final`) or `{failed}`.
pub fn start_audit(
    files: &js_sys::Array,
    in_folder: bool,
    on_event: impl Fn(JsValue) + 'static,
) -> Result<(), String> {
    // The old engine (if any) goes first: its memory is freed before the new audit grows.
    let old = ENGINE.with(|slot| slot.borrow_mut().take());
    drop(old);
    let mut engine = start()?;
    engine.on_audit = Some(Rc::new(on_event));
    let audit = object(&[("files", files.into()), ("folder", in_folder.into())]);
    engine
        .worker
        .post_message(&object(&[("audit", audit.into())]))
        .map_err(|_| "the files could not be handed to the engine".to_string())?;
    ENGINE.with(|slot| *slot.borrow_mut() = Some(engine));
    Ok(())
}

/// Stop the running audit after the chunk in hand (its results so far stay).
pub fn cancel_audit() {
    ENGINE.with(|slot| {
        if let Some(engine) = slot.borrow().as_ref() {
            let _ = engine
                .worker
                .post_message(&object(&[("cancel", true.into())]));
        }
    });
}
