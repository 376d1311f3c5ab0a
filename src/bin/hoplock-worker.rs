//! The engine worker: the mailbox audit and the single message's exports, as a program of its
//! own.
//!
//! wasm32: a module the web app starts in a Web Worker when an audit starts, an export is asked
//! for or an Outlook .msg is dropped (`ui/browser/engine.rs`; its message loop is
//! `ui/browser/engine-worker.js`). It is not part of the page's first download: the audit's
//! session and tables, the JSON writer, the Markdown report and the compound-file reader are
//! fetched only by someone who uses them. It links the library without
//! the web app (`--no-default-features`), so it carries the core, not Leptos.
//!
//! Native: `hoplock-worker FILE…` audits the files through the same [`Session`] the worker runs
//! (streamed in 64 KiB chunks, gzip decompressed on the way, as the browser's
//! `DecompressionStream` does) and prints the digest the page shows, as JSON: the browser's path,
//! checkable without a browser.

use hoplock::audit::mbox::DiagnosticCode;
use hoplock::audit::session::{Kind, Session};
use hoplock::core::export::json;

/// A value as compact-enough JSON (the page parses it with `JSON.parse`).
fn to_json<T: serde::Serialize>(value: &T) -> String {
    json::to_tree(value)
        .map(|tree| json::to_string_pretty(&tree))
        .unwrap_or_else(|_| "null".into())
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::*;
    use hoplock::audit::aggregate::GroupKind;
    use hoplock::core::{Limits, analyze_text, export};
    use wasm_bindgen::prelude::wasm_bindgen;

    fn kind_name(kind: Kind) -> &'static str {
        match kind {
            Kind::Mail => "mail",
            Kind::Gzip => "gzip",
            Kind::OutlookMsg => "outlook-msg",
            Kind::Skipped => "skipped",
        }
    }

    /// An audit in progress, driven by the worker's message loop.
    #[wasm_bindgen]
    pub struct Audit {
        session: Session,
    }

    #[wasm_bindgen]
    impl Audit {
        #[wasm_bindgen(constructor)]
        pub fn new() -> Audit {
            Audit {
                session: Session::new(),
            }
        }

        /// Start the next file; returns what to do with its bytes: `mail` (feed them), `gzip`
        /// (decompress, then feed), `outlook-msg` (feed them: read whole), `skipped`.
        pub fn begin(&mut self, name: &str, first: &[u8], in_folder: bool) -> String {
            kind_name(self.session.begin(name, first, in_folder)).into()
        }

        pub fn feed(&mut self, chunk: &[u8]) {
            self.session.feed(chunk);
        }

        /// The current file could not be read to its end (`decompress` true: damaged gzip).
        pub fn fail(&mut self, decompress: bool) {
            self.session.fail(if decompress {
                DiagnosticCode::DecompressError
            } else {
                DiagnosticCode::ReadError
            });
        }

        pub fn end(&mut self) {
            self.session.end();
        }

        pub fn messages(&self) -> f64 {
            self.session.messages() as f64
        }

        /// The audit so far, as the page shows it (JSON).
        pub fn digest(&self) -> String {
            to_json(&self.session.digest())
        }

        /// The audit as a file: `json` (the command line's `--json`) or `csv` (its `--csv`).
        pub fn export(&self, format: &str, redact: bool) -> String {
            let aggregate = self.session.aggregate(redact);
            match format {
                "csv" => aggregate.domain_csv(),
                _ => to_json(&aggregate) + "\n",
            }
        }

        /// Up to `limit` messages of a domain (`group` "domain") or organisation (JSON:
        /// `{"messages": […], "total": n}`).
        pub fn list(&self, group: &str, key: &str, limit: usize) -> String {
            let group = GroupKind::ALL
                .into_iter()
                .find(|g| g.name() == group)
                .unwrap_or(GroupKind::Domain);
            to_json(&self.session.list(group, key, limit))
        }

        /// Where a message is (JSON `{input, kind, offset, length}`, or `null`).
        pub fn locate(&self, input: u32, offset: f64) -> String {
            to_json(&self.session.locate(input, offset as u64))
        }
    }

    impl Default for Audit {
        fn default() -> Self {
            Self::new()
        }
    }

    /// The transport headers of an Outlook .msg (`undefined` in JavaScript when it has none).
    #[wasm_bindgen]
    pub fn transport_headers(bytes: &[u8]) -> Option<String> {
        hoplock::core::outlook_msg::transport_headers(bytes)
    }

    /// The header text of a message read again from its file ([`hoplock::audit::session::header_text`]).
    #[wasm_bindgen]
    pub fn header_text(bytes: &[u8]) -> String {
        hoplock::audit::session::header_text(bytes)
    }

    /// Encoded words in charsets the core does not decode itself, by the browser's
    /// `TextDecoder` (as the page decodes them: the export is of the report on screen).
    fn decode(charset: &str, bytes: &[u8]) -> Option<String> {
        web_sys::TextDecoder::new_with_label(charset)
            .ok()?
            .decode_with_u8_array(bytes)
            .ok()
    }

    /// The single message's export: `markdown` or `json` of the text's report, redacted on
    /// request.
    #[wasm_bindgen]
    pub fn export_report(text: &str, format: &str, redact: bool) -> String {
        let report = analyze_text(text, &Limits::DEFAULT, decode);
        match format {
            "markdown" => export::to_markdown(&report, redact),
            _ => export::to_json(&report, redact),
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::io::Read;
    use std::process::ExitCode;
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!(
            "usage: hoplock-worker FILE…   (audits the files as the browser does; prints the page's digest as JSON)"
        );
        return ExitCode::from(2);
    }
    let mut session = Session::new();
    for path in &paths {
        let Ok(mut file) = std::fs::File::open(path) else {
            eprintln!("hoplock-worker: cannot read {path}");
            return ExitCode::from(1);
        };
        // As the worker reads a Blob: the first bytes say what the file is, then a stream.
        let mut first = Vec::new();
        let _ = (&mut file).take(4096).read_to_end(&mut first);
        let kind = session.begin(path, &first, false);
        let mut stream: Box<dyn Read> = match kind {
            Kind::Skipped => continue,
            Kind::Gzip => Box::new(flate2::read::MultiGzDecoder::new(
                std::io::Cursor::new(first).chain(file),
            )),
            Kind::Mail | Kind::OutlookMsg => Box::new(std::io::Cursor::new(first).chain(file)),
        };
        let mut chunk = vec![0; 64 * 1024];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => {
                    session.end();
                    break;
                }
                Ok(n) => session.feed(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    session.fail(if kind == Kind::Gzip {
                        DiagnosticCode::DecompressError
                    } else {
                        DiagnosticCode::ReadError
                    });
                    break;
                }
            }
        }
    }
    println!("{}", to_json(&session.digest()));
    ExitCode::SUCCESS
}
