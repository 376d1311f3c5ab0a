//! How far the audit is, read from the engine worker's progress messages (a plain object its
//! message loop writes, `engine-worker.js`). The digest and the listings come as JSON of the
//! session's own types (`hoplock::audit::session`), read back with serde.

use wasm_bindgen::JsValue;

use crate::ui::browser::get;

fn num(v: &JsValue, key: &str) -> u64 {
    get(v, key).as_f64().unwrap_or(0.0) as u64
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// How far the audit is.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Progress {
    /// File bytes read (compressed bytes for gzip) and in all.
    pub read: u64,
    pub total: u64,
    pub messages: u64,
    pub elapsed_ms: u64,
    pub file: String,
    pub finished: bool,
    pub cancelled: bool,
}

impl Progress {
    pub fn of(v: &JsValue) -> Progress {
        Progress {
            read: num(v, "read"),
            total: num(v, "total"),
            messages: num(v, "messages"),
            elapsed_ms: num(v, "elapsed"),
            file: text(v, "file"),
            finished: get(v, "final").is_truthy(),
            cancelled: get(v, "cancelled").is_truthy(),
        }
    }
}
