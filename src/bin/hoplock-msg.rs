//! The Outlook .msg reader as a program of its own.
//!
//! wasm32: a module the web app starts in a Web Worker the first time a compound file is dropped
//! (`ui/browser/msg_reader.rs`). The `cfb` reader is thus not part of the page's first download
//! (a .msg is a rare input; the budget is for everyone), and a large file is parsed off the
//! page's thread, where a malformed one cannot stall or break the app.
//!
//! Native: `hoplock-msg FILE.msg` prints the message's transport headers, exactly what the
//! worker hands to the page (`hoplock FILE.msg` analyses them).
//!
//! The reader is the core's own `outlook_msg.rs`, compiled into this program rather than reached
//! through the `hoplock` library: linking the library would link the whole web app into the
//! worker (a wasm binary keeps every `#[wasm_bindgen]` export of the crates it links, and the
//! library exports the app's entry points), 173 KB gzip instead of the reader's few.

#[path = "../core/outlook_msg.rs"]
#[allow(dead_code)] // build_msg: used by the core's tests, not here
mod outlook_msg;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::wasm_bindgen;

/// The transport headers of an Outlook .msg (`undefined` in JavaScript when there are none).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn transport_headers(bytes: &[u8]) -> Option<String> {
    outlook_msg::transport_headers(bytes)
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::process::ExitCode;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("usage: hoplock-msg FILE.msg   (prints the Outlook message's transport headers)");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("hoplock-msg: {path}: {error}");
            return ExitCode::from(2);
        }
    };
    match outlook_msg::transport_headers(&bytes) {
        Some(headers) => {
            print!("{headers}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!(
                "hoplock-msg: {path}: not an Outlook message with stored Internet headers (drafts and sent items have none)"
            );
            ExitCode::FAILURE
        }
    }
}
