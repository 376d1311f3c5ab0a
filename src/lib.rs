//! hoplock: was this email transmitted with TLS?
//!
//! [`core`] is the pure, sans-IO analysis (`analyze(bytes) -> Report`), compiled and tested
//! natively. [`audit`] runs it over whole mailboxes (the splitter, records and mergeable
//! aggregate are pure too; its file walking is native only). [`ui`] is the thin Leptos shell,
//! compiled only for `wasm32`.
#![forbid(unsafe_code)]

pub mod audit;
pub mod core;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod ui;

pub use crate::core::{Report, analyze};
